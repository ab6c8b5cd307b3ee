package sessions

import (
	"errors"
	"sync"
)

// Hub is one workshop as many screens share it: the session (and through
// its State the place's one preparation), a preview service every screen
// asks, and the seats participants sit in. Solo use is a hub with one seat.
type Hub struct {
	sess     *Session
	previews *Previews
	presence *presence

	mu    sync.Mutex
	seats map[string]*Seat
	rate  float64 // commands a second each seat may send; 0 for no limit
	burst int
}

// LimitCommands caps each seat, from now on, at perSecond commands a
// second with bursts of burst: a server's guard against a participant (or
// a stuck key) flooding the workshop. Solo use sets none.
func (h *Hub) LimitCommands(perSecond float64, burst int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rate, h.burst = perSecond, max(burst, 1)
	for _, s := range h.seats {
		s.limit(perSecond, h.burst)
	}
}

// NewHub shares sess among screens. It does not own the session's
// lifetime: whoever opened the session closes it.
func NewHub(sess *Session) *Hub {
	return &Hub{sess: sess, previews: NewPreviews(sess.State().Model, 0), presence: newPresence(), seats: map[string]*Seat{}}
}

// Session is the hub's session.
func (h *Hub) Session() *Session { return h.sess }

// Previews is the workshop's shared preview service.
func (h *Hub) Previews() *Previews { return h.previews }

// Seat returns participant p's seat, joining p to the session (a journaled
// "join" event) unless p is already a participant with the same details.
// Asking again for the same ID returns the same seat, so a participant's
// commands stay in one order however many screens they open.
func (h *Hub) Seat(p Participant) (*Seat, error) {
	if foldSpace(p.ID) == "" {
		return nil, errors.New("a seat needs a participant ID")
	}
	p.ID = foldSpace(p.ID)
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.seats[p.ID]; ok {
		if _, joined := h.sess.State().Participant(p.ID); joined {
			return s, nil
		}
		// Removed by the facilitator since: joining again is a new join.
		if err := h.sess.Join(s.who); err != nil {
			return nil, err
		}
		return s, nil
	}
	known, ok := h.sess.State().Participant(p.ID)
	if !ok || (p.Role != "" && p.Role != known.Role) || (p.Name != "" && p.Name != known.Name) || (p.Agency != "" && p.Agency != known.Agency) {
		if err := h.sess.Join(p); err != nil {
			return nil, err
		}
		known, _ = h.sess.State().Participant(p.ID)
	}
	s := &Seat{hub: h, who: known}
	s.limit(h.rate, h.burst)
	h.seats[p.ID] = s
	return s, nil
}
