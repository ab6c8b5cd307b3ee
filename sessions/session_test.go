package sessions

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"totalplace/model"
)

func TestCreateStartsSession(t *testing.T) {
	s, dir := newSolo(t)
	st := s.State()
	if st.ID != s.ID() || st.PlaceRef != "small" || st.Place == nil {
		t.Fatalf("state = %+v", st)
	}
	if got := kinds(st); !slices.Equal(got, []string{KindStart}) {
		t.Fatalf("history kinds = %v", got)
	}
	if st.Result == nil || st.Baseline == nil || st.CanUndo || st.CanRedo || st.Version != 1 {
		t.Fatalf("bad fresh state: %+v", st)
	}
	if p, ok := st.Participant("you"); !ok || p.Role != RoleFacilitator || p.Name != "Me" {
		t.Fatalf("participant = %+v, %v", p, ok)
	}
	if filepath.Dir(s.Path()) != dir || !strings.HasSuffix(s.Path(), ".journal") {
		t.Fatalf("journal path %s", s.Path())
	}
	// id: 20261123-134501-ab12
	if len(s.ID()) != 20 || s.ID()[8] != '-' || s.ID()[15] != '-' {
		t.Fatalf("id %q is not date-time-random", s.ID())
	}
}

func TestMoveAppliesAndIsJournaled(t *testing.T) {
	s, _ := newSolo(t)
	before := fileSize(t, s.Path())
	mustDo(t, s, "you", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 5e6}, Why: "  prevention\nworks "})
	st := s.State()
	if len(st.Scenario.Moves) != 1 || st.Scenario.Moves[0].Amount != 5e6 || !slices.Equal(st.Applied, []uint64{2}) {
		t.Fatalf("scenario %+v applied %v", st.Scenario, st.Applied)
	}
	ev := st.History[1]
	if ev.Kind != KindMove || ev.Seq != 2 || ev.Who != "you" || ev.Move == nil || ev.Why != "prevention works" {
		t.Fatalf("move event = %+v", ev)
	}
	if !st.CanUndo || st.CanRedo {
		t.Fatal("can undo after a move, nothing to redo")
	}
	if st.Result == st.Baseline || st.Result.Silos[1].Allocated[0] != 15e6 {
		t.Fatalf("prevention allocated %v, want 15m", st.Result.Silos[1].Allocated[0])
	}
	if st.Result.Outcomes[0].Change() >= 0 {
		t.Fatalf("more prevention should lower NEET, change %v", st.Result.Outcomes[0].Change())
	}
	if fileSize(t, s.Path()) <= before {
		t.Fatal("the move was not written to the journal")
	}
	data, _ := os.ReadFile(s.Path())
	sr, err := scan(s.Path(), data)
	if err != nil || len(sr.recs) != 2 || sr.good != int64(len(data)) {
		t.Fatalf("journal: %d records, %v", len(sr.recs), err)
	}
	got, _ := decode(s.Path(), sr.recs[1])
	if ev.MoveNumber != 1 {
		t.Fatalf("the first move is numbered %d", ev.MoveNumber)
	}
	ev.MoveNumber = 0 // derived on apply, not journaled
	if !reflect.DeepEqual(got, ev) {
		t.Fatalf("journaled %+v, state has %+v", got, ev)
	}
}

