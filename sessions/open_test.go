package sessions

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"totalplace/model"
)

// Each reason a session will not open has its own error, so the command
// line can say what to do about that one.
func TestOpenErrorsAreDistinct(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))

	_, err := Open(dir, "20260101-000000-beef", loadSmall)
	if !errors.Is(err, ErrNoSession) || !strings.Contains(err.Error(), "20260101-000000-beef") {
		t.Errorf("unknown id: %v", err)
	}

	// s still has it open.
	_, err = Open(dir, s.ID(), loadSmall)
	var le *LockedError
	if !errors.As(err, &le) || le.ID != s.ID() || le.Path != s.Path() || !strings.Contains(err.Error(), "is open in") {
		t.Fatalf("locked: %v", err)
	}
	if runtime.GOOS == "linux" && !strings.Contains(le.Holder, fmt.Sprint(os.Getpid())) {
		t.Errorf("locked: holder %q does not name this process (%d)", le.Holder, os.Getpid())
	}
	id := s.ID()
	s.Close()

	gone := func(ref string) (*model.Place, error) {
		return nil, fmt.Errorf("cannot read place file: %w", &fs.PathError{Op: "open", Path: ref, Err: fs.ErrNotExist})
	}
	_, err = Open(dir, id, gone)
	var pe *PlaceError
	if !errors.As(err, &pe) || pe.Ref != "small" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("place file missing: %v", err)
	}

	smaller := func(string) (*model.Place, error) {
		p := smallPlace()
		p.Silos[0].Budget.Value = 60.5e6 // £0.5m can move now: the £1m move no longer fits
		return p, nil
	}
	_, err = Open(dir, id, smaller)
	var pce *PlaceChangedError
	if !errors.As(err, &pce) || pce.Ref != "small" || pce.Offset == 0 {
		t.Errorf("place changed: %v", err)
	}
	if errors.As(err, &pe) || errors.Is(err, ErrNoSession) {
		t.Errorf("place changed reads as another failure: %v", err)
	}
}

// otherPlace is smallPlace under another id: same figures, another place.
func otherPlace(string) (*model.Place, error) {
	p := smallPlace()
	p.ID, p.Name = "other", "Other"
	return p, nil
}

