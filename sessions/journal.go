package sessions

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"totalplace/model"
)

// The journal is one file per session, DIR/<id>.journal, one event a line:
//
//	<length> <crc32c of json, 8 hex digits> <json>\n
//
// Each record is written with one write on an O_APPEND file and synced
// before the event takes effect. A crash can only leave an incomplete last
// record; the length and checksum detect it so it is dropped, never misread.
// A record's only newline is its last byte (the JSON escapes any other), so
// what a crash leaves never holds one: a tail that does, or a whole record
// that fails its checksum, was damaged after it was written.
const journalExt = ".journal"

// maxRecord bounds a record's length so a damaged length field cannot make
// the reader treat the rest of the file as one record. append refuses
// anything longer, so every record written can be read back.
const maxRecord = 1 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// CorruptError reports a damaged record that a crash could not have left:
// one followed by valid records, or a last record that is complete (or
// followed by a newline) yet fails its checks. The journal is left untouched
// for a person to look at.
type CorruptError struct {
	Path   string
	Offset int64 // byte offset of the damaged record
	Reason string
	Last   bool // the damage is in the last record: nothing valid follows it
}

func (e *CorruptError) Error() string {
	if e.Last {
		return fmt.Sprintf("%s: the end of the journal, from byte %d, is damaged (%s) but not cut short as a crash leaves it: it was altered after it was written. The journal is left as it is: restore it from a backup, or drop its end and keep every record before it with: truncate -s %d %s",
			e.Path, e.Offset, e.Reason, e.Offset, shellQuote(e.Path))
	}
	return fmt.Sprintf("%s: damaged record at byte %d (%s) with valid records after it: the journal was altered, not torn by a crash; move it aside or restore it from a backup", e.Path, e.Offset, e.Reason)
}

