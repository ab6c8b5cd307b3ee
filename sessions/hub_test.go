package sessions

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"totalplace/model"
)

func TestSeatKeepsOneParticipantsOrder(t *testing.T) {
	s, _ := newSolo(t)
	h := NewHub(s)
	seat, err := h.Seat(Participant{ID: "you"})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := h.Seat(Participant{ID: "you"}); again != seat {
		t.Fatal("a second seat for the same participant: their commands could interleave")
	}
	if n := len(s.State().History); n != 1 {
		t.Fatalf("the solo participant was joined again: %d events", n)
	}
	// Sent without waiting, as a screen does: each undo must take back the
	// move sent just before it, so the answers arrive in order.
	var answers []<-chan Answer
	for i := range 20 {
		answers = append(answers, seat.Send(mv("acute", "prevention", float64(i+1)*1e5)))
		if i%3 == 2 {
			answers = append(answers, seat.Send(Undo{}))
		}
	}
	for i, a := range answers {
		if err := (<-a).Err; err != nil {
			t.Fatalf("command %d: %v", i, err)
		}
	}
	st := s.State()
	var want []float64
	for i := range 20 {
		if i%3 != 2 {
			want = append(want, float64(i+1)*1e5)
		}
	}
	var got []float64
	for _, m := range st.Scenario.Moves {
		got = append(got, m.Amount)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("moves in effect %v, want %v", got, want)
	}
}

func TestSeatJoinsAndRoleIsChecked(t *testing.T) {
	s, _ := newSolo(t)
	h := NewHub(s)
	obs, err := h.Seat(Participant{ID: "key:obs", Name: "Watcher", Role: RoleObserver})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := s.State().Participant("key:obs"); !ok || p.Role != RoleObserver || obs.Who().Name != "Watcher" {
		t.Fatalf("joined as %+v", p)
	}
	if err := (<-obs.Send(mv("acute", "prevention", 1e6))).Err; !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("an observer's move: %v", err)
	}
	if len(s.State().Scenario.Moves) != 0 {
		t.Fatal("an observer moved money")
	}
}

func TestPreviewsShareOneRunPerQuestion(t *testing.T) {
	s, _ := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	st := s.State()
	p := NewPreviews(st.Model, 2)
	move := model.Move{From: "acute", To: "youth", Amount: 2e6}
	want, err := st.Model.NewEngine().RunLight(model.Scenario{Moves: append(append([]model.Move(nil), st.Scenario.Moves...), move)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]*model.Result, 50)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := p.Run(context.Background(), st.Scenario, move)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	if p.Runs() != 1 {
		t.Fatalf("50 screens asking one question made %d runs", p.Runs())
	}
	for _, r := range results {
		if !reflect.DeepEqual(r, want) {
			t.Fatal("a preview differs from a direct light run")
		}
	}
	// A change that leaves the allocation alone keeps the cache; another
	// amount is another question.
	mustDo(t, s, "you", SetRationale{Seq: 2, Why: "because"})
	if _, err := p.Run(context.Background(), s.State().Scenario, move); err != nil || p.Runs() != 1 {
		t.Fatalf("after a reason: %d runs, %v", p.Runs(), err)
	}
	move.Amount = 3e6
	if _, err := p.Run(context.Background(), st.Scenario, move); err != nil || p.Runs() != 2 {
		t.Fatalf("another amount: %d runs, %v", p.Runs(), err)
	}
	// The engine's refusal comes back as it is.
	move.Amount = 1e12
	var me *model.MoveError
	if _, err := p.Run(context.Background(), st.Scenario, move); !errors.As(err, &me) {
		t.Fatalf("an absurd move: %v", err)
	}
}

func TestPreviewsDropStaleQuestions(t *testing.T) {
	s, _ := newSolo(t)
	st := s.State()
	p := NewPreviews(st.Model, 1)
	p.slots <- struct{}{} // every run slot busy
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	move := model.Move{From: "acute", To: "youth", Amount: 2e6}
	go func() {
		_, err := p.Run(ctx, st.Scenario, move)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it queue for the slot
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("a stale question: %v", err)
	}
	<-p.slots
	if p.Runs() != 0 {
		t.Fatalf("a question dropped before its turn ran %d times", p.Runs())
	}
	// The dropped question is not cached: the next asker gets a result.
	if r, err := p.Run(context.Background(), st.Scenario, move); err != nil || r == nil || p.Runs() != 1 {
		t.Fatalf("asked again: %v, %d runs", err, p.Runs())
	}
}

func TestSeatLimitsCommandsASecond(t *testing.T) {
	s, _ := newSolo(t)
	h := NewHub(s)
	seat, err := h.Seat(Participant{ID: "you"})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Unix(1000, 0)
	h.LimitCommands(2, 3)
	seat.mu.Lock()
	seat.now, seat.last = func() time.Time { return clock }, clock
	seat.mu.Unlock()
	var refused int
	for range 5 {
		if err := (<-seat.Send(mv("acute", "prevention", 1e5))).Err; errors.Is(err, ErrTooFast) {
			refused++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if refused != 2 {
		t.Fatalf("a burst of 5 with room for 3: %d refused, want 2", refused)
	}
	clock = clock.Add(time.Second) // two more tokens
	for i := range 2 {
		if err := (<-seat.Send(mv("acute", "prevention", 1e5))).Err; err != nil {
			t.Fatalf("command %d a second later: %v", i, err)
		}
	}
	if n := len(s.State().Scenario.Moves); n != 5 {
		t.Fatalf("%d moves made, want 5", n)
	}
}

func TestPresence(t *testing.T) {
	s, _ := newSolo(t)
	h := NewHub(s)
	clock := time.Unix(5000, 0)
	h.presence.now = func() time.Time { return clock }
	you, _ := h.Seat(Participant{ID: "you"})
	cat, _ := h.Seat(Participant{ID: "cat", Name: "Cat", Agency: "council"})
	ch, cancel := h.SubscribePresence()
	defer cancel()
	d1, d2 := you.Attach(), you.Attach() // two screens
	d3 := cat.Attach()
	ps, v := h.Presence()
	if len(ps) != 2 || ps[0].ID != "you" || ps[0].Screens != 2 || ps[1].ID != "cat" || ps[1].Agency != "council" {
		t.Fatalf("presence %+v", ps)
	}
	<-ch // the attaches coalesce into one notification
	select {
	case <-ch:
		t.Fatal("three attaches sent more than one pending notification")
	default:
	}
	cat.Doing("moving £3m a year from Acute care to Youth services")
	if ps, v2 := h.Presence(); v2 == v || ps[1].Doing == "" {
		t.Fatal("what Cat is doing did not show")
	}
	<-ch
	// Typing while active tells nobody; coming back from idle does.
	cat.Touch()
	select {
	case <-ch:
		t.Fatal("a key from an active participant notified the room")
	default:
	}
	clock = clock.Add(IdleAfter)
	if ps, _ := h.Presence(); !ps[1].Idle(clock) {
		t.Fatal("Cat is not idle after IdleAfter")
	}
	cat.Touch()
	<-ch
	d3()
	d3() // twice is once
	d1()
	if ps, _ := h.Presence(); len(ps) != 1 || ps[0].Screens != 1 {
		t.Fatalf("after closing screens: %+v", ps)
	}
	d2()
	if ps, _ := h.Presence(); len(ps) != 0 {
		t.Fatalf("nobody should be here: %+v", ps)
	}
}
