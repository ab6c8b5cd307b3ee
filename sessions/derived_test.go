package sessions

import (
	"testing"
)

// derived is what a screen reads off the state instead of replaying the
// history: move numbers, whether each pool event pooled, and what redo
// would re-apply.
type derived struct {
	numbers map[uint64]int
	pooled  map[uint64]bool
	redo    uint64
}

func derivedOf(st *State) derived {
	d := derived{numbers: map[uint64]int{}, pooled: map[uint64]bool{}, redo: st.Redo}
	for _, ev := range st.History {
		switch ev.Kind {
		case KindMove:
			d.numbers[ev.Seq] = ev.MoveNumber
		case KindPool:
			d.pooled[ev.Seq] = ev.Pooled
		}
	}
	return d
}

func TestStateCarriesHistoryFacts(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6)) // 2: move 1
	mustDo(t, s, "you", TogglePool{Pool: "young"})      // 3: pooled
	mustDo(t, s, "you", SaveScenario{Name: "a"})        // 4
	mustDo(t, s, "you", mv("acute", "youth", 2e6))      // 5: move 2
	mustDo(t, s, "you", TogglePool{Pool: "young"})      // 6: unpooled
	mustDo(t, s, "you", SwitchScenario{Name: "a"})      // 7: pools back on
	mustDo(t, s, "you", TogglePool{Pool: "young"})      // 8: unpooled again
	mustDo(t, s, "you", mv("other", "youth", 1e6))      // 9: move 3
	mustDo(t, s, "you", Undo{})                         // 10
	st := s.State()
	got := derivedOf(st)
	wantNumbers := map[uint64]int{2: 1, 5: 2, 9: 3}
	wantPooled := map[uint64]bool{3: true, 6: false, 8: false}
	for seq, n := range wantNumbers {
		if got.numbers[seq] != n {
			t.Errorf("event %d: move number %d, want %d", seq, got.numbers[seq], n)
		}
	}
	for seq, p := range wantPooled {
		if got.pooled[seq] != p {
			t.Errorf("event %d: pooled %v, want %v", seq, got.pooled[seq], p)
		}
	}
	if got.redo != 9 || !st.CanRedo {
		t.Errorf("redo would re-apply event %d (can redo %v), want 9", got.redo, st.CanRedo)
	}
	if st.LastChange != KindUndo || st.PoolToggles != 3 || st.AllocationSaved() {
		t.Errorf("last change %q, %d pool toggles, saved %v", st.LastChange, st.PoolToggles, st.AllocationSaved())
	}
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	mustDo(t, s, "you", SaveScenario{Name: "b"})
	if st := s.State(); st.LastChange != KindPool || st.PoolToggles != 4 || !st.AllocationSaved() {
		t.Errorf("after a pool and a save: last change %q, %d pool toggles, saved %v", st.LastChange, st.PoolToggles, st.AllocationSaved())
	}
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	mustDo(t, s, "you", Redo{})
	if st := s.State(); st.Redo != 0 || st.CanRedo {
		t.Errorf("after redo: Redo %d, CanRedo %v", st.Redo, st.CanRedo)
	}
	mustDo(t, s, "you", Undo{})
	// Replay derives the same facts.
	before := derivedOf(s.State())
	s2 := reopen(t, s, dir)
	after := derivedOf(s2.State())
	if len(after.numbers) != len(before.numbers) || after.redo != before.redo {
		t.Fatalf("after reopening: %+v, before %+v", after, before)
	}
	for seq, n := range before.numbers {
		if after.numbers[seq] != n {
			t.Errorf("after reopening, event %d is move %d, was %d", seq, after.numbers[seq], n)
		}
	}
	for seq, p := range before.pooled {
		if after.pooled[seq] != p {
			t.Errorf("after reopening, event %d pooled %v, was %v", seq, after.pooled[seq], p)
		}
	}
}
