package sessions

import (
	"errors"
	"math"
	"strings"
	"testing"

	"totalplace/model"
)

// workshop is smallPlace with a facilitator, a partner for the NHS, one
// for the council, and an observer.
func workshop(t *testing.T) (*Session, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Create(dir, "small", smallPlace(), Participant{ID: "fran", Name: "Fran", Role: RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, p := range []Participant{
		{ID: "nia", Name: "Nia", Agency: "nhs"},
		{ID: "cat", Name: "Cat", Agency: "council"},
		{ID: "obi", Name: "Obi", Role: RoleObserver},
	} {
		if err := s.Join(p); err != nil {
			t.Fatal(err)
		}
	}
	return s, dir
}

// refused fails unless who's command is refused with an error that is
// want (when not nil) and says says.
func refused(t *testing.T, s *Session, who string, cmd Command, want error, says string) {
	t.Helper()
	v := s.State().Version
	err := s.Do(who, cmd)
	if err == nil || (want != nil && !errors.Is(err, want)) || !strings.Contains(err.Error(), says) {
		t.Errorf("%s %#v: %v; want %v saying %q", who, cmd, err, want, says)
	}
	if s.State().Version != v {
		t.Errorf("%s %#v was refused but recorded", who, cmd)
	}
}

func TestPriorities(t *testing.T) {
	s, dir := workshop(t)
	refused(t, s, "nia", SetPriorities{Points: map[string]int{"neet": 9}}, nil, "9 points given: spread exactly 10")
	refused(t, s, "nia", SetPriorities{Points: map[string]int{"neet": 11, "crime": -1}}, nil, `no outcome "crime": expected one of neet`)
	refused(t, s, "obi", SetPriorities{Points: map[string]int{"neet": 10}}, ErrNotAllowed, "observer")
	refused(t, s, "cat", SetPriorities{Points: map[string]int{"neet": 10}, Panel: "Residents"}, ErrNotAllowed, "community panel")
	refused(t, s, "cat", ShowPriorities{Shown: false}, ErrNotAllowed, "only the facilitator")

	if s.State().CombinedPriorities() != nil {
		t.Error("priorities before anyone gave any")
	}
	mustDo(t, s, "nia", SetPriorities{Points: map[string]int{"neet": 10}})
	mustDo(t, s, "cat", SetPriorities{Points: map[string]int{"neet": 10}})
	mustDo(t, s, "fran", SetPriorities{Points: map[string]int{"neet": 10}, Panel: "Residents' panel"})
	mustDo(t, s, "nia", SetPriorities{Points: map[string]int{"neet": 10}}) // again: replaces Nia's
	st := s.State()
	if len(st.Priorities) != 3 {
		t.Fatalf("%d votes kept, want 3 (Nia's second replaces her first)", len(st.Priorities))
	}
	if w := st.CombinedPriorities()["neet"]; math.Abs(w-1) > 1e-12 {
		t.Errorf("combined weight of the only outcome %g, want 1", w)
	}
	mustDo(t, s, "fran", ShowPriorities{Shown: false})
	if !s.State().PrioritiesHidden {
		t.Error("priorities not hidden")
	}
	s2 := reopen(t, s, dir)
	if st2 := s2.State(); len(st2.Priorities) != 3 || !st2.PrioritiesHidden || st2.Priorities[1].Panel != "Residents' panel" {
		t.Errorf("after a restart: %+v hidden %v", st2.Priorities, st2.PrioritiesHidden)
	}
}

func TestGainShares(t *testing.T) {
	s, dir := workshop(t)
	terms := GainShareTerms{Saver: "dwp", Investor: "council", Share: 0.5, Years: 5}
	refused(t, s, "cat", AgreeGainShare{GainShareTerms: terms}, ErrNotAllowed, "only DWP (or the facilitator) may agree it")
	bad := []struct {
		t    GainShareTerms
		says string
	}{
		{GainShareTerms{Saver: "dwp", Investor: "dwp", Share: 0.5, Years: 5}, "the saver and the investor are the same"},
		{GainShareTerms{Saver: "dwp", Investor: "police", Share: 0.5, Years: 5}, "both must be agencies of Small"},
		{GainShareTerms{Saver: "dwp", Investor: "council", Share: 0, Years: 5}, "expected more than 0% and at most 100%"},
		{GainShareTerms{Saver: "dwp", Investor: "council", Share: 1.5, Years: 5}, "expected more than 0% and at most 100%"},
		{GainShareTerms{Saver: "dwp", Investor: "council", Share: math.NaN(), Years: 5}, "expected more than 0%"},
		{GainShareTerms{Saver: "dwp", Investor: "council", Share: 0.5, Years: 0}, "expected 1 to 30"},
	}
	for _, b := range bad {
		refused(t, s, "fran", AgreeGainShare{GainShareTerms: b.t}, nil, b.says)
	}
	mustDo(t, s, "fran", AgreeGainShare{GainShareTerms: terms, Why: "DWP saves on benefits when young people find work"})
	mustDo(t, s, "nia", AgreeGainShare{GainShareTerms: GainShareTerms{Saver: "nhs", Investor: "council", Share: 0.25, Years: 3}})
	// Between the same two agencies the shares add up, to all at most.
	refused(t, s, "nia", AgreeGainShare{GainShareTerms: GainShareTerms{Saver: "nhs", Investor: "council", Share: 0.8, Years: 3}}, ErrNotAllowed, "would return 105% of its savings")
	st := s.State()
	if len(st.GainShares) != 2 || st.GainShares[0].Share != 0.5 || st.GainShares[1].By != "nia" {
		t.Fatalf("gain-shares %+v", st.GainShares)
	}
	first := st.GainShares[0].Seq
	refused(t, s, "nia", EndGainShare{Seq: first}, ErrNotAllowed, "only the two agencies")
	refused(t, s, "fran", EndGainShare{Seq: 1}, nil, "no gain-share agreement is event 1")
	mustDo(t, s, "cat", EndGainShare{Seq: first}) // the investor may end it
	s2 := reopen(t, s, dir)
	if gs := s2.State().GainShares; len(gs) != 1 || gs[0].Saver != "nhs" {
		t.Errorf("after a restart: %+v", gs)
	}
}

func TestAsksOfTheCentre(t *testing.T) {
	s, dir := workshop(t)
	// The pension is an entitlement: moving it locally is refused, and
	// asking for it is what the centre would have to allow.
	pension := model.Move{From: "pension", To: "prevention", Amount: 2e6}
	if err := s.Do("fran", MoveMoney{Move: pension}); err == nil {
		t.Fatal("the place moved an entitlement")
	}
	mustDo(t, s, "cat", RecordAsk{Move: pension, Why: "pay for employment support from benefit savings"})
	// Acute care's fixed part is ring-fenced: £40m can move, not £45m.
	mustDo(t, s, "nia", RecordAsk{Move: model.Move{From: "acute", To: "prevention", Amount: 45e6}})
	refused(t, s, "cat", RecordAsk{Move: model.Move{From: "youth", To: "prevention", Amount: 1e6}}, ErrNotAnAsk, "make it, rather than ask the centre")
	refused(t, s, "cat", RecordAsk{Move: model.Move{From: "nowhere", To: "prevention", Amount: 1e6}}, nil, "nowhere")
	refused(t, s, "obi", RecordAsk{Move: pension}, ErrNotAllowed, "observer")
	s2 := reopen(t, s, dir)
	if asks := s2.State().Asks; len(asks) != 2 || asks[0].Move.From != "pension" || asks[0].Move.Amount != 2e6 || asks[0].By != "cat" || asks[1].Move.Amount != 45e6 {
		t.Errorf("asks after a restart: %+v", asks)
	}
}

func TestSignOffAndReasons(t *testing.T) {
	s, dir := workshop(t)
	refused(t, s, "nia", SignOff{Agreed: true}, ErrNotAllowed, "signed off in the Plan stage")
	refused(t, s, "cat", RequireReasons{On: true}, ErrNotAllowed, "only the facilitator may require reasons")
	mustDo(t, s, "fran", RequireReasons{On: true})
	// Reasons are asked for in the Plan stage only.
	mustDo(t, s, "cat", mv("youth", "prevention", 1e6))
	mustDo(t, s, "fran", SetStage{Stage: StagePlan})
	mustDo(t, s, "fran", Freeze{On: false}) // moves reopened in Plan
	refused(t, s, "cat", mv("youth", "prevention", 1e6), ErrReasonRequired, "say why")
	refused(t, s, "fran", mv("youth", "prevention", 1e6), ErrReasonRequired, "say why")
	mustDo(t, s, "cat", MoveMoney{Move: model.Move{From: "youth", To: "prevention", Amount: 1e6}, Why: "early help"})
	// A proposal and its agreement need reasons too.
	refused(t, s, "cat", mv("acute", "prevention", 1e6), ErrReasonRequired, "say why")
	ev, err := s.Apply("cat", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 1e6}, Why: "falls prevention"})
	if err != nil || ev.Kind != KindPropose {
		t.Fatalf("proposal: %v %v", ev.Kind, err)
	}
	refused(t, s, "nia", AnswerProposal{Proposal: ev.Seq, Agree: true}, ErrReasonRequired, "say why")
	mustDo(t, s, "nia", AnswerProposal{Proposal: ev.Seq, Agree: true, Why: "fewer admissions"})
	// Declining needs no reason.
	ev2, _ := s.Apply("cat", MoveMoney{Move: model.Move{From: "acute", To: "youth", Amount: 1e6}, Why: "youth work"})
	mustDo(t, s, "nia", AnswerProposal{Proposal: ev2.Seq})

	mustDo(t, s, "nia", SignOff{Agreed: false, Comment: "not until the ICB board has seen it"})
	mustDo(t, s, "nia", SignOff{Agreed: true, Comment: "board agreed"})
	mustDo(t, s, "cat", SignOff{Agreed: true})
	refused(t, s, "obi", SignOff{Agreed: true}, ErrNotAllowed, "observer")
	// A sign-off is to the plan as it was: a later move changes it.
	mark := s.State().SignOffs[1].Seq
	if s.State().ChangedSince(mark) {
		t.Error("a sign-off counted as before a change when nothing changed since")
	}
	mustDo(t, s, "cat", MoveMoney{Move: model.Move{From: "youth", To: "prevention", Amount: 1e5}, Why: "one more"})
	if !s.State().ChangedSince(mark) {
		t.Error("a move after the sign-off did not count as a change to the plan")
	}
	s2 := reopen(t, s, dir)
	st := s2.State()
	if len(st.SignOffs) != 2 || st.SignOffs[0].Who != "nia" || !st.SignOffs[0].Agreed || st.SignOffs[0].Comment != "board agreed" || !st.ReasonsRequired {
		t.Errorf("after a restart: sign-offs %+v, reasons required %v", st.SignOffs, st.ReasonsRequired)
	}
}

// Every vote counts once, its points as shares of ten, averaged: two
// votes, 10/0 and 4/6, weigh the outcomes 0.7 and 0.3.
func TestCombinedPriorities(t *testing.T) {
	st := &State{Priorities: []PriorityVote{
		{By: "a", Points: map[string]int{"neet": 10}},
		{By: "b", Points: map[string]int{"neet": 4, "crime": 6}},
	}}
	w := st.CombinedPriorities()
	if math.Abs(w["neet"]-0.7) > 1e-12 || math.Abs(w["crime"]-0.3) > 1e-12 || len(w) != 2 {
		t.Errorf("combined %v, want neet 0.7 and crime 0.3", w)
	}
}
