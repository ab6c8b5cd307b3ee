// Package sessions runs a workshop session: participants send commands, each
// accepted command becomes an event that is journaled durably before it takes
// effect, and every change publishes a new immutable State. A session is
// rebuilt after a crash by replaying its journal through the same code.
package sessions

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"totalplace/model"
)

// Participant is someone in a session. Solo use has one, ID "you".
type Participant struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Agency string `json:"agency,omitempty"`
	Role   Role   `json:"role,omitempty"`
	// Guest is a participant with no key to know them by: anyone could
	// have typed their name, so every screen says so, and they cannot
	// come back to the same seat after a drop.
	Guest bool `json:"guest,omitempty"`
}

// Role is what a participant may do in a workshop, checked by the session
// before anything is journaled (after soft-serve's typed access level).
type Role string

// Roles a participant can have. Observers watch: they cannot send commands.
const (
	RoleFacilitator Role = "facilitator"
	RolePartner     Role = "partner"
	RoleObserver    Role = "observer"
)

// SoloID is the participant ID of solo use.
const SoloID = "you"

// Command is something a participant asks the session to do.
type Command interface{ isCommand() }

// MoveMoney moves money between silos. Why is an optional one-line rationale.
type MoveMoney struct {
	Move model.Move
	Why  string
}

// Undo takes back the most recent move in effect.
type Undo struct{}

// Redo re-applies the most recently undone move. A new move or a switch of
// scenario forgets what could be redone.
type Redo struct{}

// SaveScenario saves the current allocation under a name, replacing any
// saved scenario of that name in place.
type SaveScenario struct{ Name string }

// SwitchScenario makes a saved scenario the current allocation. Afterwards
// undo takes back the saved scenario's own moves, most recent first, and
// there is nothing to redo.
type SwitchScenario struct{ Name string }

// TogglePool pools the silos of a pool, or unpools them if pooled. Pool
// toggles are not moves: undo and redo do not touch them.
type TogglePool struct{ Pool string }

// SetRationale sets or replaces the why of an earlier move event.
type SetRationale struct {
	Seq uint64
	Why string
}

func (MoveMoney) isCommand()      {}
func (Undo) isCommand()           {}
func (Redo) isCommand()           {}
func (SaveScenario) isCommand()   {}
func (SwitchScenario) isCommand() {}
func (TogglePool) isCommand()     {}
func (SetRationale) isCommand()   {}

// Event kinds.
const (
	KindStart  = "start"
	KindJoin   = "join"
	KindMove   = "move"
	KindUndo   = "undo"
	KindRedo   = "redo"
	KindSave   = "save"
	KindSwitch = "switch"
	KindPool   = "pool"
	KindWhy    = "why"
)

// Event is one journal record: who did what, when.
type Event struct {
	Seq         uint64          `json:"seq"`
	Time        time.Time       `json:"time"`
	Who         string          `json:"who"`  // participant ID
	Kind        string          `json:"kind"` // one of the Kind constants
	Move        *model.Move     `json:"move,omitempty"`
	Why         string          `json:"why,omitempty"`
	Target      uint64          `json:"target,omitempty"`     // for undo/redo/why: the Seq of the move event affected
	Name        string          `json:"name,omitempty"`       // scenario name, or pool id
	Place       string          `json:"place,omitempty"`      // on "start" and "place": the place ref (embedded id or file path)
	PlaceID     string          `json:"place_id,omitempty"`   // on "start": the place's id, so no other place is ever replayed
	PlaceHash   string          `json:"place_hash,omitempty"` // on "start": the place's Fingerprint, to notice later edits
	Participant *Participant    `json:"participant,omitempty"`
	Points      map[string]int  `json:"points,omitempty"`     // on "priorities": outcome id → points
	GainShare   *GainShareTerms `json:"gain_share,omitempty"` // on "gain-share"

	// Facts the session derives when it applies the event, so that no
	// screen replays the history to find them. Not journaled: replay
	// derives them again through the same step.
	MoveNumber int  `json:"-"` // on "move": 1 for the session's first move event, and so on
	Pooled     bool `json:"-"` // on "pool": true when it pooled, false when it unpooled
}

