package sessions

import (
	"errors"
	"math/rand"
	"strings"
	"sync"
	"testing"

	"totalplace/model"
)

// TestReviewOversizedRecordIsLost: the journal writer accepts and
// acknowledges a record longer than maxRecord, which the reader then refuses.
// A participant's name (or agency, or a move's neighbourhood list) has no
// length limit, so Join succeeds, later moves succeed, and on reopening the
// journal is declared corrupt: every acknowledged change becomes unreachable
// (or, if the big record is last, it is silently dropped as a "torn tail").
// Expected: a record the reader cannot read is refused before it is written,
// with a clear error, and nothing changes.
func TestReviewOversizedRecordIsLost(t *testing.T) {
	s, dir := newSolo(t)
	big := Participant{ID: "amy", Name: strings.Repeat("A", maxRecord+10), Role: RolePartner}
	if err := s.Join(big); err != nil {
		// Refused up front: that is the fix; nothing to lose.
		if s.State().Version != 1 {
			t.Fatalf("refused join changed the state to version %d", s.State().Version)
		}
		return
	}
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	want := s.State()
	id := s.ID()
	s.Close()
	s2, err := Open(dir, id, loadSmall)
	if err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) {
			t.Fatalf("acknowledged join and move cannot be reopened: %v", err)
		}
		t.Fatalf("Open: %v", err)
	}
	defer s2.Close()
	if got := s2.State(); got.Version != want.Version {
		t.Fatalf("reopened at version %d, want %d (acknowledged events lost; notice %q)", got.Version, want.Version, got.Notice)
	}
}

// TestReviewOversizedTargetList: the same through a move, the command the
// workshop UI sends: a target list with repeated codes passes the engine.
func TestReviewOversizedTargetList(t *testing.T) {
	s, dir := newSolo(t)
	codes := make([]string, maxRecord/12+10)
	for i := range codes {
		codes[i] = "E01000000"
	}
	err := s.Do("you", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 1e6, Target: model.Targeting{Neighbourhoods: codes}}})
	if err != nil {
		return // refused up front: fine
	}
	want := s.State().Version
	id := s.ID()
	s.Close()
	s2, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatalf("acknowledged move cannot be reopened: %v", err)
	}
	defer s2.Close()
	if got := s2.State(); got.Version != want {
		t.Fatalf("reopened at version %d, want %d: the acknowledged move was dropped (notice %q)", got.Version, want, got.Notice)
	}
}

// TestReviewSwitchByTheNameSaved: SaveScenario folds runs of whitespace in
// the name ("Plan  B" is saved as "Plan B"), but SwitchScenario only trims
// the ends, so the very name that was accepted for saving cannot be switched to.
func TestReviewSwitchByTheNameSaved(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	mustDo(t, s, "you", SaveScenario{Name: "Plan  B"})
	mustDo(t, s, "you", Undo{})
	if err := s.Do("you", SwitchScenario{Name: "Plan  B"}); err != nil {
		t.Fatalf("saved as %q, but switching by the same name fails: %v", "Plan  B", err)
	}
}

// TestReviewRandomReplayMatchesLive drives random command sequences (moves,
// targeted moves, undo, redo, save, switch, pool, why, join) and checks that
// reopening rebuilds exactly the live state, and that a refused command
// changes nothing.
func TestReviewRandomReplayMatchesLive(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewSource(seed))
		s, dir := newSolo(t)
		silos := []string{"acute", "prevention", "youth", "other", "pension"}
		names := []string{"a", "b", "c"}
		for i := 0; i < 60; i++ {
			var cmd Command
			switch rng.Intn(9) {
			case 0, 1:
				m := model.Move{From: silos[rng.Intn(5)], To: silos[rng.Intn(5)], Amount: float64(1+rng.Intn(20)) * 2.5e5, Year: 2026 + rng.Intn(6)}
				if rng.Intn(3) == 0 {
					m.Target = model.Targeting{MostDeprivedFifth: rng.Intn(2) == 0, Neighbourhoods: []string{"E01000003"}}
				}
				cmd = MoveMoney{Move: m, Why: "w"}
			case 2:
				cmd = Undo{}
			case 3:
				cmd = Redo{}
			case 4:
				cmd = SaveScenario{Name: names[rng.Intn(3)]}
			case 5:
				cmd = SwitchScenario{Name: names[rng.Intn(3)]}
			case 6:
				cmd = TogglePool{Pool: "young"}
			case 7:
				cmd = SetRationale{Seq: uint64(1 + rng.Intn(int(s.State().Version))), Why: "changed"}
			case 8:
				cmd = Redo{}
			}
			before := s.State()
			if err := s.Do("you", cmd); err != nil && s.State() != before {
				t.Fatalf("seed %d: refused %#v changed the state", seed, cmd)
			}
			if rng.Intn(15) == 0 {
				want := s.State()
				s = reopen(t, s, dir)
				sameState(t, s.State(), want)
			}
		}
		want := s.State()
		s = reopen(t, s, dir)
		sameState(t, s.State(), want)
	}
}

// TestReviewConcurrentDoAndClose: Do, Join, Subscribe and Close racing must
// not race (run with -race), and after Close every command is refused with
// ErrClosed while the last state stays readable.
func TestReviewConcurrentDoAndClose(t *testing.T) {
	s, dir := newSolo(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch, cancel := s.Subscribe()
			defer cancel()
			for i := 0; i < 30; i++ {
				err := s.Do("you", mv("acute", "prevention", 1e5))
				if err != nil && !errors.Is(err, ErrClosed) {
					t.Errorf("Do: %v", err)
				}
				select {
				case <-ch:
				default:
				}
				_ = s.State().Result.Outcomes[0].Change()
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); s.Close() }()
	wg.Wait()
	if err := s.Do("you", Undo{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after Close: %v", err)
	}
	want := s.State()
	s2, err := Open(dir, s.ID(), loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	sameState(t, s2.State(), want)
}