func TestRefusedCommandsChangeNothing(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 5e6))
	if err := s.Join(Participant{ID: "obs", Name: "Watcher", Role: RoleObserver}); err != nil {
		t.Fatal(err)
	}
	st0 := s.State()
	size0 := fileSize(t, s.Path())
	cases := []struct {
		name string
		who  string
		cmd  Command
		rule model.Rule
		is   error
	}{
		{"beyond fixed part", "you", mv("acute", "youth", 36e6), model.RuleBelowLocked, nil},
		{"entitlement", "you", mv("pension", "youth", 1e6), model.RuleBelowLocked, nil},
		{"unknown silo", "you", mv("nowhere", "youth", 1e6), model.RuleUnknownSilo, nil},
		{"same silo", "you", mv("youth", "youth", 1e6), model.RuleSameSilo, nil},
		{"negative", "you", mv("acute", "youth", -1), model.RuleNotPositive, nil},
		{"year", "you", MoveMoney{Move: model.Move{From: "acute", To: "youth", Amount: 1, Year: 2099}}, model.RuleYear, nil},
		{"neighbourhood", "you", MoveMoney{Move: model.Move{From: "acute", To: "youth", Amount: 1, Target: model.Targeting{Neighbourhoods: []string{"nope"}}}}, model.RuleUnknownNeighbourhood, nil},
		{"unknown pool", "you", TogglePool{Pool: "nope"}, model.RuleUnknownPool, nil},
		{"observer", "obs", mv("acute", "youth", 1e6), "", ErrNotAllowed},
		{"stranger", "who", mv("acute", "youth", 1e6), "", ErrNotAllowed},
		{"redo", "you", Redo{}, "", ErrNothingToRedo},
		{"switch", "you", SwitchScenario{Name: "nope"}, "", ErrUnknownScenario},
		{"empty name", "you", SaveScenario{Name: "  "}, "", nil},
		{"why of non-move", "you", SetRationale{Seq: 1, Why: "x"}, "", nil},
		{"why of future", "you", SetRationale{Seq: 99, Why: "x"}, "", nil},
		{"long why", "you", MoveMoney{Move: model.Move{From: "acute", To: "youth", Amount: 1}, Why: strings.Repeat("x", MaxWhy+1)}, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Do(c.who, c.cmd)
			if err == nil {
				t.Fatal("accepted")
			}
			if c.rule != "" {
				me := asMoveError(err)
				if me == nil || me.Rule != c.rule {
					t.Fatalf("err = %v (%T), want rule %s", err, err, c.rule)
				}
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Fatalf("err = %v, want %v", err, c.is)
			}
			if s.State() != st0 {
				t.Fatal("a refused command published a new state")
			}
			if fileSize(t, s.Path()) != size0 {
				t.Fatal("a refused command wrote to the journal")
			}
		})
	}
	// The engine's message reaches the UI unchanged.
	err := s.Do("you", mv("pension", "youth", 1e6))
	if !strings.Contains(err.Error(), "entitlement") {
		t.Fatalf("message %q does not say why", err)
	}
}

func TestUndoRedo(t *testing.T) {
	s, _ := newSolo(t)
	if err := s.Do("you", Undo{}); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("undo on nothing: %v", err)
	}
	mustDo(t, s, "you", mv("acute", "prevention", 1e6)) // seq 2
	mustDo(t, s, "you", mv("acute", "youth", 2e6))      // seq 3
	mustDo(t, s, "you", mv("other", "youth", 3e6))      // seq 4
	mustDo(t, s, "you", Undo{})                         // seq 5
	st := s.State()
	if !slices.Equal(st.Applied, []uint64{2, 3}) || len(st.Scenario.Moves) != 2 || !st.CanRedo || !st.CanUndo {
		t.Fatalf("after undo: applied %v canRedo %v", st.Applied, st.CanRedo)
	}
	if ev := st.History[4]; ev.Kind != KindUndo || ev.Target != 4 {
		t.Fatalf("undo event %+v", ev)
	}
	if got := st.Result.Silos[3].Allocated[0]; got != 30e6 {
		t.Fatalf("undone move still allocated: other = %v", got)
	}
	mustDo(t, s, "you", Undo{}) // seq 6, undoes 3
	mustDo(t, s, "you", Redo{}) // seq 7, redoes 3
	st = s.State()
	if ev := st.History[6]; ev.Kind != KindRedo || ev.Target != 3 {
		t.Fatalf("redo event %+v", ev)
	}
	if !slices.Equal(st.Applied, []uint64{2, 3}) || !st.CanRedo {
		t.Fatalf("after redo: %v", st.Applied)
	}
	mustDo(t, s, "you", Redo{}) // seq 8, redoes 4
	st = s.State()
	if !slices.Equal(st.Applied, []uint64{2, 3, 4}) || st.CanRedo {
		t.Fatalf("after second redo: %v", st.Applied)
	}
	if st.Scenario.Moves[2].From != "other" {
		t.Fatalf("redo applied %+v", st.Scenario.Moves[2])
	}
	// A new move forgets what could be redone.
	mustDo(t, s, "you", Undo{})
	mustDo(t, s, "you", mv("acute", "prevention", 4e6))
	if s.State().CanRedo {
		t.Fatal("a new move should clear the redo stack")
	}
	if err := s.Do("you", Redo{}); !errors.Is(err, ErrNothingToRedo) {
		t.Fatalf("redo after a new move: %v", err)
	}
	// Results follow the scenario exactly.
	st = s.State()
	want, err := model.NewEngine(st.Place).Run(st.Scenario)
	if err != nil || !reflect.DeepEqual(st.Result, want) {
		t.Fatalf("result differs from a fresh run (%v)", err)
	}
}