// NamedScenario is a saved allocation.
type NamedScenario struct {
	Name     string
	Scenario model.Scenario
	// Result is light (no neighbourhood grid), so saved scenarios cost
	// little to keep; switching to one runs it in full.
	Result  *model.Result
	SavedBy string
	SavedAt time.Time
}

// State is an immutable snapshot published after every change. Never mutate
// it or anything it points to: later snapshots share its slices.
type State struct {
	Version  uint64 // the Seq of the last event
	ID       string // session id
	PlaceRef string
	Place    *model.Place
	// Model is the place prepared for the engine, shared read-only by every
	// screen: ask it what a silo can give or take (CanGive, WhyCannotGive).
	Model    *model.Prepared
	Scenario model.Scenario // the current allocation (moves in effect, after undo/redo)
	Result   *model.Result  // the engine's result for Scenario, never reused by the engine
	Baseline *model.Result  // the empty scenario's result
	// History is every event, oldest first (History[i].Seq == i+1). A move
	// event's Why is its current rationale: a later "why" event replaces it.
	History   []Event
	Applied   []uint64        // Seq of the move events in effect, in order (parallel to Scenario.Moves)
	Scenarios []NamedScenario // saved, in the order first saved
	// Proposals are every move that needed another agency's agreement, in
	// the order proposed, with its answer; Consent says whether partners'
	// moves out of other agencies' silos need it (on unless the facilitator
	// switched it off).
	Proposals []Proposal
	Consent   bool
	// Stage is where the meeting is; Frozen stops partners' moves.
	Stage   Stage
	Frozen  bool
	CanUndo bool
	CanRedo bool
	// LastChange is the kind of the last event that changed the allocation
	// (a move, an agreed proposal, an undo, a redo, a switch or a pool), and
	// PoolToggles how many times pools were switched on or off.
	LastChange  string
	PoolToggles int
	// Redo is the Seq of the move event redo would re-apply, 0 when none.
	Redo         uint64
	Participants []Participant
	// What partners are held to account by (accountability.go): community
	// priorities (hidden from screens while PrioritiesHidden), gain-share
	// agreements in force, asks of the centre, sign-offs (each
	// participant's latest), and whether the Plan stage requires reasons.
	Priorities       []PriorityVote
	PrioritiesHidden bool
	GainShares       []GainShare
	Asks             []Ask
	SignOffs         []SignOffMark
	ReasonsRequired  bool
	// Notice is set only on the state Open publishes (e.g. a dropped torn
	// record after a crash) and is empty from the next change on.
	Notice string
}

// AllocationSaved reports whether the allocation on screen is held by a
// saved scenario (or is empty), so switching away loses nothing.
func (st *State) AllocationSaved() bool {
	if len(st.Scenario.Moves) == 0 && len(st.Scenario.Pools) == 0 {
		return true
	}
	for _, ns := range st.Scenarios {
		if st.Scenario.SameAllocation(ns.Scenario) {
			return true
		}
	}
	return false
}

// Participant returns the participant with the given ID.
func (st *State) Participant(id string) (Participant, bool) {
	for _, p := range st.Participants {
		if p.ID == id {
			return p, true
		}
	}
	return Participant{}, false
}

// NameHolder is who else in the workshop goes by p's name, so that no one
// can speak under another's name. Guests may share one: a guest back
// after a drop is a new guest, with the name they had.
func (st *State) NameHolder(p Participant) (Participant, bool) {
	name := foldSpace(p.Name)
	if name == "" {
		return Participant{}, false
	}
	for _, q := range st.Participants {
		if q.ID != p.ID && strings.EqualFold(foldSpace(q.Name), name) && !(q.Guest && p.Guest) {
			return q, true
		}
	}
	return Participant{}, false
}

// Errors a refused command may wrap (test with errors.Is). Moves the engine
// refuses return its *model.MoveError unchanged.
var (
	ErrNothingToUndo   = errors.New("nothing to undo")
	ErrNothingToRedo   = errors.New("nothing to redo")
	ErrUnknownScenario = errors.New("no saved scenario")
	ErrNotAllowed      = errors.New("not allowed")
	ErrClosed          = errors.New("session is closed")
	ErrNameTaken       = errors.New("name taken")
)

