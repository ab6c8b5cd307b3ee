package sessions

import (
	"strings"
	"testing"

	"totalplace/model"
)

// TestPlaceChangedSinceStart: a session finds its place again by reference,
// so an edited place file must be noticed, not silently used.
func TestPlaceChangedSinceStart(t *testing.T) {
	s, dir := newSolo(t)
	mustDo(t, s, "you", mv("acute", "prevention", 30e6))
	id := s.ID()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	same, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatal(err)
	}
	if n := same.State().Notice; n != "" {
		t.Errorf("unchanged place gave a notice: %q", n)
	}
	same.Close()

	bigger := func(string) (*model.Place, error) {
		p := smallPlace()
		p.Silos[0].Budget.Value = 120e6
		return p, nil
	}
	s2, err := Open(dir, id, bigger)
	if err != nil {
		t.Fatalf("a place that still fits: %v", err)
	}
	if n := s2.State().Notice; !strings.Contains(n, "figures have changed since this session started") {
		t.Errorf("notice = %q", n)
	}
	s2.Close()

	// The move of £30m no longer fits an acute budget whose movable part is £20m.
	smaller := func(string) (*model.Place, error) {
		p := smallPlace()
		p.Silos[0].Budget.Value = 80e6
		return p, nil
	}
	if _, err := Open(dir, id, smaller); err == nil || !strings.Contains(err.Error(), `the place "small" has changed since this session started`) {
		t.Errorf("a place the moves no longer fit: %v", err)
	}
}
