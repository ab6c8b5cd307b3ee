package sessions_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"totalplace/internal/testplace"
	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
	"totalplace/tui"
)

// screen drives one real tui model as a tea.Program would, without a
// terminal: messages in order through Update, then View, and commands run
// on their own goroutines. After each View it reports the version shown.
type screen struct {
	m     *tui.Model
	inbox chan tea.Msg
	shown chan<- shownMsg
	id    int
	quit  chan struct{}
}

type shownMsg struct {
	screen  int
	version uint64
}

func (s *screen) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				s.run(c)
			}
			return
		}
		if msg != nil {
			select {
			case s.inbox <- msg:
			case <-s.quit:
			}
		}
	}()
}

func (s *screen) loop() {
	for {
		select {
		case msg := <-s.inbox:
			_, cmd := s.m.Update(msg)
			s.run(cmd)
			_ = s.m.View()
			s.shown <- shownMsg{s.id, s.m.ShownVersion()}
		case <-s.quit:
			return
		}
	}
}

func liveHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkScreens attaches 1, 50 and 200 screens (real tui models at
// 120x40 on Worcestershire) to one workshop, then times a move until every
// screen has rendered it. It reports the live heap each added screen costs
// (MiB/screen), the 99th percentile of that time (p99-ms), and the CPU a
// join costs until its first frame (join-ms).
// The England case (32,844 neighbourhoods) checks that a screen holds
// nothing per place: no engine of its own, no per-neighbourhood copy.
func BenchmarkScreens(b *testing.B) {
	county, err := sampleplaces.Open("worcestershire")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 50, 200} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchScreens(b, county, n) })
	}
	b.Run("england-50", func(b *testing.B) { benchScreens(b, testplace.England(), 50) })
}

func benchScreens(b *testing.B, p *model.Place, n int) {
	sess, err := sessions.Create(b.TempDir(), p.ID, p, sessions.Participant{})
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close()
	hub := sessions.NewHub(sess)
	facilitator, err := hub.Seat(sessions.Participant{ID: sessions.SoloID})
	if err != nil {
		b.Fatal(err)
	}
	seats := make([]*sessions.Seat, n)
	for i := range seats {
		if seats[i], err = hub.Seat(sessions.Participant{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Partner ", i)}); err != nil {
			b.Fatal(err)
		}
	}
	from, to := movable(p)

	before := liveHeap()
	shown := make(chan shownMsg, 4*n)
	quit := make(chan struct{})
	screens := make([]*screen, n)
	size := tea.WindowSizeMsg{Width: 120, Height: 40}
	var joinCPU time.Duration
	room := tui.NewRoom() // what the workshop's screens share
	for i, seat := range seats {
		t0 := time.Now()
		m := tui.NewSeated(seat, tui.Options{Room: room, Width: 120, Height: 40})
		m.Update(size)
		_ = m.View()
		joinCPU += time.Since(t0)
		s := &screen{m: m, inbox: make(chan tea.Msg, 8), shown: shown, id: i, quit: quit}
		screens[i] = s
		go s.loop()
		s.run(m.Init())
	}
	after := liveHeap()
	defer func() {
		close(quit)
		for _, s := range screens {
			s.m.Close()
		}
	}()

	var lat []time.Duration
	moved := false
	for b.Loop() {
		var cmd sessions.Command = sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: 1e6}}
		if moved {
			cmd = sessions.Undo{}
		}
		moved = !moved
		t0 := time.Now()
		if err := (<-facilitator.Send(cmd)).Err; err != nil {
			b.Fatal(err)
		}
		v := sess.State().Version
		done := make([]bool, n)
		for left := n; left > 0; {
			msg := <-shown
			if msg.version >= v && !done[msg.screen] {
				done[msg.screen] = true
				left--
			}
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	p99 := lat[min(len(lat)-1, len(lat)*99/100)]
	b.ReportMetric(float64(after-before)/float64(n)/(1<<20), "MiB/screen")
	b.ReportMetric(float64(p99)/1e6, "p99-ms")
	b.ReportMetric(float64(joinCPU)/float64(n)/1e6, "join-ms")
}

// movable picks the two silos with the most money that can move.
func movable(p *model.Place) (from, to string) {
	silos := slices.Clone(p.Silos)
	slices.SortFunc(silos, func(x, y model.Silo) int { return int(y.Movable()/1e3) - int(x.Movable()/1e3) })
	return silos[0].ID, silos[1].ID
}