// Limits on text participants type, so one record stays one line on
// screen: MaxName for a scenario's name and a participant's name, ID and
// agency, MaxWhy for a move's reason, in characters once whitespace is
// folded. Screens use them to say the limit as people type.
const (
	MaxName = 80
	MaxWhy  = 500
)

// Session is one workshop: its journal, engine and current state.
type Session struct {
	id   string
	path string
	dir  string
	eng  *model.Engine // the session's own scratch over st.Model

	mu     sync.Mutex // guards everything below and serialises journal writes
	f      *os.File   // nil once closed
	size   int64      // bytes of valid records in the journal
	cur    core
	broken error // set when the journal could not be put back after a failed write
	buf    []byte

	state atomic.Pointer[State] // the published snapshot, read without the lock

	subsMu sync.Mutex
	subs   map[chan struct{}]struct{}
	closed bool
}

// core is everything an event changes: the state and the bookkeeping behind
// undo, redo and saved scenarios. step builds a new core from an old one
// without mutating it, so a refused or unjournaled event leaves no trace.
type core struct {
	st           State
	redo         []uint64   // undone move seqs, most recent last
	savedApplied [][]uint64 // parallel to st.Scenarios
	moves        int        // move events so far, for MoveNumber
}

// Create starts a new session for a place in dir (made if missing), journals
// a "start" event, and returns it. placeRef is how to find the place again on
// resume. An empty who.ID means solo use: ID "you", role facilitator.
func Create(dir string, placeRef string, place *model.Place, who Participant) (*Session, error) {
	if place == nil {
		return nil, errors.New("create session: no place")
	}
	if strings.TrimSpace(who.ID) == "" {
		who.ID = SoloID
	}
	if strings.TrimSpace(string(who.Role)) == "" {
		who.Role = RoleFacilitator
	}
	who, err := cleanParticipant(who)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	var (
		f    *os.File
		id   string
		path string
	)
	for range 20 {
		id, err = newID(time.Now())
		if err != nil {
			return nil, err
		}
		path = filepath.Join(dir, id+journalExt)
		f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	fail := func(err error) (*Session, error) {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("create session: %w", err)
	}
	if err := lockFile(f); err != nil {
		return fail(err)
	}
	s := newSession(dir, id, path, f, place)
	ev := Event{Seq: 1, Time: now(), Who: who.ID, Kind: KindStart, Place: placeRef, PlaceID: place.ID, PlaceHash: place.Fingerprint(), Participant: &who}
	c, err := step(s.eng, s.cur, ev, true)
	if err != nil {
		return fail(err)
	}
	if err := s.append(ev); err != nil {
		return fail(err)
	}
	// The file's name must survive a crash too, not just its contents.
	if err := syncDir(dir); err != nil {
		return fail(err)
	}
	s.commit(c)
	return s, nil
}

func newSession(dir, id, path string, f *os.File, place *model.Place) *Session {
	prep := model.Prepare(place)
	eng := prep.NewEngine()
	base, err := eng.Run(model.Scenario{})
	if err != nil {
		base = nil // an empty scenario is never refused; keep going regardless
	}
	s := &Session{id: id, dir: dir, path: path, f: f, eng: eng, subs: map[chan struct{}]struct{}{}}
	s.cur.st = State{ID: id, Place: place, Model: prep, Baseline: base}
	return s
}

// now is the time stamped on events: UTC and without a monotonic reading,
// so a replayed event equals the one first made.
func now() time.Time { return time.Now().UTC().Round(0) }

// ID is the session id.
func (s *Session) ID() string { return s.id }

// Path is the session's journal file.
func (s *Session) Path() string { return s.path }

// State returns the current snapshot. It never blocks.
func (s *Session) State() *State { return s.state.Load() }

// Do checks a command, journals its event durably and only then applies it
// and publishes the new state. A refused command returns an error and changes
// nothing, on disk or in memory. Safe for concurrent use.
func (s *Session) Do(who string, cmd Command) error {
	_, err := s.Apply(who, cmd)
	return err
}

// Apply is Do, returning the event as journaled and applied: a partner's
// move of another agency's money comes back as a proposal.
func (s *Session) Apply(who string, cmd Command) (Event, error) {
	// The same ID Join would have recorded for this participant.
	who = foldSpace(who)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return Event{}, err
	}
	ev, err := s.eventFor(who, cmd)
	if err != nil {
		return Event{}, err
	}
	if err := s.record(ev); err != nil {
		return Event{}, err
	}
	return s.cur.st.History[len(s.cur.st.History)-1], nil
}

