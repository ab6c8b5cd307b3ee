package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"totalplace/internal/atomicfile"
	"totalplace/model"
	"totalplace/sessions"
	"totalplace/tui"
)

// workshop is one shared workshop the server hosts: its code, who started
// it, and, once someone has joined since the server started, the open
// session with its hub and room.
type workshop struct {
	Code        string    `json:"code"`
	Session     string    `json:"session"`
	Place       string    `json:"place"`
	Facilitator string    `json:"facilitator"` // the identity that ran "new"
	Created     time.Time `json:"created"`

	open    sync.Once
	ready   atomic.Bool  // set once sess, hub and room are
	screens atomic.Int32 // participants' screens open now
	err     error
	sess    *sessions.Session
	hub     *sessions.Hub
	room    *tui.Room
}

// registry is the server's workshops, by code, kept in an index file
// beside their journals so that codes work again after a restart.
type registry struct {
	dir       string // journals
	indexPath string
	openPlace func(ref string) (*model.Place, error)
	limits    Limits

	mu     sync.Mutex
	byCode map[string]*workshop
}

// errUnknownCode is what a wrong join code gets.
var errUnknownCode = errors.New("no workshop has that code")

func openRegistry(dataDir string, openPlace func(string) (*model.Place, error), limits Limits) (*registry, error) {
	r := &registry{dir: filepath.Join(dataDir, "sessions"), indexPath: filepath.Join(dataDir, "workshops.json"), openPlace: openPlace, limits: limits, byCode: map[string]*workshop{}}
	if err := os.MkdirAll(r.dir, 0o700); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(r.indexPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return r, nil
	case err != nil:
		return nil, err
	}
	var ws []*workshop
	if err := json.Unmarshal(data, &ws); err != nil {
		return nil, fmt.Errorf("%s: %w", r.indexPath, err)
	}
	for _, w := range ws {
		r.byCode[w.Code] = w
	}
	return r, nil
}

// create starts a workshop on a place for facilitator, journals it, and
// records its code durably before returning it.
func (r *registry) create(placeRef string, facilitator sessions.Participant) (*workshop, error) {
	r.mu.Lock()
	full := len(r.byCode) >= r.limits.Workshops
	r.mu.Unlock()
	if full {
		return nil, fmt.Errorf("this server hosts %d workshops, its most (serve --max-workshops)", r.limits.Workshops)
	}
	place, err := r.openPlace(placeRef)
	if err != nil {
		return nil, err
	}
	sess, err := sessions.Create(r.dir, placeRef, place, facilitator)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var code string
	for {
		if code, err = newCode(); err != nil {
			sess.Close()
			return nil, err
		}
		if _, taken := r.byCode[code]; !taken {
			break
		}
	}
	w := &workshop{Code: code, Session: sess.ID(), Place: placeRef, Facilitator: facilitator.ID, Created: time.Now().UTC().Round(time.Second)}
	w.open.Do(func() { w.attach(sess, r.limits) })
	r.byCode[code] = w
	if err := r.save(); err != nil {
		delete(r.byCode, code)
		sess.Close()
		return nil, err
	}
	return w, nil
}

func (w *workshop) attach(sess *sessions.Session, limits Limits) {
	w.sess, w.hub, w.room = sess, sessions.NewHub(sess), tui.NewRoom()
	w.hub.LimitCommands(limits.CommandsASecond, 5)
	w.ready.Store(true)
}

// lookup finds the workshop with code and opens it if it is not open yet.
func (r *registry) lookup(code string) (*workshop, error) {
	r.mu.Lock()
	w, ok := r.byCode[normalCode(code)]
	r.mu.Unlock()
	if !ok {
		return nil, errUnknownCode
	}
	w.open.Do(func() {
		sess, err := sessions.Open(r.dir, w.Session, r.openPlace)
		if err != nil {
			w.err = err
			return
		}
		w.attach(sess, r.limits)
	})
	if w.err != nil {
		return nil, fmt.Errorf("workshop %s cannot be opened: %w", w.Code, w.err)
	}
	return w, nil
}

// mine is the workshops id started or has joined, newest first.
func (r *registry) mine(id string) []*workshop {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*workshop
	for _, w := range r.byCode {
		joined := false
		if w.ready.Load() {
			_, joined = w.sess.State().Participant(id)
		}
		if w.Facilitator == id || joined {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b *workshop) int { return b.Created.Compare(a.Created) })
	return out
}

// save writes the index atomically: a new file, synced, renamed over the
// old, and the directory synced, so a crash leaves one or the other.
func (r *registry) save() error {
	ws := make([]*workshop, 0, len(r.byCode))
	for _, w := range r.byCode {
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b *workshop) int { return a.Created.Compare(b.Created) })
	data, err := json.MarshalIndent(ws, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(r.indexPath, data, 0o600)
}

// close closes every open workshop's journal.
func (r *registry) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range r.byCode {
		if w.ready.Load() {
			w.sess.Close()
		}
	}
}
