package sessions

import (
	"testing"

	"totalplace/model"
)

// TestListReplaysAccountabilityWithoutThePlace: List and Latest replay
// journals without loading their place; priorities and gain-share events
// must replay there too, not dereference the missing place.
func TestListReplaysAccountabilityWithoutThePlace(t *testing.T) {
	dir := t.TempDir()
	p := tinyPlaceForListing(t)
	s, err := Create(dir, "tiny", p, Participant{})
	if err != nil {
		t.Fatal(err)
	}
	pts := map[string]int{p.Outcomes[0].ID: PriorityPoints}
	if err := s.Do(SoloID, SetPriorities{Points: pts}); err != nil {
		t.Fatal(err)
	}
	if err := s.Do(SoloID, AgreeGainShare{GainShareTerms: GainShareTerms{Saver: p.Agencies[0].ID, Investor: p.Agencies[1].ID, Share: 0.5, Years: 2}}); err != nil {
		t.Fatal(err)
	}
	id := s.ID()
	s.Close()
	infos, err := List(dir)
	if err != nil || len(infos) != 1 || infos[0].Problem != "" {
		t.Fatalf("List: %v %+v", err, infos)
	}
	if latest, err := Latest(dir); err != nil || latest != id {
		t.Fatalf("Latest: %q, %v", latest, err)
	}
}

func tinyPlaceForListing(t *testing.T) *model.Place {
	t.Helper()
	p := smallPlace()
	if len(p.Agencies) < 2 || len(p.Outcomes) == 0 {
		t.Skip("the test place has too few agencies or outcomes")
	}
	return p
}