// Join adds a participant, or updates one who has joined before, and
// journals a "join" event. An empty role means partner.
func (s *Session) Join(p Participant) error {
	if strings.TrimSpace(string(p.Role)) == "" {
		p.Role = RolePartner
	}
	p, err := cleanParticipant(p)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.usable(); err != nil {
		return err
	}
	if _, taken := s.cur.st.NameHolder(p); taken {
		return fmt.Errorf("%w: %q is someone else's name in this workshop; choose another", ErrNameTaken, p.Name)
	}
	return s.record(Event{Who: p.ID, Kind: KindJoin, Participant: &p})
}

func (s *Session) usable() error {
	if s.f == nil {
		return ErrClosed
	}
	return s.broken
}

// record stamps, applies, journals and publishes one event; s.mu is held.
func (s *Session) record(ev Event) error {
	if p, ok := s.cur.st.Participant(ev.Who); ok {
		if err := authorize(&s.cur.st, p, &ev); err != nil {
			return err
		}
		if err := reasonRule(&s.cur.st, &ev); err != nil {
			return err
		}
		if err := gainShareRule(&s.cur.st, &ev); err != nil {
			return err
		}
	}
	ev.Seq = s.cur.st.Version + 1
	ev.Time = now()
	c, err := step(s.eng, s.cur, ev, true)
	if err != nil {
		return err
	}
	if err := s.append(ev); err != nil {
		return err
	}
	s.commit(c)
	return nil
}

// commit makes c current, publishes it and wakes subscribers without ever
// blocking on them.
func (s *Session) commit(c core) {
	s.cur = c
	st := c.st
	s.state.Store(&st)
	s.subsMu.Lock()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // already signalled: the subscriber will read the latest state
		}
	}
	s.subsMu.Unlock()
}

// Subscribe returns a channel that receives whenever the state changes (one
// slot, so bursts coalesce: read State() after each receive), and a cancel
// func. The channel is closed by cancel or Close.
func (s *Session) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.subsMu.Lock()
	defer s.subsMu.Unlock()
	if s.closed {
		close(ch)
		return ch, func() {}
	}
	s.subs[ch] = struct{}{}
	return ch, func() {
		s.subsMu.Lock()
		defer s.subsMu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

// Close closes the journal and every subscriber channel. The last state
// stays readable.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if s.f != nil {
		err = s.f.Close()
		s.f = nil
	}
	s.subsMu.Lock()
	if !s.closed {
		s.closed = true
		for ch := range s.subs {
			close(ch)
		}
		clear(s.subs)
	}
	s.subsMu.Unlock()
	return err
}

