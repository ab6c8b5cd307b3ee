package tui

import (
	"sync"

	"totalplace/sessions"
)

// Room is what the screens of one workshop share: the parts of their
// frames (header, board rows, panels, key line) rendered once for a state
// and a layout, and then composed by every screen showing that state. Two
// hundred screens at one size render the board twice (with and without
// the cursor on each row) rather than two hundred times. Parts are
// immutable strings, kept for the newest two states: a screen a version
// behind still finds its parts while it catches up.
type Room struct {
	mu     sync.Mutex
	states [2]*sessions.State
	parts  [2]map[any]*partCall
	// entries are History's worded events, kept across states: an event
	// never changes but for its reason, which is in its key.
	entries map[any][]string
	// doers is the latest list of who is in the middle of something. Not a
	// part: the roster changes far more often than the state, and parts
	// are kept for a state's life.
	doers doersMemo
}

// doersMemo is who here is in the middle of something, for one roster
// version and state.
type doersMemo struct {
	version uint64
	st      *sessions.State
	ds      []doer
}

// doersFor returns the doers of roster version in st, making them with
// build on a miss. Only the latest is kept.
func (r *Room) doersFor(version uint64, st *sessions.State, build func() []doer) []doer {
	r.mu.Lock()
	d := r.doers
	r.mu.Unlock()
	if d.st == st && d.version == version && st != nil {
		return d.ds
	}
	ds := build()
	r.mu.Lock()
	r.doers = doersMemo{version: version, st: st, ds: ds}
	r.mu.Unlock()
	return ds
}

// maxEntries bounds the kept History entries; past it they are made anew.
const maxEntries = 50000

// entry returns the History entry named key, making it with build on a miss.
func (r *Room) entry(key any, build func() []string) []string {
	r.mu.Lock()
	v, ok := r.entries[key]
	r.mu.Unlock()
	if ok {
		return v
	}
	v = build()
	r.mu.Lock()
	if r.entries == nil || len(r.entries) >= maxEntries {
		r.entries = map[any][]string{}
	}
	r.entries[key] = v
	r.mu.Unlock()
	return v
}

// NewRoom makes the shared part of a workshop's screens. Pass it in
// Options.Room to every screen of one workshop; a screen without one gets
// its own.
func NewRoom() *Room { return &Room{} }

// part returns the part st and key name, making it with build on a miss.
// key must hold every input besides st that shapes the part. The first
// screen to miss builds it, outside the lock; the others that ask for it
// meanwhile wait for that one rather than each building it (two hundred
// screens are told of a change at once).
func (r *Room) part(st *sessions.State, key any, build func() any) any {
	r.mu.Lock()
	slot := r.slot(st)
	if slot < 0 {
		r.mu.Unlock()
		return build() // an older state than any kept: not worth keeping
	}
	if c, ok := r.parts[slot][key]; ok {
		r.mu.Unlock()
		<-c.done
		return c.v
	}
	c := &partCall{done: make(chan struct{})}
	r.parts[slot][key] = c
	r.mu.Unlock()
	defer close(c.done) // even if build panics, nobody waits for ever
	c.v = build()
	return c.v
}

// partCall is a part being built, or built.
type partCall struct {
	done chan struct{}
	v    any
}

// slot finds or makes room for st's parts; -1 when st is older than both
// kept states. r.mu is held.
func (r *Room) slot(st *sessions.State) int {
	for i, s := range r.states {
		if s == st {
			return i
		}
	}
	// Replace the older (or empty) slot, unless st is older than both.
	old := 0
	if r.states[1] == nil || (r.states[0] != nil && r.states[1].Version < r.states[0].Version) {
		old = 1
	}
	if s := r.states[old]; s != nil && st.Version < s.Version {
		return -1
	}
	r.states[old], r.parts[old] = st, map[any]*partCall{}
	return old
}

// look is what shapes every part besides its own key: one state drawn for
// a projector, in ASCII or on a light background is drawn differently.
type look struct{ projector, ascii, light bool }

type lookKey struct {
	look
	key any
}

// part is the room's part named key for this screen's state and look.
func (m *Model) part(key any, build func() any) any {
	return m.room.part(m.st, lookKey{look{m.com.projector, m.com.ascii, m.com.light}, key}, build)
}
