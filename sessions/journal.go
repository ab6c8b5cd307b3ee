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

// maxFrame is the longest record on disk: length, checksum, payload, newline.
var maxFrame = len(strconv.Itoa(maxRecord)) + len(" 01234567 ") + maxRecord + len("\n")

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
// journal's place ref back into a place. A torn last record (left by a crash
// before it was acknowledged) is cut off the file and reported in
// State.Notice; damage before valid records is a *CorruptError and the file
// is left as it is. A session open in another process is refused.
func Open(dir, id string, loadPlace func(ref string) (*model.Place, error)) (*Session, error) {
	if id == "" || strings.ContainsAny(id, `/\`) || id != filepath.Base(id) {
		return nil, fmt.Errorf("open session: bad session id %q", id)
	}
	path := filepath.Join(dir, id+journalExt)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("open session: no session %q in %s", id, dir)
		}
		return nil, fmt.Errorf("open session: %w", err)
	}
	s, err := open(dir, id, path, f, loadPlace)
	if err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func open(dir, id, path string, f *os.File, loadPlace func(string) (*model.Place, error)) (*Session, error) {
	if err := lockFile(f); err != nil {
		return nil, fmt.Errorf("open session %s: %w", id, err)
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
	first, err := decode(path, sr.recs[0])
	if err != nil {
		return nil, err
	}
	if first.Kind != KindStart {
		return nil, fmt.Errorf("%s: the first record is %q, not %q", path, first.Kind, KindStart)
	}
	place, err := loadPlace(first.Place)
	if err != nil {
		return nil, fmt.Errorf("open session %s: place %q: %w", id, first.Place, err)
	}
	// The place is found again by reference, so its file may have been
	// edited since: say so rather than silently using other figures.
	changed := first.PlaceHash != "" && first.PlaceHash != place.Fingerprint()
	s := newSession(dir, id, path, f, place)
	c := s.cur
	for _, r := range sr.recs {
		ev, err := decode(path, r)
		if err != nil {
			return nil, err
		}
		if c, err = step(s.eng, c, ev, false); err != nil {
			if changed {
				return nil, fmt.Errorf("%s: the place %q has changed since this session started, and the record at byte %d no longer fits it: %w", path, first.Place, r.off, err)
			}
			return nil, fmt.Errorf("%s: record at byte %d does not replay: %w", path, r.off, err)
		}
	}
	if err := s.finish(&c); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sr.good < int64(len(data)) {
		// Cut the torn tail so later records follow the last good one.
		if err := f.Truncate(sr.good); err != nil {
			return nil, fmt.Errorf("open session: repair %s: %w", path, err)
		}
		if err := f.Sync(); err != nil {
			return nil, fmt.Errorf("open session: repair %s: %w", path, err)
		}
		c.st.Notice = fmt.Sprintf("Dropped an incomplete last record (%d bytes, %s) left by a crash before it was saved; every saved change is here.", int64(len(data))-sr.good, sr.tail)
	}
	if changed {
		c.st.Notice = strings.TrimSpace(c.st.Notice + " The place's figures have changed since this session started: results use the figures in " + first.Place + " now.")
	}
	s.size = sr.good
	s.commit(c)
	return s, nil
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
			r, err := s.eng.Run(ss[i].Scenario)
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
	Place   string // the place ref
	Started time.Time
	Updated time.Time // time of the last event
	Moves   int       // moves in effect
}

// List describes every session in dir, most recently updated first. Journals
// without a readable start record are skipped; damaged ones are described as
// far as they can be read (Open reports the damage).
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
		if info, ok := describe(filepath.Join(dir, e.Name()), id); ok {
			out = append(out, info)
		}
	}
	slices.SortFunc(out, func(a, b Info) int {
		if c := b.Updated.Compare(a.Updated); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out, nil
}

// describe replays a journal's events without the engine, just to count.
func describe(path, id string) (Info, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Info{}, false
	}
	sr, _ := scan(path, data)
	var c core
	for _, r := range sr.recs {
		ev, err := decode(path, r)
		if err != nil {
			break
		}
		next, err := step(nil, c, ev, false)
		if err != nil {
			break
		}
		c = next
	}
	if len(c.st.History) == 0 {
		return Info{}, false
	}
	h := c.st.History
	return Info{ID: id, Place: c.st.PlaceRef, Started: h[0].Time, Updated: h[len(h)-1].Time, Moves: len(c.st.Applied)}, true
}

// Latest returns the id of the most recently used session in dir (by the
// journal's modification time), or "" if there is none.
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
		if hasStart(filepath.Join(dir, c.id+journalExt)) {
			return c.id, nil
		}
	}
	return "", nil
}

// hasStart reports whether the journal begins with a valid start record, so
// a file left empty by a crash during Create is never offered.
func hasStart(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	// Enough for the longest record append writes, so any start record
	// Create could write is found.
	data, _ := io.ReadAll(io.LimitReader(f, int64(maxFrame)))
	payload, _, err := parseRecord(data, 0)
	if err != nil {
		return false
	}
	var ev Event
	return json.Unmarshal(payload, &ev) == nil && ev.Kind == KindStart
}