// eventFor turns a command into the event it would journal, checking what
// can be checked without the engine; step checks the rest.
func (s *Session) eventFor(who string, cmd Command) (Event, error) {
	ev := Event{Who: who}
	c := &s.cur
	switch cmd := cmd.(type) {
	case MoveMoney:
		m := cmd.Move
		m.Target.Neighbourhoods = s.targetCodes(m.Target.Neighbourhoods)
		why, err := cleanText("why", cmd.Why, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Move, ev.Why = KindMove, &m, why
	case *MoveMoney:
		return s.eventFor(who, *cmd)
	case Undo, *Undo:
		if len(c.st.Applied) == 0 {
			return ev, ErrNothingToUndo
		}
		ev.Kind, ev.Target = KindUndo, c.st.Applied[len(c.st.Applied)-1]
	case Redo, *Redo:
		if len(c.redo) == 0 {
			return ev, ErrNothingToRedo
		}
		ev.Kind, ev.Target = KindRedo, c.redo[len(c.redo)-1]
	case SaveScenario:
		name, err := cleanText("scenario name", cmd.Name, MaxName, true)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Name = KindSave, name
	case SwitchScenario:
		// Normalised as SaveScenario's name was, so the name typed to save
		// finds what was saved; no length check: a longer name is simply unknown.
		ev.Kind, ev.Name = KindSwitch, foldSpace(cmd.Name)
	case TogglePool:
		ev.Kind, ev.Name = KindPool, cmd.Pool
	case SetRationale:
		why, err := cleanText("why", cmd.Why, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Target, ev.Why = KindWhy, cmd.Seq, why
	case AnswerProposal:
		why, err := cleanText("why", cmd.Why, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Target, ev.Why = KindDecline, cmd.Proposal, why
		if cmd.Agree {
			ev.Kind = KindAgree
		}
	case SetConsent:
		ev.Kind, ev.Name = KindConsent, "off"
		if cmd.On {
			ev.Name = "on"
		}
	case SetStage:
		ev.Kind, ev.Name = KindStage, string(cmd.Stage)
	case Freeze:
		ev.Kind, ev.Name = KindFreeze, "off"
		if cmd.On {
			ev.Name = "on"
		}
	case Rewind:
		ev.Kind, ev.Target = KindRewind, cmd.Seq
	case Remove:
		ev.Kind, ev.Name = KindRemove, foldSpace(cmd.ID)
	default:
		return s.accountabilityEvent(ev, cmd)
	}
	return ev, nil
}

// foldSpace is the one normalisation of text typed by participants: runs
// of whitespace (including newlines) become one space and the ends are
// trimmed, so each text stays one line and equal-looking names are equal.
func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText folds whitespace with foldSpace and enforces a length limit.
func cleanText(what, s string, max int, required bool) (string, error) {
	s = foldSpace(s)
	switch {
	case s == "" && required:
		return "", fmt.Errorf("the %s is empty", what)
	case len([]rune(s)) > max:
		return "", fmt.Errorf("the %s is too long: %d characters, at most %d", what, len([]rune(s)), max)
	}
	return s, nil
}

// cleanParticipant normalises and limits a participant's text as cleanText
// does for other text, so a join record stays one short line that the
// journal can always read back, and checks the role.
func cleanParticipant(p Participant) (Participant, error) {
	if foldSpace(p.ID) == "" {
		return p, errors.New("a participant needs an ID")
	}
	var err error
	for _, f := range []struct {
		what string
		s    *string
	}{{"participant ID", &p.ID}, {"participant name", &p.Name}, {"agency", &p.Agency}} {
		if *f.s, err = cleanText(f.what, *f.s, MaxName, false); err != nil {
			return p, err
		}
	}
	switch p.Role = Role(foldSpace(string(p.Role))); p.Role {
	case RoleFacilitator, RolePartner, RoleObserver:
		return p, nil
	}
	return p, fmt.Errorf("unknown role %q: expected %s, %s or %s", p.Role, RoleFacilitator, RolePartner, RoleObserver)
}

// targetCodes copies a move's target neighbourhoods without repeats, so a
// long list of the same code cannot make the move's record too big to
// journal; targeting is by set, so repeats never changed the result. Once
// unique, the list can only exceed the place's neighbourhood count with an
// unknown code, which the engine refuses in step with its own MoveError.
func (s *Session) targetCodes(codes []string) []string {
	if len(codes) == 0 {
		return nil // as replay decodes it: an empty list is not journaled
	}
	out := make([]string, 0, min(len(codes), len(s.cur.st.Place.Neighbourhoods)+1))
	seen := make(map[string]bool, cap(out))
	for _, c := range codes {
		if seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
		if len(out) > len(s.cur.st.Place.Neighbourhoods) {
			break // already one unknown code: enough for the engine to refuse
		}
	}
	return out
}

// step applies one event to c and returns the new core, or refuses it.
// Do and replay both come through here. With run set it computes the new
// result; without (replay) it only checks, and Open computes results once at
// the end. A nil engine skips the engine's checks (List counts moves so).
func step(eng *model.Engine, c core, ev Event, run bool) (core, error) {
	n := c
	st := &n.st
	// A notice (set by Open) belongs to the state it came with; carrying it
	// into later states would show a stale crash report to whoever looks.
	st.Notice = ""
	if want := uint64(len(c.st.History)) + 1; ev.Seq != want {
		return c, fmt.Errorf("event %d is out of order: expected event %d", ev.Seq, want)
	}
	if ev.Kind != KindStart && len(c.st.History) == 0 {
		return c, fmt.Errorf("the first event is %q, not %q", ev.Kind, KindStart)
	}
	switch ev.Kind {
	case KindStart, KindJoin:
	default:
		// What each role may do is checked live (authorize), not here:
		// replay trusts what the journal says was allowed.
		if _, ok := c.st.Participant(ev.Who); !ok {
			return c, fmt.Errorf("%w: %q has not joined this session", ErrNotAllowed, ev.Who)
		}
	}
	evaluate := func(sc model.Scenario) error {
		switch {
		case run:
			r, err := eng.Run(sc)
			if err != nil {
				return err
			}
			st.Result = r
		case eng != nil:
			if err := eng.Check(sc); err != nil {
				return err
			}
			st.Result = nil
		}
		st.Scenario = sc
		return nil
	}
	// Slices in published states are shared between snapshots, so every
	// append below goes through slices.Clip (forcing a copy) unless the slice
	// only ever grows, like History.
	history := c.st.History
	switch ev.Kind {
	case KindStart:
		if len(c.st.History) != 0 {
			return c, errors.New("a second start event")
		}
		if ev.Participant == nil {
			return c, errors.New("the start event names no participant")
		}
		st.PlaceRef = ev.Place
		st.Participants = []Participant{*ev.Participant}
		st.Consent = true
		st.Stage = StageCollaborate
		if err := evaluate(model.Scenario{}); err != nil {
			return c, err
		}
	case KindJoin:
		if ev.Participant == nil || ev.Participant.ID != ev.Who {
			return c, errors.New("a join event must name the participant who joins")
		}
		ps := slices.Clone(c.st.Participants)
		if i := slices.IndexFunc(ps, func(p Participant) bool { return p.ID == ev.Who }); i >= 0 {
			ps[i] = *ev.Participant
		} else {
			ps = append(ps, *ev.Participant)
		}
		st.Participants = ps
	case KindMove:
		if ev.Move == nil {
			return c, errors.New("a move event without a move")
		}
		sc := model.Scenario{Moves: append(slices.Clip(c.st.Scenario.Moves), *ev.Move), Pools: c.st.Scenario.Pools}
		if err := evaluate(sc); err != nil {
			return c, err
		}
		st.Applied = append(slices.Clip(c.st.Applied), ev.Seq)
		n.redo = nil
		n.moves++
		ev.MoveNumber = n.moves
	case KindUndo:
		k := len(c.st.Applied)
		if k == 0 {
			return c, ErrNothingToUndo
		}
		if ev.Target != c.st.Applied[k-1] {
			return c, fmt.Errorf("undo of event %d, but the last move in effect is event %d", ev.Target, c.st.Applied[k-1])
		}
		sc := model.Scenario{Moves: c.st.Scenario.Moves[: k-1 : k-1], Pools: c.st.Scenario.Pools}
		if err := evaluate(sc); err != nil {
			return c, err
		}
		st.Applied = c.st.Applied[: k-1 : k-1]
		n.redo = append(slices.Clip(c.redo), ev.Target)
	case KindRedo:
		k := len(c.redo)
		if k == 0 {
			return c, ErrNothingToRedo
		}
		if ev.Target != c.redo[k-1] {
			return c, fmt.Errorf("redo of event %d, but the last undone move is event %d", ev.Target, c.redo[k-1])
		}
		m := c.st.History[ev.Target-1].Move
		sc := model.Scenario{Moves: append(slices.Clip(c.st.Scenario.Moves), *m), Pools: c.st.Scenario.Pools}
		if err := evaluate(sc); err != nil {
			return c, err
		}
		st.Applied = append(slices.Clip(c.st.Applied), ev.Target)
		n.redo = c.redo[: k-1 : k-1]
	case KindSave:
		if ev.Name == "" {
			return c, errors.New("a saved scenario needs a name")
		}
		ns := NamedScenario{Name: ev.Name, Scenario: c.st.Scenario, Result: lightCopy(c.st.Result), SavedBy: ev.Who, SavedAt: ev.Time}
		i := indexScenario(c.st.Scenarios, ev.Name)
		st.Scenarios = slices.Clone(c.st.Scenarios)
		n.savedApplied = slices.Clone(c.savedApplied)
		if i >= 0 {
			st.Scenarios[i], n.savedApplied[i] = ns, c.st.Applied
		} else {
			st.Scenarios = append(st.Scenarios, ns)
			n.savedApplied = append(n.savedApplied, c.st.Applied)
		}
	case KindSwitch:
		i := indexScenario(c.st.Scenarios, ev.Name)
		if i < 0 {
			return c, unknownScenario(ev.Name, c.st.Scenarios)
		}
		// The saved result is light: run it in full (it passed the engine
		// when saved, so this only fails if the place changed).
		if err := evaluate(c.st.Scenarios[i].Scenario); err != nil {
			return c, err
		}
		st.Applied = c.savedApplied[i]
		n.redo = nil
	case KindPool:
		pools := slices.Clone(c.st.Scenario.Pools)
		if i := slices.Index(pools, ev.Name); i >= 0 {
			pools = slices.Delete(pools, i, i+1)
		} else {
			pools = append(pools, ev.Name)
			ev.Pooled = true
		}
		if err := evaluate(model.Scenario{Moves: c.st.Scenario.Moves, Pools: pools}); err != nil {
			return c, err
		}
	case KindPlace:
		if ev.Place == "" {
			return c, errors.New("a place event names no place")
		}
		st.PlaceRef = ev.Place
	case KindPropose, KindAgree, KindDecline, KindConsent:
		if err := stepConsent(c, &n, &ev, evaluate); err != nil {
			return c, err
		}
	case KindStage, KindFreeze, KindRewind, KindRemove:
		if err := stepStages(c, &n, &ev, evaluate); err != nil {
			return c, err
		}
	case KindPriorities, KindShowPriorities, KindGainShare, KindEndGainShare, KindAsk, KindSignOff, KindReasons:
		if err := stepAccountability(eng, c, &n, &ev); err != nil {
			return c, err
		}
	case KindWhy:
		if ev.Target == 0 || ev.Target > uint64(len(c.st.History)) || !c.st.History[ev.Target-1].IsMove() {
			return c, fmt.Errorf("event %d is not a move: only moves have a why", ev.Target)
		}
		// Rewriting an old event must not show through older snapshots.
		history = slices.Clone(history)
		history[ev.Target-1].Why = ev.Why
	default:
		return c, fmt.Errorf("unknown event kind %q", ev.Kind)
	}
	switch ev.Kind {
	case KindMove, KindAgree, KindUndo, KindRedo, KindSwitch:
		st.LastChange = ev.Kind
	case KindPool:
		st.LastChange = ev.Kind
		st.PoolToggles++
	}
	st.History = append(history, ev)
	st.Version = ev.Seq
	st.CanUndo = len(st.Applied) > 0
	st.CanRedo = len(n.redo) > 0
	st.Redo = 0
	if k := len(n.redo); k > 0 {
		st.Redo = n.redo[k-1]
	}
	return n, nil
}

// lightCopy is r without its neighbourhood grid, sharing everything else
// (results in states are never mutated). Nil for nil.
func lightCopy(r *model.Result) *model.Result {
	if r == nil {
		return nil
	}
	return r.WithoutGrid()
}

func indexScenario(ss []NamedScenario, name string) int {
	return slices.IndexFunc(ss, func(ns NamedScenario) bool { return ns.Name == name })
}

func unknownScenario(name string, ss []NamedScenario) error {
	if len(ss) == 0 {
		return fmt.Errorf("%w called %q: none saved yet", ErrUnknownScenario, name)
	}
	names := make([]string, len(ss))
	for i, ns := range ss {
		names[i] = ns.Name
	}
	return fmt.Errorf("%w called %q (saved: %s)", ErrUnknownScenario, name, strings.Join(names, ", "))
}

func displayName(p Participant) string {
	if p.Name != "" {
		return p.Name
	}
	return p.ID
}

// DefaultDir is $XDG_DATA_HOME/totalplace/sessions, or
// ~/.local/share/totalplace/sessions.
func DefaultDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "totalplace", "sessions"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no directory for sessions: %w", err)
	}
	return filepath.Join(home, ".local", "share", "totalplace", "sessions"), nil
}
