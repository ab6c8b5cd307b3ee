package sessions

import (
	"context"
	"errors"
	"sync"
	"time"

	"totalplace/model"
)

// Seat is one participant's place in a workshop: who they are, and their
// commands, which reach the session one at a time in the order given. A
// screen sends and moves on; the answer comes back on a channel. Bubble
// Tea runs each command on its own goroutine, so without a seat's order a
// drop followed quickly by u could undo the move before it.
type Seat struct {
	hub *Hub
	who Participant

	mu      sync.Mutex
	queue   []seatJob
	running bool // a goroutine is draining queue
	// A token bucket: rate tokens a second up to burst; each command takes
	// one. rate 0 is no limit.
	rate, tokens float64
	burst        int
	last         time.Time
	now          func() time.Time
}

// ErrTooFast is the answer to a command sent faster than the seat allows.
var ErrTooFast = errors.New("too many commands at once: wait a moment and try again")

func (s *Seat) limit(perSecond float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate, s.burst, s.tokens = perSecond, burst, float64(burst)
	if s.now == nil {
		s.now = time.Now
	}
	s.last = s.now()
}

// allow takes a token if one is there; s.mu is held.
func (s *Seat) allow() bool {
	if s.rate <= 0 {
		return true
	}
	now := s.now()
	s.tokens = min(float64(s.burst), s.tokens+now.Sub(s.last).Seconds()*s.rate)
	s.last = now
	if s.tokens < 1 {
		return false
	}
	s.tokens--
	return true
}

type seatJob struct {
	cmd    Command
	answer chan Answer
}

// Answer is the session's answer to a command: the event it journaled (a
// move may come back as a proposal), or why it was refused.
type Answer struct {
	Event Event
	Err   error
}

// Who is the participant in this seat, as the session knew them when they sat.
func (s *Seat) Who() Participant { return s.who }

// Hub is the workshop the seat is in.
func (s *Seat) Hub() *Hub { return s.hub }

// State is the workshop's current snapshot.
func (s *Seat) State() *State { return s.hub.sess.State() }

// Subscribe is the session's change notification (see Session.Subscribe).
func (s *Seat) Subscribe() (<-chan struct{}, func()) { return s.hub.sess.Subscribe() }

// Send queues cmd and returns the channel that receives the session's
// answer. Commands from one seat are applied in the order
// sent. The goroutine that applies them exists only while some are queued,
// so an idle seat costs nothing but its memory.
func (s *Seat) Send(cmd Command) <-chan Answer {
	answer := make(chan Answer, 1)
	s.mu.Lock()
	if !s.allow() {
		s.mu.Unlock()
		answer <- Answer{Err: ErrTooFast}
		return answer
	}
	s.queue = append(s.queue, seatJob{cmd: cmd, answer: answer})
	start := !s.running
	s.running = true
	s.mu.Unlock()
	if start {
		go s.drain()
	}
	return answer
}

func (s *Seat) drain() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		j := s.queue[0]
		s.queue[0] = seatJob{}
		s.queue = s.queue[1:]
		s.mu.Unlock()
		ev, err := s.hub.sess.Apply(s.who.ID, j.cmd)
		j.answer <- Answer{Event: ev, Err: err}
	}
}

// Preview recalculates st's allocation with one more move, light (no
// neighbourhood grid), through the workshop's shared preview service.
func (s *Seat) Preview(ctx context.Context, st *State, mv model.Move) (*model.Result, error) {
	return s.hub.previews.Run(ctx, st.Scenario, mv)
}
