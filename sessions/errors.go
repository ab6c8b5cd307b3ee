package sessions

import (
	"errors"
	"fmt"
)

// Errors opening a session, each its own so the caller can say what to do
// about it. A damaged journal is a *CorruptError.

// ErrNoSession is wrapped when there is no session with the id asked for.
var ErrNoSession = errors.New("no session")

// errLocked is what lockFile returns when another open file holds the lock.
var errLocked = errors.New("locked")

// LockedError: another process (or another Open in this one) has the
// session open, and two writers would interleave their events.
type LockedError struct {
	ID, Path string
	Holder   string // e.g. "process 4242 (totalplace --resume)"; "" when unknown
}

func (e *LockedError) Error() string {
	who := "another totalplace"
	if e.Holder != "" {
		who = e.Holder
	}
	return fmt.Sprintf("session %s is open in %s, which holds its journal %s: close it there first", e.ID, who, e.Path)
}

// PlaceError: the session's place could not be loaded from Ref.
type PlaceError struct {
	ID, Ref string
	Err     error
}

func (e *PlaceError) Error() string {
	return fmt.Sprintf("session %s: place %q: %v", e.ID, e.Ref, e.Err)
}

func (e *PlaceError) Unwrap() error { return e.Err }

// PlaceMismatchError: the place loaded is not the one the session started
// on, so its moves would be replayed (and new ones journaled) on another
// place's figures.
type PlaceMismatchError struct {
	ID   string
	Want string // the place id the session started on
	Got  string // the id of the place loaded from Ref
	Ref  string
}

func (e *PlaceMismatchError) Error() string {
	return fmt.Sprintf("session %s is a workshop on place %q, but %s is place %q", e.ID, e.Want, e.Ref, e.Got)
}

// PlaceChangedError: the place's figures changed since the session started
// and a recorded event no longer fits them.
type PlaceChangedError struct {
	ID, Path, Ref string
	Offset        int64 // the record that no longer replays
	Err           error
}

func (e *PlaceChangedError) Error() string {
	return fmt.Sprintf("%s: the place %q has changed since this session started, and the record at byte %d no longer fits it: %v", e.Path, e.Ref, e.Offset, e.Err)
}

func (e *PlaceChangedError) Unwrap() error { return e.Err }