// TestOpenRefusesAnotherPlace: a session's moves are never replayed on
// another place's figures, nor new ones journaled into it, however the
// place is given; the journal is left as it was.
func TestOpenRefusesAnotherPlace(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	id, path := s.ID(), s.Path()
	s.Close()
	before, _ := os.ReadFile(path)
	for name, open := range map[string]func() (*Session, error){
		"Open":      func() (*Session, error) { return Open(dir, id, otherPlace) },
		"OpenMoved": func() (*Session, error) { return OpenMoved(dir, id, "you", "/new/other.toml", otherPlace) },
	} {
		_, err := open()
		var me *PlaceMismatchError
		if !errors.As(err, &me) || me.Want != "small" || me.Got != "other" || me.ID != id {
			t.Errorf("%s: %v", name, err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
			t.Errorf("%s: a refused open changed the journal", name)
		}
	}
}

// withoutPlaceID rewrites a journal as one written before start events
// named their place's id.
func withoutPlaceID(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sr, err := scan(path, data)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := decode(path, sr.recs[0])
	if err != nil || ev.PlaceID == "" {
		t.Fatalf("start event %+v, %v: no place id to remove", ev, err)
	}
	ev.PlaceID = ""
	payload, _ := json.Marshal(ev)
	end := int64(len(data))
	if len(sr.recs) > 1 {
		end = sr.recs[1].off
	}
	out := append(frame(nil, payload), data[end:]...)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A journal from before start events named the place's id is checked
// against the place at its recorded ref, when that still loads.
func TestOpenMovedChecksAnOlderJournalAgainstItsRecordedPlace(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	id, path := s.ID(), s.Path()
	s.Close()
	withoutPlaceID(t, path)
	load := func(ref string) (*model.Place, error) {
		switch ref {
		case "small":
			return smallPlace(), nil
		case "other.toml":
			return otherPlace(ref)
		}
		return nil, fs.ErrNotExist
	}
	var me *PlaceMismatchError
	if _, err := OpenMoved(dir, id, "you", "other.toml", load); !errors.As(err, &me) || me.Want != "small" {
		t.Fatalf("another place for an older journal: %v", err)
	}
	// Its recorded place gone, there is nothing to check it against.
	gone := func(ref string) (*model.Place, error) {
		if ref == "small" {
			return nil, fs.ErrNotExist
		}
		return load(ref)
	}
	s2, err := OpenMoved(dir, id, "you", "other.toml", gone)
	if err != nil {
		t.Fatalf("older journal, its place gone: %v", err)
	}
	s2.Close()
}

// TestOpenMovedRecordsTheNewRef: after a moved place file is given once,
// the session finds it there from then on, and says so in List.
func TestOpenMovedRecordsTheNewRef(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	id := s.ID()
	s.Close()
	onlyAt := func(where string) func(string) (*model.Place, error) {
		return func(ref string) (*model.Place, error) {
			if ref != where {
				return nil, fmt.Errorf("no place file %q: %w", ref, fs.ErrNotExist)
			}
			return smallPlace(), nil
		}
	}
	if _, err := Open(dir, id, onlyAt("/moved/small.toml")); err == nil {
		t.Fatal("opened with the place file gone from its recorded ref")
	}
	s2, err := OpenMoved(dir, id, "you", "/moved/small.toml", onlyAt("/moved/small.toml"))
	if err != nil {
		t.Fatal(err)
	}
	st := s2.State()
	if st.PlaceRef != "/moved/small.toml" || len(st.Applied) != 1 || !strings.Contains(st.Notice, "/moved/small.toml") {
		t.Fatalf("after OpenMoved: ref %q, %d moves, notice %q", st.PlaceRef, len(st.Applied), st.Notice)
	}
	if last := st.History[len(st.History)-1]; last.Kind != KindPlace || last.Who != "you" || last.Place != "/moved/small.toml" {
		t.Fatalf("last event %+v", last)
	}
	s2.Close()
	// No new ref, no new event: opening again with the same ref changes nothing.
	s3, err := OpenMoved(dir, id, "you", "/moved/small.toml", onlyAt("/moved/small.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if s3.State().Version != st.Version {
		t.Fatalf("version %d, want %d", s3.State().Version, st.Version)
	}
	s3.Close()
	s4, err := Open(dir, id, onlyAt("/moved/small.toml"))
	if err != nil {
		t.Fatalf("reopen without the new ref: %v", err)
	}
	if got := s4.State(); got.PlaceRef != "/moved/small.toml" || len(got.Applied) != 1 {
		t.Fatalf("reopened: ref %q, %d moves", got.PlaceRef, len(got.Applied))
	}
	s4.Close()
	if infos, err := List(dir); err != nil || len(infos) != 1 || infos[0].Place != "/moved/small.toml" {
		t.Fatalf("List = %+v, %v", infos, err)
	}
}

// An observer may not move the session's place either.
func TestOpenMovedNeedsSomeoneWhoMayChangeIt(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	if err := s.Join(Participant{ID: "obs", Role: RoleObserver}); err != nil {
		t.Fatal(err)
	}
	id, path := s.ID(), s.Path()
	s.Close()
	before, _ := os.ReadFile(path)
	load := func(string) (*model.Place, error) { return smallPlace(), nil }
	if _, err := OpenMoved(dir, id, "obs", "/moved.toml", load); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("observer: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Fatal("a refused place event was journaled")
	}
}

// TestUntouchedSessionsAreNotKept: a session nobody changed is deleted when
// it closes, and List and Latest delete one left behind by a killed
// process, never one a running process holds, and offer neither.
func TestUntouchedSessionsAreNotKept(t *testing.T) {
	dir := t.TempDir()
	create := func() *Session {
		t.Helper()
		s, err := Create(dir, "small", smallPlace(), Participant{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	exists := func(s *Session) bool { _, err := os.Stat(s.Path()); return err == nil }

	joined := create()
	if err := joined.Join(Participant{ID: "amy"}); err != nil {
		t.Fatal(err)
	}
	if kept, err := joined.CloseUnlessChanged(); kept || err != nil || exists(joined) {
		t.Fatalf("joined only: kept %v, %v, file there %v", kept, err, exists(joined))
	}
	used := create()
	mustDo(t, used, "you", mv("acute", "prevention", 1e6))
	mustDo(t, used, "you", Undo{})
	if kept, err := used.CloseUnlessChanged(); !kept || err != nil || !exists(used) {
		t.Fatalf("with a move undone: kept %v, %v", kept, err)
	}
	if err := used.Do("you", Undo{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
	// The file system's clock is coarse (a few ms): age it, so that the
	// sessions made after it are newer, not ties broken by id.
	past := time.Now().Add(-time.Minute)
	if err := os.Chtimes(used.Path(), past, past); err != nil {
		t.Fatal(err)
	}

	// As a kill -9 leaves them: closed, never cleaned up. Then one in use.
	left := create()
	left.Close()
	leftToo := create()
	leftToo.Close()
	running := create()
	if id, err := Latest(dir); id != used.ID() || err != nil {
		t.Fatalf("Latest = %q, %v; want the session with changes %q", id, err, used.ID())
	}
	if exists(left) || exists(leftToo) || !exists(running) {
		t.Fatalf("after Latest: left %v, left too %v, running %v; want only the running one", exists(left), exists(leftToo), exists(running))
	}
	left2 := create()
	left2.Close()
	infos, err := List(dir)
	if err != nil || len(infos) != 1 || infos[0].ID != used.ID() {
		t.Fatalf("List = %+v, %v; want only %s", infos, err, used.ID())
	}
	if exists(left2) || !exists(running) {
		t.Fatalf("after List: left %v, running %v", exists(left2), exists(running))
	}
	// The running one is still usable and, once changed, kept and offered.
	mustDo(t, running, "you", mv("acute", "youth", 1e6))
	if id, _ := Latest(dir); id != running.ID() {
		t.Fatalf("Latest = %q, want %q", id, running.ID())
	}
}

// Open checks that the file it locked is still the journal: one deleted as
// untouched between opening and locking must not take new events.
func TestOpenRefusesAJournalRemovedWhileOpening(t *testing.T) {
	s, dir := newSolo(t)
	id, path := s.ID(), s.Path()
	s.Close()
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if gone, err := removeIfUntouched(dir, path); !gone || err != nil {
		t.Fatalf("removeIfUntouched: %v, %v", gone, err)
	}
	if _, err := open(dir, id, path, f, "", "", loadSmall); !errors.Is(err, ErrNoSession) {
		t.Fatalf("open of a removed journal: %v", err)
	}
}

// TestListNamesDamagedJournals: a journal that will not open is listed
// with what is wrong, never silently left out.
func TestListNamesDamagedJournals(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	damaged := map[string][]byte{
		"20260101-000000-0001": nil, // empty
		"20260101-000000-0002": append(bytes.Clone(data[:offs[2]]), append([]byte("oops\n"), data[offs[2]:]...)...),
		"20260101-000000-0003": append(bytes.Clone(data), "x\n"...),
		"20260101-000000-0004": data[offs[1]:], // no start record
	}
	for name, d := range damaged {
		writeJournal(t, dir, name, d)
	}
	infos, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		id:                     "",
		"20260101-000000-0001": "empty",
		"20260101-000000-0002": fmt.Sprintf("damaged record at byte %d", offs[2]),
		"20260101-000000-0003": fmt.Sprintf("damaged end from byte %d", len(data)),
		"20260101-000000-0004": "record at byte 0 does not replay",
	}
	if len(infos) != len(want) || infos[0].ID != id {
		t.Fatalf("List = %+v", infos)
	}
	for _, in := range infos {
		if w := want[in.ID]; (w == "") != (in.Problem == "") || !strings.Contains(in.Problem, w) {
			t.Errorf("%s: problem %q, want %q", in.ID, in.Problem, w)
		}
	}
	if in := infos[len(infos)-1]; in.ID != "20260101-000000-0004" {
		t.Errorf("damaged journals not listed last, by id: %+v", infos)
	}
	if os.Geteuid() != 0 { // root reads anything
		unreadable := writeJournal(t, dir, "20260101-000000-0005", data)
		os.Chmod(unreadable, 0)
		infos, _ = List(dir)
		if in := infos[len(infos)-1]; in.ID != "20260101-000000-0005" || !strings.Contains(in.Problem, "cannot be read") {
			t.Errorf("unreadable journal: %+v", in)
		}
	}
}
