package sessions

import (
	"errors"
	"strings"
	"testing"

	"totalplace/model"
)

// consentWorkshop is the small place with a facilitator ("you"), a
// partner for the council, one for the NHS and an observer.
func consentWorkshop(t *testing.T) (*Session, string) {
	t.Helper()
	s, dir := newSolo(t)
	for _, p := range []Participant{
		{ID: "cat", Name: "Cat", Agency: "council", Role: RolePartner},
		{ID: "nia", Name: "Nia", Agency: "nhs", Role: RolePartner},
		{ID: "obs", Name: "Olu", Role: RoleObserver},
	} {
		if err := s.Join(p); err != nil {
			t.Fatal(err)
		}
	}
	return s, dir
}

func lastEvent(s *Session) Event {
	h := s.State().History
	return h[len(h)-1]
}

func TestPartnersMoveTheirOwnMoneyAndProposeOthers(t *testing.T) {
	s, dir := consentWorkshop(t)
	// Out of the council's own silo: made at once.
	mustDo(t, s, "cat", mv("other", "youth", 1e6))
	if ev := lastEvent(s); ev.Kind != KindMove || len(s.State().Scenario.Moves) != 1 {
		t.Fatalf("a partner's move of their own money: %s, %d moves", ev.Kind, len(s.State().Scenario.Moves))
	}
	// Out of the NHS's silo: a proposal, and no money moves.
	mustDo(t, s, "cat", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 5e6}, Why: "prevention pays"})
	st := s.State()
	prop := lastEvent(s)
	if prop.Kind != KindPropose || len(st.Scenario.Moves) != 1 {
		t.Fatalf("a move of another agency's money: %s, %d moves", prop.Kind, len(st.Scenario.Moves))
	}
	open := st.OpenProposals()
	if len(open) != 1 || open[0].Agency != "nhs" || open[0].By != "cat" || open[0].Why != "prevention pays" {
		t.Fatalf("open proposals %+v", open)
	}
	// Only the NHS (or the facilitator) answers it, and only they are asked.
	if len(st.ProposalsFor("nia")) != 1 || len(st.ProposalsFor("you")) != 1 || len(st.ProposalsFor("cat")) != 0 || len(st.ProposalsFor("obs")) != 0 {
		t.Fatalf("who is asked: nia %d, you %d, cat %d, obs %d", len(st.ProposalsFor("nia")), len(st.ProposalsFor("you")), len(st.ProposalsFor("cat")), len(st.ProposalsFor("obs")))
	}
	if err := s.Do("cat", AnswerProposal{Proposal: prop.Seq, Agree: true}); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "needs NHS's answer") {
		t.Fatalf("the proposer agreeing to their own proposal: %v", err)
	}
	mustDo(t, s, "nia", AnswerProposal{Proposal: prop.Seq, Agree: true})
	st = s.State()
	agree := lastEvent(s)
	if agree.Kind != KindAgree || agree.Move == nil || agree.Move.From != "acute" || agree.MoveNumber != 2 || agree.Why != "prevention pays" {
		t.Fatalf("the agree event %+v", agree)
	}
	if len(st.Scenario.Moves) != 2 || st.Applied[1] != agree.Seq || st.Proposals[0].Status != ProposalAgreed || st.Proposals[0].AnsweredBy != "nia" {
		t.Fatalf("after agreeing: %d moves, applied %v, proposal %+v", len(st.Scenario.Moves), st.Applied, st.Proposals[0])
	}
	if err := s.Do("nia", AnswerProposal{Proposal: prop.Seq, Agree: false}); err == nil || !strings.Contains(err.Error(), "agreed already") {
		t.Fatalf("answering twice: %v", err)
	}
	// The council cannot undo the NHS's money away; the NHS can.
	if err := s.Do("cat", Undo{}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("the council undoing the agreed NHS move: %v", err)
	}
	mustDo(t, s, "nia", Undo{})
	mustDo(t, s, "nia", Redo{})
	// Declined: nothing moves.
	mustDo(t, s, "cat", mv("acute", "youth", 2e6))
	second := lastEvent(s)
	mustDo(t, s, "nia", AnswerProposal{Proposal: second.Seq, Agree: false, Why: "not this year"})
	if st := s.State(); len(st.Scenario.Moves) != 2 || st.Proposals[1].Status != ProposalDeclined || lastEvent(s).Why != "not this year" {
		t.Fatalf("after declining: %d moves, proposal %+v", len(st.Scenario.Moves), st.Proposals[1])
	}
	// Replay gives the same state.
	want := s.State()
	sameState(t, reopen(t, s, dir).State(), want)
}