func TestOldSnapshotsNeverChange(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	mustDo(t, s, "you", mv("acute", "youth", 2e6))
	old := s.State()
	moves := slices.Clone(old.Scenario.Moves)
	applied := slices.Clone(old.Applied)
	hist := slices.Clone(old.History)
	// Undo then a new move would overwrite a shared array in place.
	mustDo(t, s, "you", Undo{})
	mustDo(t, s, "you", mv("other", "youth", 3e6))
	mustDo(t, s, "you", SetRationale{Seq: 2, Why: "changed my mind"})
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	if !reflect.DeepEqual(old.Scenario.Moves, moves) || !slices.Equal(old.Applied, applied) || !reflect.DeepEqual(old.History, hist) {
		t.Fatal("an older snapshot changed")
	}
	if s.State().History[1].Why != "changed my mind" {
		t.Fatal("the new snapshot lacks the rationale")
	}
}

func TestRationale(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 1e6}, Why: "first"})
	mustDo(t, s, "you", SetRationale{Seq: 2, Why: "second thoughts"})
	st := s.State()
	if st.History[1].Why != "second thoughts" {
		t.Fatalf("move why = %q", st.History[1].Why)
	}
	if ev := st.History[2]; ev.Kind != KindWhy || ev.Target != 2 || ev.Why != "second thoughts" {
		t.Fatalf("why event %+v", ev)
	}
	if len(st.Applied) != 1 {
		t.Fatal("a why is not a move")
	}
}

func TestSaveAndSwitchScenarios(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6)) // 2
	mustDo(t, s, "you", mv("acute", "youth", 2e6))      // 3
	mustDo(t, s, "you", SaveScenario{Name: "prevention first"})
	a := s.State()
	mustDo(t, s, "you", Undo{})
	mustDo(t, s, "you", mv("other", "youth", 3e6)) // 6
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	mustDo(t, s, "you", SaveScenario{Name: "youth"})
	b := s.State()
	if len(b.Scenarios) != 2 || b.Scenarios[0].Name != "prevention first" || b.Scenarios[1].Name != "youth" {
		t.Fatalf("scenarios %+v", b.Scenarios)
	}
	if b.Scenarios[0].SavedBy != "you" || b.Scenarios[0].SavedAt.IsZero() ||
		b.Scenarios[0].Result.Outcomes[0].Neighbourhood != nil || !reflect.DeepEqual(b.Scenarios[0].Result.Ledger, a.Result.Ledger) {
		t.Fatalf("saved scenario %+v", b.Scenarios[0])
	}
	if b.CanRedo {
		t.Fatal("a new move should clear the redo stack")
	}
	mustDo(t, s, "you", SwitchScenario{Name: "prevention first"})
	st := s.State()
	if !reflect.DeepEqual(st.Scenario, a.Scenario) || !slices.Equal(st.Applied, []uint64{2, 3}) || st.CanRedo || !st.CanUndo {
		t.Fatalf("after switch: %+v applied %v", st.Scenario, st.Applied)
	}
	if ev := st.History[len(st.History)-1]; ev.Kind != KindSwitch || ev.Name != "prevention first" {
		t.Fatalf("switch event %+v", ev)
	}
	if !reflect.DeepEqual(st.Result, a.Result) {
		t.Fatal("switched result differs")
	}
	// Undo after a switch takes back the switched scenario's moves.
	mustDo(t, s, "you", Undo{})
	st = s.State()
	if !slices.Equal(st.Applied, []uint64{2}) || st.History[len(st.History)-1].Target != 3 {
		t.Fatalf("undo after switch: %v", st.Applied)
	}
	// Saving under an existing name replaces it where it stands.
	mustDo(t, s, "you", SaveScenario{Name: "prevention first"})
	st = s.State()
	if len(st.Scenarios) != 2 || st.Scenarios[0].Name != "prevention first" || len(st.Scenarios[0].Scenario.Moves) != 1 {
		t.Fatalf("overwrite: %+v", st.Scenarios)
	}
	mustDo(t, s, "you", SwitchScenario{Name: "youth"})
	st = s.State()
	if !slices.Equal(st.Scenario.Pools, []string{"young"}) || !slices.Equal(st.Applied, []uint64{2, 6}) {
		t.Fatalf("youth: %+v %v", st.Scenario, st.Applied)
	}
}

