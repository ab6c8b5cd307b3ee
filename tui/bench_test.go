package tui

import (
	"os"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// benchModel is the workshop screen on Worcestershire (364 neighbourhoods)
// with three moves made, so every panel has something to draw.
func benchModel(b *testing.B, w, h int) *Model {
	b.Helper()
	p, err := sampleplaces.Load("worcestershire")
	if err != nil {
		b.Fatal(err)
	}
	s, err := sessions.Create(b.TempDir(), "worcestershire", p, sessions.Participant{ID: "you", Name: "You"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// Move a little out of each of the three largest movable silos into the
	// three smallest, whatever the file holds.
	var big, small []int
	for i, si := range p.Silos {
		if si.Movable() >= 20e6 {
			big = append(big, i)
		} else if si.Budget.Value > 0 && !si.Type.IsTransfer() { // transfers cannot take money
			small = append(small, i)
		}
	}
	for k := 0; k < 3 && k < len(big) && k < len(small); k++ {
		mv := model.Move{From: p.Silos[big[k]].ID, To: p.Silos[small[k]].ID, Amount: 5e6}
		if err := s.Do("you", sessions.MoveMoney{Move: mv, Why: "benchmark"}); err != nil {
			b.Fatal(err)
		}
	}
	m := New(s, "you", Options{Width: w, Height: h}).(*Model)
	b.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// benchView measures a full redraw (an empty room every frame), the cost
// after a change for the first screen that draws it; the others compose
// the room's parts (BenchmarkViewCached).
func benchView(b *testing.B, w, h int) {
	for p := range panelCount {
		b.Run(panelNames[p], func(b *testing.B) {
			m := benchModel(b, w, h)
			m.panel = p
			b.ReportAllocs()
			for b.Loop() {
				m.room = NewRoom()
				_ = m.View()
			}
		})
	}
}

func BenchmarkView80x24(b *testing.B)   { benchView(b, 80, 24) }
func BenchmarkView240x70(b *testing.B)  { benchView(b, 240, 70) }
func BenchmarkView160x50P(b *testing.B) { benchViewProjector(b, 160, 50) }
func BenchmarkView80x24P(b *testing.B)  { benchViewProjector(b, 80, 24) }
func BenchmarkView240x70P(b *testing.B) { benchViewProjector(b, 240, 70) }

func benchViewProjector(b *testing.B, w, h int) {
	m := benchModel(b, w, h)
	m.com.setProjector(true)
	b.ReportAllocs()
	for b.Loop() {
		m.room = NewRoom()
		_ = m.View()
	}
}

// BenchmarkViewCached is a frame composed from the room's shared parts:
// what every screen but the first pays after a change, and any screen
// after a keypress that changes nothing shared.
func BenchmarkViewCached(b *testing.B) {
	m := benchModel(b, 240, 70)
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkHistoryAfterOneMoreEvent is the History panel's content drawn
// after one more event on a 1,000-event workshop: the room keeps every
// other event's wrapped entry, so this costs one entry and the joining,
// not the history (TOTALPLACE_BENCH_NO_ENTRIES=1 shows the cost without).
func BenchmarkHistoryAfterOneMoreEvent(b *testing.B) {
	m := benchModel(b, 160, 50)
	m.panel = panelHistory
	s := m.seat.Hub().Session()
	var from, to string
	for _, si := range m.st.Place.Silos {
		if si.Movable() >= 20e6 && from == "" {
			from = si.ID
		} else if !si.Type.IsTransfer() && to == "" && si.Budget.Value > 0 {
			to = si.ID
		}
	}
	for i := range 1000 {
		var cmd sessions.Command = sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: 1e5}}
		if i%2 == 1 {
			cmd = sessions.Undo{}
		}
		if err := s.Do("you", cmd); err != nil {
			b.Fatal(err)
		}
	}
	m.Update(stateChangedMsg{})
	_ = m.View()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		var cmd sessions.Command = sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: 1e5}}
		if i%2 == 1 {
			cmd = sessions.Undo{}
		}
		i++
		if err := s.Do("you", cmd); err != nil {
			b.Fatal(err)
		}
		if os.Getenv("TOTALPLACE_BENCH_NO_ENTRIES") != "" {
			m.room.entries = nil // what it cost before entries were kept
		}
		b.StartTimer()
		m.Update(stateChangedMsg{}) // settles the panel: draws History's content
	}
}
