package sessions

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"totalplace/model"
)

// An event too big for the reader is refused before it is written: the
// state, the file and the session's usability are as they were.
func TestOversizedEventRefusedChangesNothing(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	before, size := s.State(), fileSize(t, s.Path())
	// Past Join's own checks, straight to record, as any future event kind
	// with unbounded text would be.
	s.mu.Lock()
	err := s.record(Event{Who: "amy", Kind: KindJoin, Participant: &Participant{ID: "amy", Name: strings.Repeat("A", maxRecord), Role: RolePartner}})
	s.mu.Unlock()
	if err == nil || !strings.Contains(err.Error(), "too big") {
		t.Fatalf("oversized event: %v", err)
	}
	if s.State() != before {
		t.Fatal("refused event changed the state")
	}
	if got := fileSize(t, s.Path()); got != size {
		t.Fatalf("refused event changed the journal: %d bytes, was %d", got, size)
	}
	mustDo(t, s, "you", Undo{})
	want := s.State()
	sameState(t, reopen(t, s, dir).State(), want)
}

// A start record too big to read back fails Create and leaves no journal.
func TestCreateRefusesOversizedStart(t *testing.T) {
	dir := t.TempDir()
	if _, err := Create(dir, strings.Repeat("p", maxRecord), smallPlace(), Participant{}); err == nil {
		t.Fatal("Create accepted a start record the reader cannot read")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("refused Create left %v", ents)
	}
}

