package sessions

import (
	"errors"
	"strings"

	"totalplace/model"
)

// KindPlace records that the session's place is now found at another ref
// (its file moved): later opens load it from there.
const KindPlace = "place"

// OpenMoved opens a session whose place file has moved, loading the place
// from ref instead of the ref recorded. It must be the place the session
// started on (its id), or a *PlaceMismatchError changes nothing. When ref
// differs from the recorded one, a "place" event by who journals it, so
// later opens (and List) find the place there without being told again.
func OpenMoved(dir, id, who, ref string, loadPlace func(ref string) (*model.Place, error)) (*Session, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, errors.New("open session: the place's new ref is empty")
	}
	return openSession(dir, id, who, ref, loadPlace)
}

// placeRef is where the journal says its place is: the start event's ref,
// or the latest "place" event's.
func placeRef(evs []Event) string {
	ref := ""
	for _, ev := range evs {
		if (ev.Kind == KindStart || ev.Kind == KindPlace) && ev.Place != "" {
			ref = ev.Place
		}
	}
	return ref
}

// samePlace refuses a place other than the one the session started on: its
// moves would replay on another place's figures, and new ones be journaled
// into the wrong workshop. The start event names the place's id; a journal
// from before it did is checked against the place at its recorded ref, when
// that still loads.
func samePlace(id string, first Event, evs []Event, ref string, place *model.Place, loadPlace func(string) (*model.Place, error)) error {
	want := first.PlaceID
	if recorded := placeRef(evs); want == "" && ref != recorded {
		if p, err := loadPlace(recorded); err == nil {
			want = p.ID
		}
	}
	if want != "" && place.ID != want {
		return &PlaceMismatchError{ID: id, Want: want, Got: place.ID, Ref: ref}
	}
	return nil
}