func TestPoolToggle(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	st := s.State()
	if !slices.Equal(st.Scenario.Pools, []string{"young"}) || !st.Result.Pools[0].Active {
		t.Fatalf("pooled: %+v", st.Scenario)
	}
	if ev := st.History[1]; ev.Kind != KindPool || ev.Name != "young" {
		t.Fatalf("pool event %+v", ev)
	}
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	if st := s.State(); len(st.Scenario.Pools) != 0 || st.Result.Pools[0].Active {
		t.Fatalf("unpooled: %+v", st.Scenario)
	}
}

func TestJoinParticipants(t *testing.T) {
	s, _ := newSolo(t)
	if err := s.Join(Participant{ID: "amy", Name: "Amy", Agency: "nhs"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Join(Participant{ID: "bad", Role: "king"}); err == nil {
		t.Fatal("unknown role accepted")
	}
	mustDo(t, s, "amy", mv("acute", "prevention", 1e6))
	if err := s.Join(Participant{ID: "amy", Name: "Amy", Role: RoleObserver}); err != nil {
		t.Fatal(err)
	}
	st := s.State()
	if len(st.Participants) != 2 || st.Participants[1].Role != RoleObserver {
		t.Fatalf("participants %+v", st.Participants)
	}
	if ev := st.History[1]; ev.Kind != KindJoin || ev.Participant.ID != "amy" || ev.Participant.Role != RolePartner {
		t.Fatalf("join event %+v", ev)
	}
	if st.History[2].Who != "amy" {
		t.Fatal("the move does not say who made it")
	}
	if err := s.Do("amy", Undo{}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("observer undo: %v", err)
	}
}

// busySession runs a bit of everything, leaving something to redo.
func busySession(t testing.TB, s *Session) {
	t.Helper()
	if err := s.Join(Participant{ID: "amy", Name: "Amy", Agency: "nhs", Role: RolePartner}); err != nil {
		t.Fatal(err)
	}
	mustDo(t, s, "you", MoveMoney{Move: model.Move{From: "acute", To: "prevention", Amount: 1e6, Year: 2027}, Why: "early help"})
	mustDo(t, s, "amy", MoveMoney{Move: model.Move{From: "acute", To: "youth", Amount: 2e6, Target: model.Targeting{MostDeprivedFifth: true}}})
	mustDo(t, s, "you", SaveScenario{Name: "a"})
	mustDo(t, s, "you", TogglePool{Pool: "young"})
	mustDo(t, s, "amy", MoveMoney{Move: model.Move{From: "other", To: "youth", Amount: 1.5e6, Target: model.Targeting{Neighbourhoods: []string{"E01000000", "E01000001"}}}})
	mustDo(t, s, "you", SetRationale{Seq: 4, Why: "targeted"})
	mustDo(t, s, "you", SaveScenario{Name: "b"})
	mustDo(t, s, "you", SwitchScenario{Name: "a"})
	mustDo(t, s, "you", mv("acute", "prevention", 0.25e6))
	mustDo(t, s, "you", Undo{})
	mustDo(t, s, "amy", Undo{})
}

func sameState(t *testing.T, got, want *State) {
	t.Helper()
	g, w := *got, *want
	g.Notice, w.Notice = "", ""
	g.Place, w.Place = nil, nil // loaded afresh: a different pointer to an equal place
	if !reflect.DeepEqual(g, w) {
		for _, f := range []string{"Version", "ID", "PlaceRef", "Scenario", "Result", "Baseline", "History", "Applied", "Scenarios", "CanUndo", "CanRedo", "Participants"} {
			a, b := reflect.ValueOf(g).FieldByName(f).Interface(), reflect.ValueOf(w).FieldByName(f).Interface()
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s differs after reopening:\n got  %+v\n want %+v", f, a, b)
			}
		}
		t.FailNow()
	}
}

func TestReopenRebuildsIdenticalState(t *testing.T) {
	s, dir := newSolo(t)
	busySession(t, s)
	want := s.State()
	s2 := reopen(t, s, dir)
	got := s2.State()
	sameState(t, got, want)
	if got.Notice != "" {
		t.Fatalf("clean journal gave notice %q", got.Notice)
	}
	// The redo stack survives the restart: amy's undo of event 4 is on top.
	mustDo(t, s2, "you", Redo{})
	if ev := s2.State().History[len(s2.State().History)-1]; ev.Target != 4 {
		t.Fatalf("redo after reopen: %+v", ev)
	}
	want = s2.State()
	s3 := reopen(t, s2, dir)
	sameState(t, s3.State(), want)
}

func TestSecondOpenRefused(t *testing.T) {
	s, dir := newSolo(t)
	if s2, err := Open(dir, s.ID(), loadSmall); err == nil {
		s2.Close()
		t.Fatal("opened a session that is already open")
	}
	s.Close()
	s2, err := Open(dir, s.ID(), loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, "nope", loadSmall); err == nil || !strings.Contains(err.Error(), "no session") {
		t.Fatalf("missing: %v", err)
	}
	if _, err := Open(dir, "../x", loadSmall); err == nil {
		t.Fatal("path in id accepted")
	}
	os.WriteFile(filepath.Join(dir, "empty.journal"), nil, 0o600)
	if _, err := Open(dir, "empty", loadSmall); err == nil || !strings.Contains(err.Error(), "no start record") {
		t.Fatalf("empty: %v", err)
	}
	s, err := Create(dir, "elsewhere", smallPlace(), Participant{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(dir, s.ID(), loadSmall); err == nil || !strings.Contains(err.Error(), "elsewhere") {
		t.Fatalf("unloadable place: %v", err)
	}
}

func TestClosedSession(t *testing.T) {
	s, _ := newSolo(t)
	ch, cancel := s.Subscribe()
	s.Close()
	if _, ok := <-ch; ok {
		t.Fatal("subscriber channel still open after Close")
	}
	cancel()
	if err := s.Do("you", mv("acute", "youth", 1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Do after Close: %v", err)
	}
	if s.State() == nil {
		t.Fatal("state gone after Close")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSubscribersNotified(t *testing.T) {
	s, _ := newSolo(t)
	ch, cancel := s.Subscribe()
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatal("no notification")
	}
	// A burst coalesces into the one slot.
	for range 5 {
		mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	}
	<-ch
	select {
	case <-ch:
		t.Fatal("a burst should leave one pending signal")
	default:
	}
	if s.State().Version != 7 {
		t.Fatalf("version %d", s.State().Version)
	}
	cancel()
	if _, ok := <-ch; ok {
		t.Fatal("cancel should close the channel")
	}
	cancel() // twice is fine
}

func TestSlowSubscriberBlocksNobody(t *testing.T) {
	s, _ := newSolo(t)
	_, cancel := s.Subscribe() // never read
	defer cancel()
	fast, cancelFast := s.Subscribe()
	defer cancelFast()
	done := make(chan struct{})
	var seen int
	go func() {
		defer close(done)
		for range fast {
			seen++
			if s.State().Version == 51 {
				return
			}
		}
	}()
	for range 50 {
		mustDo(t, s, "you", mv("acute", "prevention", 1e5))
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the fast subscriber never saw the last state")
	}
	if seen == 0 {
		t.Fatal("no signals")
	}
}

func TestConcurrentDo(t *testing.T) {
	s, dir := newSolo(t)
	const workers, each = 8, 15
	for w := range workers {
		if err := s.Join(Participant{ID: string(rune('a' + w)), Role: RolePartner, Agency: "nhs"}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	// Readers walk the snapshots while writers change them.
	for range 4 {
		wg.Go(func() {
			ch, cancel := s.Subscribe()
			defer cancel()
			for {
				select {
				case <-stop:
					return
				case <-ch:
					st := s.State()
					if len(st.Applied) != len(st.Scenario.Moves) || len(st.History) != int(st.Version) {
						t.Error("inconsistent snapshot")
						return
					}
					for _, ev := range st.History {
						_ = ev.Why
					}
				}
			}
		})
	}
	var writers sync.WaitGroup
	for w := range workers {
		who := string(rune('a' + w))
		writers.Go(func() {
			for i := range each {
				var err error
				switch i % 5 {
				case 3:
					err = s.Do(who, Undo{})
					if errors.Is(err, ErrNothingToUndo) {
						err = nil
					}
				case 4:
					err = s.Do(who, SaveScenario{Name: who})
				default:
					err = s.Do(who, mv("acute", "prevention", 1e5))
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	writers.Wait()
	close(stop)
	wg.Wait()
	st := s.State()
	if int(st.Version) != 1+workers+workers*each {
		t.Fatalf("version %d, want %d", st.Version, 1+workers+workers*each)
	}
	sameState(t, reopen(t, s, dir).State(), st)
}

func TestListAndLatest(t *testing.T) {
	dir := t.TempDir()
	if id, err := Latest(dir); id != "" || err != nil {
		t.Fatalf("Latest of empty dir: %q %v", id, err)
	}
	if l, err := List(filepath.Join(dir, "missing")); l != nil || err != nil {
		t.Fatalf("List of missing dir: %v %v", l, err)
	}
	a, err := Create(dir, "small", smallPlace(), Participant{})
	if err != nil {
		t.Fatal(err)
	}
	mustDo(t, a, "you", mv("acute", "prevention", 1e6))
	mustDo(t, a, "you", mv("acute", "prevention", 1e6))
	mustDo(t, a, "you", Undo{})
	a.Close()
	time.Sleep(20 * time.Millisecond) // distinct modification times
	b, err := Create(dir, "small", smallPlace(), Participant{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	mustDo(t, b, "you", mv("acute", "youth", 1e6)) // a session without changes is never offered
	// A file left empty by a crash inside Create is never offered.
	time.Sleep(20 * time.Millisecond)
	os.WriteFile(filepath.Join(dir, "20991231-000000-dead.journal"), nil, 0o600)
	if id, _ := Latest(dir); id != b.ID() {
		t.Fatalf("Latest = %q, want %q", id, b.ID())
	}
	time.Sleep(20 * time.Millisecond)
	ra, err := Open(dir, a.ID(), loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	mustDo(t, ra, "you", mv("acute", "youth", 1e6))
	ra.Close()
	if id, _ := Latest(dir); id != a.ID() {
		t.Fatalf("Latest = %q, want %q after using it", id, a.ID())
	}
	infos, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The empty file is listed last, as damage.
	if len(infos) != 3 || infos[0].ID != a.ID() || infos[1].ID != b.ID() || infos[2].ID != "20991231-000000-dead" || !strings.Contains(infos[2].Problem, "empty") {
		t.Fatalf("List = %+v", infos)
	}
	if infos[0].Moves != 2 || infos[0].Place != "small" || infos[1].Moves != 1 || !infos[0].Updated.After(infos[0].Started) {
		t.Fatalf("List = %+v", infos)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if d, _ := DefaultDir(); d != "/data/totalplace/sessions" {
		t.Fatalf("DefaultDir = %q", d)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/x")
	if d, _ := DefaultDir(); d != "/home/x/.local/share/totalplace/sessions" {
		t.Fatalf("DefaultDir = %q", d)
	}
}
