package sessions

import (
	"errors"
	"strings"
	"testing"
)

func TestStagesAndFreezing(t *testing.T) {
	s, dir := consentWorkshop(t)
	if st := s.State(); st.Stage != StageCollaborate || st.Frozen {
		t.Fatalf("a new workshop is at %s, frozen %v", st.Stage, st.Frozen)
	}
	if err := s.Do("cat", SetStage{Stage: StageCount}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a partner moving the stage: %v", err)
	}
	mustDo(t, s, "you", SetStage{Stage: StageCount})
	if err := s.Do("cat", mv("other", "youth", 1e6)); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "counting") {
		t.Fatalf("a partner's move at Count: %v", err)
	}
	mustDo(t, s, "you", mv("other", "youth", 1e6)) // the facilitator may
	mustDo(t, s, "you", SetStage{Stage: StagePlan})
	if st := s.State(); !st.Frozen {
		t.Fatal("Plan does not freeze moves")
	}
	if err := s.Do("nia", Undo{}); !errors.Is(err, ErrNotAllowed) || !strings.Contains(err.Error(), "frozen") {
		t.Fatalf("a partner's undo while frozen: %v", err)
	}
	mustDo(t, s, "cat", SaveScenario{Name: "plan"}) // saving changes no money
	mustDo(t, s, "you", Freeze{On: false})
	mustDo(t, s, "cat", mv("other", "youth", 1e6))
	if err := s.Do("you", SetStage{Stage: "lunch"}); err == nil {
		t.Fatal("an unknown stage was accepted")
	}
	want := s.State()
	sameState(t, reopen(t, s, dir).State(), want)
}

func TestRewindBringsBackAnEarlierAllocation(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	first := lastEvent(s).Seq
	mustDo(t, s, "you", mv("acute", "youth", 2e6))
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	mustDo(t, s, "you", mv("other", "youth", 3e6))
	events := len(s.State().History)
	mustDo(t, s, "you", Rewind{Seq: first})
	st := s.State()
	if len(st.Scenario.Moves) != 1 || st.Scenario.Moves[0].To != "prevention" || len(st.Scenario.Pools) != 0 || len(st.Applied) != 1 || st.Applied[0] != first {
		t.Fatalf("after rewinding: %+v applied %v", st.Scenario, st.Applied)
	}
	if len(st.History) != events+1 {
		t.Fatal("rewinding lost history")
	}
	if st.Result.Silos[1].Allocated[0] != 11e6 {
		t.Fatalf("prevention allocated %v, want 11m", st.Result.Silos[1].Allocated[0])
	}
	if err := s.Do("you", Rewind{Seq: 999}); err == nil {
		t.Fatal("a rewind to a future event was accepted")
	}
	sameState(t, reopen(t, s, dir).State(), st)
}

func TestRemoveAParticipant(t *testing.T) {
	s, _ := consentWorkshop(t)
	h := NewHub(s)
	cat, err := h.Seat(Participant{ID: "cat"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Do("nia", Remove{ID: "cat"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a partner removing another: %v", err)
	}
	if err := s.Do("you", Remove{ID: "you"}); err == nil {
		t.Fatal("the facilitator removed themselves")
	}
	mustDo(t, s, "you", Remove{ID: "cat"})
	if err := (<-cat.Send(mv("other", "youth", 1e6))).Err; !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("a removed participant's move: %v", err)
	}
	// Joining again seats them again.
	again, err := h.Seat(Participant{ID: "cat"})
	if err != nil || again != cat {
		t.Fatalf("rejoining: %v", err)
	}
	if err := (<-cat.Send(mv("other", "youth", 1e6))).Err; err != nil {
		t.Fatalf("after rejoining: %v", err)
	}
}
