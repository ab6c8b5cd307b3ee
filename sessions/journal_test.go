package sessions

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// journalWith returns a closed session's dir, id, journal bytes and the
// offset where each record starts.
func journalWith(t *testing.T) (dir, id string, data []byte, offs []int) {
	t.Helper()
	s, dir := newSolo(t)
	busySession(t, s)
	id = s.ID()
	s.Close()
	data, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	sr, err := scan(s.Path(), data)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sr.recs {
		offs = append(offs, int(r.off))
	}
	return dir, id, data, offs
}

func writeJournal(t *testing.T, dir, id string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, id+journalExt)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Cutting the journal anywhere, as a crash mid-write would, opens with
// exactly the records wholly before the cut, and repairs the file.
func TestTornTailAtEveryByte(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	ends := append(offs[1:], len(data))
	for cut := ends[0]; cut < len(data); cut++ {
		complete := 0
		for _, e := range ends {
			if e <= cut {
				complete++
			}
		}
		path := writeJournal(t, dir, id, data[:cut])
		s, err := Open(dir, id, loadSmall)
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		st := s.State()
		if int(st.Version) != complete {
			t.Fatalf("cut at %d: %d events, want %d", cut, st.Version, complete)
		}
		atBoundary := cut == ends[complete-1]
		if (st.Notice == "") != atBoundary {
			t.Fatalf("cut at %d: notice %q", cut, st.Notice)
		}
		if got := fileSize(t, path); got != int64(ends[complete-1]) {
			t.Fatalf("cut at %d: file not repaired to %d bytes, is %d", cut, ends[complete-1], got)
		}
		// Later appends follow the last good record cleanly.
		mustDo(t, s, "you", SaveScenario{Name: "after the crash"})
		s.Close()
		s2, err := Open(dir, id, loadSmall)
		if err != nil {
			t.Fatalf("cut at %d, reopen after append: %v", cut, err)
		}
		if st := s2.State(); int(st.Version) != complete+1 || st.Notice != "" {
			t.Fatalf("cut at %d, reopen after append: version %d notice %q", cut, st.Version, st.Notice)
		}
		s2.Close()
	}
}

func TestGarbageTailDropped(t *testing.T) {
	dir, id, data, _ := journalWith(t)
	s, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	want := s.State()
	s.Close()
	// What a crash can leave: part of a record, or zeros from a lost write.
	torn := frame(nil, []byte(`{"seq":14,"kind":"undo","who":"you","target":2}`))
	torn = torn[:len(torn)-1]
	tails := map[string][]byte{
		"zeros":              make([]byte, 4096),
		"junk":               []byte("\x93\x01garbage that is not a record"),
		"length only":        []byte("123"),
		"header only":        []byte("123 0badf00d "),
		"huge length":        []byte("99999999 00000000 {"),
		"all but newline":    torn,
		"zeros after header": append([]byte("57 0badf00d "), make([]byte, 58)...),
	}
	for name, tail := range tails {
		t.Run(name, func(t *testing.T) {
			path := writeJournal(t, dir, id, append(bytes.Clone(data), tail...))
			s, err := Open(dir, id, loadSmall)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			sameState(t, s.State(), want)
			if !strings.Contains(s.State().Notice, "incomplete last record") {
				t.Fatalf("notice %q", s.State().Notice)
			}
			if fileSize(t, path) != int64(len(data)) {
				t.Fatal("tail not cut off")
			}
		})
	}
}

func TestCorruptionInTheMiddleIsAnError(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	second := offs[2]
	payloadByte := bytes.IndexByte(data[second:], '{') + second + 5
	corruptions := map[string]func([]byte) []byte{
		"flipped payload bit": func(d []byte) []byte { d[payloadByte] ^= 0x20; return d },
		"bad length":          func(d []byte) []byte { d[second] = 'x'; return d },
		"longer length":       func(d []byte) []byte { d[second]++; return d },
		"deleted byte":        func(d []byte) []byte { return append(d[:payloadByte:payloadByte], d[payloadByte+1:]...) },
		"inserted line":       func(d []byte) []byte { return append(d[:second:second], append([]byte("oops\n"), d[second:]...)...) },
	}
	for name, corrupt := range corruptions {
		t.Run(name, func(t *testing.T) {
			bad := corrupt(bytes.Clone(data))
			path := writeJournal(t, dir, id, bad)
			_, err := Open(dir, id, loadSmall)
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CorruptError", err)
			}
			if ce.Offset != int64(second) || ce.Path != path || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "byte") {
				t.Fatalf("err = %v (offset %d, want %d)", err, ce.Offset, second)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, bad) {
				t.Fatal("a damaged journal was modified")
			}
		})
	}
}

