package sessions

import (
	"slices"
	"sync"
	"time"
)

// Presence is who has a screen open on a workshop now and what they are
// doing: live, never journaled (a screen closing loses nothing).
type Presence struct {
	Participant
	Screens int       // screens this participant has open
	Active  time.Time // their last key or click
	Doing   string    // what they are in the middle of ("moving £3m from … to …"), or ""
}

// IdleAfter is how long without a key or click before someone shows as idle.
const IdleAfter = 2 * time.Minute

// Idle reports whether the participant has done nothing for IdleAfter.
func (p Presence) Idle(now time.Time) bool { return now.Sub(p.Active) >= IdleAfter }

// presence is a hub's live roster, with its own coalesced notifications:
// presence changes far more often than the journal, and must never wait
// on it.
type presence struct {
	mu      sync.Mutex
	who     map[string]*Presence
	version uint64
	subs    map[chan struct{}]struct{}
	now     func() time.Time
	lead    Lead
}

func newPresence() *presence {
	return &presence{who: map[string]*Presence{}, subs: map[chan struct{}]struct{}{}, now: time.Now}
}

// changed wakes subscribers without blocking; p.mu is held.
func (p *presence) changed() {
	p.version++
	for ch := range p.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Attach counts a screen open for the seat's participant until the
// returned func is called.
func (s *Seat) Attach() (detach func()) {
	p := s.hub.presence
	p.mu.Lock()
	e, ok := p.who[s.who.ID]
	if !ok {
		e = &Presence{Participant: s.who}
		p.who[s.who.ID] = e
	}
	e.Screens++
	e.Active = p.now()
	p.changed()
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if e.Screens--; e.Screens <= 0 {
				delete(p.who, s.who.ID)
			}
			p.changed()
		})
	}
}

// Touch marks the participant active (a key or a click). It tells the
// room only when they were idle, so typing costs nobody anything.
func (s *Seat) Touch() {
	p := s.hub.presence
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.who[s.who.ID]
	if !ok {
		return
	}
	now := p.now()
	wasIdle := e.Idle(now)
	e.Active = now
	if wasIdle {
		p.changed()
	}
}

// Doing says what the participant is in the middle of, for everyone to
// see ("" when nothing).
func (s *Seat) Doing(what string) {
	p := s.hub.presence
	p.mu.Lock()
	defer p.mu.Unlock()
	e, ok := p.who[s.who.ID]
	if !ok || e.Doing == what {
		return
	}
	e.Doing, e.Active = what, p.now()
	p.changed()
}

// Presence is who is here now, in the order they joined the session, and
// the version of that list (it grows with every change).
func (h *Hub) Presence() ([]Presence, uint64) {
	p := h.presence
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Presence, 0, len(p.who))
	for _, e := range p.who {
		out = append(out, *e)
	}
	order := map[string]int{}
	for i, pt := range h.sess.State().Participants {
		order[pt.ID] = i
	}
	slices.SortFunc(out, func(a, b Presence) int { return order[a.ID] - order[b.ID] })
	return out, p.version
}

// SubscribePresence is Subscribe for presence: a one-slot channel that
// receives when who is here, or what they are doing, changes.
func (h *Hub) SubscribePresence() (<-chan struct{}, func()) {
	p := h.presence
	ch := make(chan struct{}, 1)
	p.mu.Lock()
	p.subs[ch] = struct{}{}
	p.mu.Unlock()
	return ch, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if _, ok := p.subs[ch]; ok {
			delete(p.subs, ch)
			close(ch)
		}
	}
}

// Lead is what a facilitator's screen shows (its panel and chosen silo),
// for screens that follow it ("follow me": the projected screen shows
// what the facilitator chooses on their own).
type Lead struct {
	Panel int
	Silo  string
	By    string // the facilitator's ID; "" when nobody leads yet
}

// SetLead publishes what this facilitator's screen shows; a seat that is
// not a facilitator's leads nobody.
func (s *Seat) SetLead(panel int, silo string) {
	if s.who.Role != RoleFacilitator {
		return
	}
	p := s.hub.presence
	p.mu.Lock()
	defer p.mu.Unlock()
	l := Lead{Panel: panel, Silo: silo, By: s.who.ID}
	if p.lead == l {
		return
	}
	p.lead = l
	p.changed()
}

// Lead is what the facilitator's screen shows now.
func (h *Hub) Lead() Lead {
	p := h.presence
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lead
}