// Latest reads as far as the longest start record Create can write.
func TestLatestFindsLargeStartRecord(t *testing.T) {
	dir := t.TempDir()
	ref := strings.Repeat("p", maxRecord-1000)
	s, err := Create(dir, ref, smallPlace(), Participant{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustDo(t, s, "you", mv("acute", "youth", 1e6)) // a session without changes is never offered
	if id, err := Latest(dir); err != nil || id != s.ID() {
		t.Fatalf("Latest = %q, %v; want %q", id, err, s.ID())
	}
	if infos, err := List(dir); err != nil || len(infos) != 1 || infos[0].Place != ref {
		t.Fatalf("List = %d sessions, %v", len(infos), err)
	}
}

func TestJoinCleansParticipant(t *testing.T) {
	s, dir := newSolo(t)
	if err := s.Join(Participant{ID: " amy\n", Name: "Amy \t Jones", Agency: " NHS\r\nTrust ", Role: " observer "}); err != nil {
		t.Fatal(err)
	}
	want := Participant{ID: "amy", Name: "Amy Jones", Agency: "NHS Trust", Role: RoleObserver}
	if p, ok := s.State().Participant("amy"); !ok || p != want {
		t.Fatalf("joined as %+v, want %+v", p, want)
	}
	// Commands name the participant by the same, normalised, ID.
	if err := s.Do(" amy ", mv("acute", "prevention", 1e5)); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "observer") {
		t.Fatalf("observer amy's move: %v", err)
	}
	long := strings.Repeat("x", MaxName+1)
	for _, p := range []Participant{
		{ID: long}, {ID: "bo", Name: long}, {ID: "bo", Agency: long}, {ID: " \n "}, {ID: "bo", Role: "boss"},
	} {
		if err := s.Join(p); err == nil {
			t.Errorf("Join(%.40s…) accepted", fmt.Sprintf("%+v", p))
		}
	}
	if _, err := Create(t.TempDir(), "small", smallPlace(), Participant{Name: long}); err == nil {
		t.Error("Create accepted a name longer than the limit")
	}
	want2 := s.State()
	if want2.Version != 2 {
		t.Fatalf("refused joins were recorded: version %d", want2.Version)
	}
	sameState(t, reopen(t, s, dir).State(), want2)
}

// Repeated target codes are recorded once, in first-seen order, with the
// same result; an unknown code is still the engine's refusal.
func TestMoveTargetCodesDeduplicated(t *testing.T) {
	s, _ := newSolo(t)
	one := model.Move{From: "acute", To: "prevention", Amount: 1e6, Target: model.Targeting{Neighbourhoods: []string{"E01000003", "E01000001"}}}
	mustDo(t, s, "you", MoveMoney{Move: one})
	r1 := s.State().Result
	mustDo(t, s, "you", Undo{})
	dup := one
	dup.Target.Neighbourhoods = []string{"E01000003", "E01000001", "E01000003", "E01000003", "E01000001"}
	mustDo(t, s, "you", MoveMoney{Move: dup})
	st := s.State()
	if got := st.History[len(st.History)-1].Move.Target.Neighbourhoods; !equalStrings(got, one.Target.Neighbourhoods) {
		t.Fatalf("recorded targets %v, want %v", got, one.Target.Neighbourhoods)
	}
	if dup.Target.Neighbourhoods[2] != "E01000003" {
		t.Fatal("the caller's slice was changed")
	}
	for o := range r1.Outcomes {
		if a, b := r1.Outcomes[o].Change(), st.Result.Outcomes[o].Change(); a != b {
			t.Fatalf("repeats changed the result: %v vs %v", a, b)
		}
	}
	// Many distinct unknown codes: refused by the engine, naming the first.
	codes := []string{"E01000001"}
	for i := range 1000 {
		codes = append(codes, fmt.Sprintf("X%04d", i))
	}
	bad := one
	bad.Target.Neighbourhoods = codes
	err := s.Do("you", MoveMoney{Move: bad})
	if me := asMoveError(err); me == nil || me.Rule != model.RuleUnknownNeighbourhood || !strings.Contains(err.Error(), codes[1]) {
		t.Fatalf("unknown codes: %v", err)
	}
	if s.State() != st {
		t.Fatal("refused move changed the state")
	}
}

func equalStrings(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00") && len(a) == len(b)
}

// A scenario name is normalised the same way wherever it is taken.
func TestScenarioNameNormalisedForSaveAndSwitch(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	mustDo(t, s, "you", SaveScenario{Name: " Plan \n B "})
	mustDo(t, s, "you", Undo{})
	for _, name := range []string{"Plan B", "Plan\tB", "  Plan   B"} {
		mustDo(t, s, "you", SwitchScenario{Name: name})
	}
	if err := s.Do("you", SwitchScenario{Name: "PlanB"}); !errors.Is(err, ErrUnknownScenario) {
		t.Fatalf("PlanB: %v", err)
	}
	mustDo(t, s, "you", SaveScenario{Name: "Plan  B"}) // replaces, not adds
	if n := len(s.State().Scenarios); n != 1 {
		t.Fatalf("%d scenarios, want 1", n)
	}
}

// The notice from Open is on the state Open publishes and on no later one,
// so a later joiner never sees a stale crash report.
func TestNoticeOnlyOnTheOpenedState(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	writeJournal(t, dir, id, data[:offs[len(offs)-1]+5]) // torn last record
	s, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.State().Notice == "" {
		t.Fatal("no notice after dropping a torn record")
	}
	if err := s.Join(Participant{ID: "zed"}); err != nil {
		t.Fatal(err)
	}
	if n := s.State().Notice; n != "" {
		t.Fatalf("notice carried into a later state: %q", n)
	}
	mustDo(t, s, "you", mv("acute", "prevention", 1e5))
	if n := s.State().Notice; n != "" {
		t.Fatalf("notice carried into a later state: %q", n)
	}
	// The journal was repaired: reopening gives no notice.
	s.Close()
	s2, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if n := s2.State().Notice; n != "" {
		t.Fatalf("clean reopen: notice %q", n)
	}
}

// No one joins under a name someone else in the workshop has, whatever
// its case or spacing; guests may share one (a guest back after a drop
// has the name they had), but not with someone who has a key.
func TestNamesAreNotShared(t *testing.T) {
	s, err := Create(t.TempDir(), "small", smallPlace(), Participant{ID: "fran", Name: "Fran", Role: RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Join(Participant{ID: "key:cat", Name: "Cat Jones"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []Participant{
		{ID: "key:other", Name: "cat  jones"},
		{ID: "guest:1", Name: " Cat Jones", Guest: true},
		{ID: "guest:2", Name: "FRAN", Guest: true, Role: RoleObserver},
	} {
		if err := s.Join(p); !errors.Is(err, ErrNameTaken) || !strings.Contains(err.Error(), "choose another") {
			t.Errorf("%+v joined: %v", p, err)
		}
	}
	if _, ok := s.State().Participant("key:other"); ok {
		t.Error("a refused join was recorded")
	}
	// The same person again (a new agency, the same name) is no clash.
	if err := s.Join(Participant{ID: "key:cat", Name: "Cat Jones", Role: RoleObserver}); err != nil {
		t.Error(err)
	}
	for _, id := range []string{"guest:3", "guest:4"} {
		if err := s.Join(Participant{ID: id, Name: "Sam", Guest: true}); err != nil {
			t.Errorf("guest %s as Sam: %v", id, err)
		}
	}
	if err := s.Join(Participant{ID: "key:sam", Name: "sam"}); !errors.Is(err, ErrNameTaken) {
		t.Errorf("a keyed Sam joined beside guest Sams: %v", err)
	}
}
