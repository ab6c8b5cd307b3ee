package sessions

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// HasChanges reports whether anyone did anything in the session beyond
// starting or joining it (or telling it where its place file is now). A
// session without changes holds nothing anyone saw acknowledged, so it is
// never kept: CloseUnlessChanged deletes it, and List and Latest delete
// such a session left behind by a process that died, once nothing holds it.
func (st *State) HasChanges() bool { return hasChanges(st.History) }

func hasChanges(h []Event) bool {
	for _, ev := range h {
		switch ev.Kind {
		case KindStart, KindJoin, KindPlace:
		default:
			return true
		}
	}
	return false
}

// CloseUnlessChanged closes the session, first deleting its journal if it
// has no changes; it reports whether the journal was kept. The file goes
// while the session still holds its lock, so no other process can have
// opened it in between (Open checks the file it locked is still there).
func (s *Session) CloseUnlessChanged() (kept bool, err error) {
	s.mu.Lock()
	kept = true
	if s.f != nil && !hasChanges(s.cur.st.History) {
		if err = os.Remove(s.path); err == nil {
			kept = false
			err = syncDir(s.dir)
		}
		if cerr := s.f.Close(); err == nil {
			err = cerr
		}
		s.f = nil
	}
	s.mu.Unlock()
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return kept, err
}

// removeIfUntouched deletes the journal at path if it has no changes and no
// process holds it: what a session whose app was killed leaves behind. It
// reports whether the file is gone. The journal is read again under the
// lock, so a change made just before is never lost.
func removeIfUntouched(dir, path string) (bool, error) {
	f, err := os.Open(path) // flock needs no write access
	if err != nil {
		return false, err
	}
	defer f.Close()
	if err := tryLock(f); err != nil {
		return false, nil // in use (or unknowable): an app is running on it
	}
	if !samePath(f, path) {
		return true, nil // another process removed it first
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return false, err
	}
	if untouched, _ := untouchedJournal(path, data); !untouched {
		return false, nil
	}
	if err := os.Remove(path); err != nil {
		return false, err
	}
	return true, syncDir(dir)
}

// untouchedJournal reports whether data is a whole session that has no
// changes: a start record, joins or place records, and at most a torn tail.
// A damaged journal is never untouched: it is left for a person to look at.
func untouchedJournal(path string, data []byte) (bool, error) {
	sr, err := scan(path, data)
	if err != nil {
		return false, err
	}
	if len(sr.recs) == 0 {
		return false, errors.New("no start record")
	}
	h := make([]Event, 0, len(sr.recs))
	for _, r := range sr.recs {
		ev, err := decode(path, r)
		if err != nil {
			return false, err
		}
		h = append(h, ev)
		if hasChanges(h) {
			return false, nil
		}
	}
	if h[0].Kind != KindStart {
		return false, fmt.Errorf("the first record is %q, not %q", h[0].Kind, KindStart)
	}
	return true, nil
}