func TestAProposalIsCheckedAgainWhenAgreed(t *testing.T) {
	s, _ := consentWorkshop(t)
	// Acute care can give £40m; the council proposes all of it.
	mustDo(t, s, "cat", mv("acute", "prevention", 40e6))
	prop := lastEvent(s)
	// Meanwhile the facilitator moves £10m of it elsewhere.
	mustDo(t, s, "you", mv("acute", "youth", 10e6))
	err := s.Do("nia", AnswerProposal{Proposal: prop.Seq, Agree: true})
	if asMoveError(err) == nil || !strings.Contains(err.Error(), "changed since it was proposed") {
		t.Fatalf("agreeing to a proposal the allocation no longer fits: %v", err)
	}
	if st := s.State(); st.Proposals[0].Status != ProposalOpen || len(st.Scenario.Moves) != 1 {
		t.Fatalf("a refused agreement changed something: %+v", st.Proposals[0])
	}
	// A proposal the allocation cannot take now is refused at once.
	if err := s.Do("cat", mv("acute", "prevention", 45e6)); asMoveError(err) == nil {
		t.Fatalf("proposing more than can move: %v", err)
	}
}

func TestRolesAndFreeMode(t *testing.T) {
	s, _ := consentWorkshop(t)
	mustDo(t, s, "you", SaveScenario{Name: "start"})
	before := fileSize(t, s.Path())
	for _, c := range []struct {
		who  string
		cmd  Command
		want string
	}{
		{"obs", mv("other", "youth", 1e6), "Olu is an observer"},
		{"obs", SaveScenario{Name: "mine"}, "observer"},
		{"cat", SwitchScenario{Name: "start"}, "only the facilitator"},
		{"cat", TogglePool{Pool: "young"}, "only the facilitator"},
		{"cat", SetConsent{On: false}, "only the facilitator"},
	} {
		err := s.Do(c.who, c.cmd)
		if !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %T: %v, want %q", c.who, c.cmd, err, c.want)
		}
	}
	if fileSize(t, s.Path()) != before {
		t.Fatal("a refused command was journaled")
	}
	// Free mode: partners move any money; consent on again, they propose.
	mustDo(t, s, "you", SetConsent{On: false})
	mustDo(t, s, "cat", mv("acute", "prevention", 1e6))
	if ev := lastEvent(s); ev.Kind != KindMove || s.State().Consent {
		t.Fatalf("in free mode: %s", ev.Kind)
	}
	mustDo(t, s, "you", SetConsent{On: true})
	mustDo(t, s, "cat", mv("acute", "prevention", 1e6))
	if ev := lastEvent(s); ev.Kind != KindPropose || !s.State().Consent {
		t.Fatalf("with consent on again: %s", ev.Kind)
	}
	// A move's reason is its maker's to give.
	var moveSeq uint64
	for _, ev := range s.State().History {
		if ev.Kind == KindMove && ev.Who == "cat" {
			moveSeq = ev.Seq
		}
	}
	if err := s.Do("nia", SetRationale{Seq: moveSeq, Why: "hers"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a reason for someone else's move: %v", err)
	}
	mustDo(t, s, "cat", SetRationale{Seq: moveSeq, Why: "mine"})
}
