package sessions

import (
	"fmt"
	"slices"
	"testing"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

// county loads the embedded county and picks two silos with room to move.
func county(b *testing.B) (*model.Place, string, string) {
	b.Helper()
	p, err := sampleplaces.Open("worcestershire")
	if err != nil {
		b.Fatal(err)
	}
	silos := slices.Clone(p.Silos)
	slices.SortFunc(silos, func(x, y model.Silo) int { return int(y.Movable()/1e3) - int(x.Movable()/1e3) })
	return p, silos[0].ID, silos[1].ID
}

// BenchmarkDoMove is what a participant waits for after a move on the
// county: one engine run and one fsync. The scenario is reset to a saved
// five-move one every ten moves (untimed), so it stays workshop-sized.
func BenchmarkDoMove(b *testing.B) {
	p, from, to := county(b)
	s, err := Create(b.TempDir(), "worcestershire", p, Participant{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for range 5 {
		mustDo(b, s, "you", mv(from, to, 1e5))
	}
	mustDo(b, s, "you", SaveScenario{Name: "five"})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%10 == 9 {
			b.StopTimer()
			mustDo(b, s, "you", SwitchScenario{Name: "five"})
			b.StartTimer()
		}
		i++
		if err := s.Do("you", mv(from, to, 1e5)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplay opens a 1,000-event county session: the wait to resume.
func BenchmarkReplay(b *testing.B) {
	p, from, to := county(b)
	dir := b.TempDir()
	s, err := Create(dir, "worcestershire", p, Participant{})
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; s.State().Version < 1000; i++ {
		switch {
		case i%50 == 0:
			mustDo(b, s, "you", SaveScenario{Name: fmt.Sprint("s", i%150)})
		case i%97 == 0:
			mustDo(b, s, "you", SwitchScenario{Name: "s50"})
		case i%7 == 0:
			mustDo(b, s, "you", Undo{})
		case i%11 == 0 && len(s.State().Applied) > 0:
			mustDo(b, s, "you", SetRationale{Seq: s.State().Applied[0], Why: "because"})
		default:
			mustDo(b, s, "you", mv(from, to, 1e4))
		}
	}
	moves := len(s.State().Applied)
	s.Close()
	load := func(string) (*model.Place, error) { return p, nil }
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(dir, s.ID(), load)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.State().Applied) != moves {
			b.Fatal("replay differs")
		}
		s.Close()
	}
}