func TestValidRecordsThatDoNotReplay(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	// A well-framed record that does not fit: undo of a move never made.
	bad := frame(nil, []byte(`{"seq":14,"time":"2026-01-01T00:00:00Z","who":"you","kind":"undo","target":99}`))
	writeJournal(t, dir, id, append(bytes.Clone(data), bad...))
	_, err := Open(dir, id, loadSmall)
	if err == nil || !strings.Contains(err.Error(), "byte") || !strings.Contains(err.Error(), "undo") {
		t.Fatalf("err = %v", err)
	}
	// A well-framed record that is not JSON.
	notJSON := frame(nil, []byte(`{"seq":`))
	writeJournal(t, dir, id, append(append(bytes.Clone(data[:offs[3]]), notJSON...), data[offs[3]:]...))
	var ce *CorruptError
	if _, err := Open(dir, id, loadSmall); !errors.As(err, &ce) || ce.Offset != int64(offs[3]) {
		t.Fatalf("err = %v", err)
	}
}

// A failed journal write refuses the command and leaves no trace.
func TestJournalWriteFailureChangesNothing(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 1e6))
	st0 := s.State()
	size0 := fileSize(t, s.Path())
	good := s.f
	ro, err := os.Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.f = ro
	s.mu.Unlock()
	if err := s.Do("you", mv("acute", "prevention", 1e6)); err == nil {
		t.Fatal("a move was acknowledged without being journaled")
	}
	if s.State() != st0 || fileSize(t, s.Path()) != size0 {
		t.Fatal("a failed write changed the session")
	}
	s.mu.Lock()
	s.f = good
	s.mu.Unlock()
	ro.Close()
	mustDo(t, s, "you", mv("acute", "youth", 1e6))
	want := s.State()
	if want.Version != 3 {
		t.Fatalf("version %d", want.Version)
	}
	sameState(t, reopen(t, s, dir).State(), want)
}

func TestParseRecordRoundTrip(t *testing.T) {
	payload := []byte(`{"a":"b c"}`)
	rec := frame(nil, payload)
	if !bytes.HasPrefix(rec, []byte("11 ")) || rec[len(rec)-1] != '\n' {
		t.Fatalf("record %q", rec)
	}
	got, end, err := parseRecord(rec, 0)
	if err != nil || !bytes.Equal(got, payload) || end != len(rec) {
		t.Fatalf("parse: %q %d %v", got, end, err)
	}
	for i := range len(rec) {
		if _, _, err := parseRecord(rec[:i], 0); err == nil {
			t.Fatalf("a record cut to %d bytes parsed", i)
		}
	}
}

// A last record whose bytes are all there, or a tail holding a newline, is
// not what a crash leaves (a record's only newline is its last byte): it is
// damage, reported with where it is, and the file is left as it is.
func TestDamagedEndIsNotATornTail(t *testing.T) {
	dir, id, data, offs := journalWith(t)
	last := offs[len(offs)-1]
	check := func(name string, bad []byte, offset int) {
		t.Helper()
		path := writeJournal(t, dir, id, bad)
		_, err := Open(dir, id, loadSmall)
		var ce *CorruptError
		if !errors.As(err, &ce) || !ce.Last || ce.Offset != int64(offset) {
			t.Fatalf("%s: err = %v, want a *CorruptError at the end, byte %d", name, err, offset)
		}
		if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, fmt.Sprintf("byte %d", offset)) || !strings.Contains(msg, fmt.Sprintf("truncate -s %d", offset)) {
			t.Fatalf("%s: %v", name, err)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, bad) {
			t.Fatalf("%s: a damaged journal was modified", name)
		}
	}
	// Every single-bit flip anywhere in the last record, newline included.
	for i := last; i < len(data); i++ {
		for bit := range 8 {
			bad := bytes.Clone(data)
			bad[i] ^= 1 << bit
			check(fmt.Sprintf("bit %d of byte %d", bit, i), bad, last)
		}
	}
	badCRC := frame(nil, []byte(`{"seq":14,"kind":"undo","who":"you","target":2}`))
	badCRC[len(badCRC)-3] ^= 1
	for name, tail := range map[string][]byte{
		"bad checksum":    badCRC,
		"newline":         []byte("\n"),
		"junk + newlines": []byte("x\ny\n\nz"),
	} {
		check(name, append(bytes.Clone(data), tail...), len(data))
	}
}