// Short says what is wrong without the file's name or the remedy, for a list.
func (e *CorruptError) Short() string {
	if e.Last {
		return fmt.Sprintf("damaged end from byte %d (%s), not a crash's", e.Offset, e.Reason)
	}
	return fmt.Sprintf("damaged record at byte %d (%s), valid records after it", e.Offset, e.Reason)
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// frame appends the record for payload to buf.
func frame(buf, payload []byte) []byte {
	buf = strconv.AppendInt(buf, int64(len(payload)), 10)
	buf = append(buf, ' ')
	buf = fmt.Appendf(buf, "%08x", crc32.Checksum(payload, castagnoli))
	buf = append(buf, ' ')
	buf = append(buf, payload...)
	return append(buf, '\n')
}

var (
	errTorn      = errors.New("incomplete record")
	errNoNewline = errors.New("no newline after the record")
)

// parseRecord reads the record starting at data[off:]. It returns errTorn
// when the data ends before the record does, and another error when the
// record is malformed or fails its checksum.
func parseRecord(data []byte, off int) (payload []byte, end int, err error) {
	rest := data[off:]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		if len(rest) <= 8 && allDigits(rest) {
			return nil, 0, errTorn
		}
		return nil, 0, errors.New("no length")
	}
	if sp == 0 || sp > 8 || !allDigits(rest[:sp]) {
		return nil, 0, errors.New("bad length")
	}
	n, _ := strconv.Atoi(string(rest[:sp]))
	if n > maxRecord {
		return nil, 0, errors.New("length out of range")
	}
	h := sp + 1
	if len(rest) < h+9 {
		return nil, 0, errTorn
	}
	// Exactly as frame writes it: ParseUint alone would take "ABCD0123" too.
	sum, err := strconv.ParseUint(string(rest[h:h+8]), 16, 32)
	if err != nil || bytes.ContainsAny(rest[h:h+8], "ABCDEF") || rest[h+8] != ' ' {
		return nil, 0, errors.New("bad checksum field")
	}
	p := h + 9
	if len(rest) < p+n+1 {
		return nil, 0, errTorn
	}
	payload = rest[p : p+n]
	if rest[p+n] != '\n' {
		return nil, 0, errNoNewline
	}
	if uint32(sum) != crc32.Checksum(payload, castagnoli) {
		return nil, 0, errors.New("checksum mismatch")
	}
	return payload, off + p + n + 1, nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

type rawRecord struct {
	off     int64
	payload []byte
}

// scanResult is what a journal holds: its valid records, where they end,
// and why anything after that was not a record.
type scanResult struct {
	recs []rawRecord
	good int64 // bytes of valid records; anything after is a torn tail
	tail string
}

// scan reads every record. A bad record with a valid one anywhere after it is
// a *CorruptError, and so is a bad last record that a crash could not have
// left (tornTail); anything else after the last valid record is a torn tail.
func scan(path string, data []byte) (scanResult, error) {
	var r scanResult
	off := 0
	for off < len(data) {
		payload, end, err := parseRecord(data, off)
		if err != nil {
			r.good, r.tail = int64(off), err.Error()
			for i := off + 1; i < len(data); i++ {
				if data[i-1] != '\n' {
					continue
				}
				if _, _, err2 := parseRecord(data, i); err2 == nil {
					return r, &CorruptError{Path: path, Offset: int64(off), Reason: err.Error()}
				}
			}
			if !tornTail(data[off:], err) {
				return r, &CorruptError{Path: path, Offset: int64(off), Reason: err.Error(), Last: true}
			}
			return r, nil
		}
		r.recs = append(r.recs, rawRecord{int64(off), payload})
		off = end
	}
	r.good = int64(off)
	return r, nil
}

// tornTail reports whether rest, which failed to parse as a record with
// err, could be what a crash leaves: a prefix of one record (never holding
// a newline), perhaps followed by zeros where a lost write left the file
// longer than its data. A newline in it, or a record with all its bytes but
// the wrong last one, means the file was altered.
func tornTail(rest []byte, err error) bool {
	if bytes.IndexByte(rest, '\n') >= 0 {
		return false
	}
	// A zero byte is never in a record (JSON escapes it): a lost write's fill.
	return !errors.Is(err, errNoNewline) || bytes.IndexByte(rest, 0) >= 0
}

func decode(path string, r rawRecord) (Event, error) {
	var ev Event
	if err := json.Unmarshal(r.payload, &ev); err != nil {
		// The checksum matched, so this was written so: not a crash.
		return ev, &CorruptError{Path: path, Offset: r.off, Reason: "unreadable event: " + err.Error()}
	}
	return ev, nil
}

// append writes ev as one record and syncs it; s.mu is held. If the write
// or sync fails, the file is cut back to its last good length so a partial
// record cannot end up in the middle of the journal.
func (s *Session) append(ev Event) error {
	payload, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if len(payload) > maxRecord {
		// Written, it would be acknowledged and then refused by Open as
		// damage, losing it or every record after it.
		return fmt.Errorf("journal: the %s event is too big to record (%d bytes, at most %d); nothing was changed", ev.Kind, len(payload), maxRecord)
	}
	s.buf = frame(s.buf[:0], payload)
	n, err := s.f.Write(s.buf)
	if err == nil {
		err = datasync(s.f)
	}
	if err != nil {
		if n > 0 {
			if terr := s.f.Truncate(s.size); terr != nil {
				s.broken = fmt.Errorf("journal %s could not be repaired after a failed write (%v): reopen the session", s.path, terr)
			} else if serr := datasync(s.f); serr != nil {
				s.broken = fmt.Errorf("journal %s could not be repaired after a failed write (%v): reopen the session", s.path, serr)
			}
		}
		return fmt.Errorf("journal %s: %w", s.path, err)
	}
	s.size += int64(n)
	return nil
}

// Open rebuilds a session by replaying its journal; loadPlace turns the
// journal's place ref (the latest one recorded) back into a place. A torn
// last record (left by a crash before it was acknowledged) is cut off the
// file and reported in State.Notice. Every other failure has its own error
// and leaves the file as it is: ErrNoSession (wrapped), *LockedError when
// another process has it open, *CorruptError for damage, *PlaceError when
// the place will not load, *PlaceMismatchError when it is another place and
// *PlaceChangedError when its figures changed so that a record no longer fits.
func Open(dir, id string, loadPlace func(ref string) (*model.Place, error)) (*Session, error) {
	return openSession(dir, id, "", "", loadPlace)
}

func openSession(dir, id, who, moved string, loadPlace func(string) (*model.Place, error)) (*Session, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || id != filepath.Base(id) {
		return nil, fmt.Errorf("open session: bad session id %q", id)
	}
	path := filepath.Join(dir, id+journalExt)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w %q in %s", ErrNoSession, id, dir)
		}
		return nil, fmt.Errorf("open session: %w", err)
	}
	s, err := open(dir, id, path, f, who, moved, loadPlace)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// open replays the journal open in f. With moved set the place is loaded
// from there instead, and the new ref journaled as a "place" event by who.
func open(dir, id, path string, f *os.File, who, moved string, loadPlace func(string) (*model.Place, error)) (*Session, error) {
	if err := lockFile(f); err != nil {
		if errors.Is(err, errLocked) {
			return nil, &LockedError{ID: id, Path: path, Holder: lockHolder(f)}
		}
		return nil, fmt.Errorf("open session %s: %w", id, err)
	}
	// An untouched session is deleted under its lock (List, Latest,
	// CloseUnlessChanged); a file opened just before that is no longer the
	// journal, and events written to it would be lost.
	if !samePath(f, path) {
		return nil, fmt.Errorf("%w %q in %s: it was removed as it had no changes", ErrNoSession, id, dir)
	}
	data, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	sr, err := scan(path, data)
	if err != nil {
		return nil, err
	}
	if len(sr.recs) == 0 {
		return nil, fmt.Errorf("%s: no start record: the session was never created", path)
	}
	evs := make([]Event, len(sr.recs))
	for i, r := range sr.recs {
		if evs[i], err = decode(path, r); err != nil {
			return nil, err
		}
	}
	first := evs[0]
	if first.Kind != KindStart {
		return nil, fmt.Errorf("%s: the first record is %q, not %q", path, first.Kind, KindStart)
	}
	ref := placeRef(evs)
	if moved != "" {
		ref = moved
	}
	place, err := loadPlace(ref)
	if err != nil {
		return nil, &PlaceError{ID: id, Ref: ref, Err: err}
	}
	if err := samePlace(id, first, evs, ref, place, loadPlace); err != nil {
		return nil, err
	}
	// The place is found again by reference, so its file may have been
	// edited since: say so rather than silently using other figures.
	changed := first.PlaceHash != "" && first.PlaceHash != place.Fingerprint()
	s := newSession(dir, id, path, f, place)
	c := s.cur
	for i, r := range sr.recs {
		if c, err = step(s.eng, c, evs[i], false); err != nil {
			if changed {
				return nil, &PlaceChangedError{ID: id, Path: path, Ref: ref, Offset: r.off, Err: err}
			}
			return nil, fmt.Errorf("%s: record at byte %d does not replay: %w", path, r.off, err)
		}
	}
	if err := s.finish(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var notice []string
	if sr.good < int64(len(data)) {
		// Cut the torn tail so later records follow the last good one.
		if err := f.Truncate(sr.good); err != nil {
			return nil, fmt.Errorf("open session: repair %s: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("open session: repair %s: %w", path, err)
		}
		notice = append(notice, fmt.Sprintf("Dropped an incomplete last record (%d bytes, %s) left by a crash before it was saved; every saved change is here.", int64(len(data))-sr.good, sr.tail))
	}
	s.size = sr.good
	s.cur = c
	if moved != "" && moved != c.st.PlaceRef {
		// Journaled like any change, so the next Open (and List) find the
		// place where it is now without being told again.
		if err := s.record(Event{Who: foldSpace(who), Kind: KindPlace, Place: moved}); err != nil {
			return nil, fmt.Errorf("open session %s: record the place's new path %s: %w", id, moved, err)
		}
		c = s.cur
		notice = append(notice, "The place is now read from "+moved+", and the session will find it there from now on.")
	}
	if changed {
		notice = append(notice, "The place's figures have changed since this session started: results use the figures in "+ref+" now.")
	}
	c.st.Notice = strings.Join(notice, " ")
	s.commit(c)
	return s, nil
}

// samePath reports whether f is still the file at path.
func samePath(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// finish computes the results replay skipped: the current one and each
// saved scenario's.
func (s *Session) finish(c *core) error {
	if c.st.Result == nil {
		r, err := s.eng.Run(c.st.Scenario)
		if err != nil {
			return err
		}
		c.st.Result = r
	}
	if slices.ContainsFunc(c.st.Scenarios, func(ns NamedScenario) bool { return ns.Result == nil }) {
		ss := slices.Clone(c.st.Scenarios)
		for i := range ss {
			if ss[i].Result != nil {
				continue
			}
			r, err := s.eng.RunLight(ss[i].Scenario)
			if err != nil {
				return fmt.Errorf("saved scenario %q: %w", ss[i].Name, err)
			}
			ss[i].Result = r
		}
		c.st.Scenarios = ss
	}
	return nil
}

// newID is a sortable time-based id with a random suffix: 20261123-134501-ab12.
func newID(t time.Time) (string, error) {
	var b [2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return t.UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b[:]), nil
}

// Info describes a session on disk.
type Info struct {
	ID      string
	Path    string // the journal
	Place   string // the place ref
	Started time.Time
	Updated time.Time // time of the last event
	Moves   int       // moves in effect
	// Problem says what is wrong with a journal that cannot be opened as it
	// is ("" for a sound one); what could be read is filled in above.
	Problem string
}

// List describes every session in dir: sound ones most recently updated
// first, then damaged ones (Problem set) by id. Sessions without changes
// are left out, and deleted when no process holds them (see HasChanges).
func List(dir string) ([]Info, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), journalExt)
		if !ok || e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		info, changed := describe(path, id)
		if info.Problem == "" && !changed {
			removeIfUntouched(dir, path) // best effort: listed or not, it is skipped
			continue
		}
		out = append(out, info)
	}
	slices.SortFunc(out, func(a, b Info) int {
		if (a.Problem == "") != (b.Problem == "") {
			if a.Problem == "" {
				return -1
			}
			return 1
		}
		if a.Problem != "" {
			return strings.Compare(a.ID, b.ID)
		}
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out, nil
}

// describe replays a journal's events without the engine, to count them
// and say what, if anything, stops it opening; changed is HasChanges.
func describe(path, id string) (info Info, changed bool) {
	info.ID, info.Path = id, path
	data, err := os.ReadFile(path)
	if err != nil {
		info.Problem = "cannot be read: " + unwrapPath(err).Error()
		return info, false
	}
	if len(data) == 0 {
		info.Problem = "empty: the session was never started (a crash while it was created?)"
		return info, false
	}
	sr, err := scan(path, data)
	var ce *CorruptError
	if errors.As(err, &ce) {
		info.Problem = ce.Short()
	}
	var c core
	for _, r := range sr.recs {
		ev, err := decode(path, r)
		if err == nil {
			c, err = step(nil, c, ev, false)
		}
		if err != nil {
			if errors.As(err, &ce) {
				info.Problem = ce.Short()
			} else {
				info.Problem = fmt.Sprintf("record at byte %d does not replay: %v", r.off, err)
			}
			break
		}
	}
	h := c.st.History
	if len(h) == 0 {
		if info.Problem == "" {
			info.Problem = "no start record: the session was never started (a crash while it was created?)"
		}
		return info, false
	}
	info.Place, info.Started, info.Updated, info.Moves = c.st.PlaceRef, h[0].Time, h[len(h)-1].Time, len(c.st.Applied)
	return info, hasChanges(h)
}

// unwrapPath drops the path an *os.PathError repeats, for a list that
// already names the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Latest returns the id of the most recently used session in dir (by the
// journal's modification time) that has changes, or "" if there is none.
// Sessions without changes are skipped (and deleted when no process holds
// them), so a workshop opened and closed, or killed, unused never hides
// the real one. A damaged journal is still offered, for Open to report.
func Latest(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	type cand struct {
		id  string
		mod time.Time
	}
	var cs []cand
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), journalExt)
		if !ok || e.IsDir() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		cs = append(cs, cand{id, fi.ModTime()})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if c := b.mod.Compare(a.mod); c != 0 {
			return c
		}
		return strings.Compare(b.id, a.id)
	})
	for _, c := range cs {
		path := filepath.Join(dir, c.id+journalExt)
		info, changed := describe(path, c.id)
		switch {
		case info.Started.IsZero():
			// Never started (e.g. left empty by a crash inside Create).
		case info.Problem == "" && !changed:
			removeIfUntouched(dir, path)
		default:
			return c.id, nil
		}
	}
	return "", nil
}
