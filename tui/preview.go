package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
)

// Live preview: while an amount is being set (keyboard) or a bar dragged,
// the workshop's shared preview service recalculates the allocation with
// the pending move, off the UI loop, and the result is put on the Model
// (preview, previewMove) for the panels and the move prompt. At most one
// question is in flight per screen and at most one tick pending, so a fast
// drag never queues work; a question overtaken by a newer one is called
// off (the service drops it if it has not started), and a result for
// anything but the latest pending move is dropped by its sequence number.

// previewDelay gathers a burst of keys or drag motion into one run.
const previewDelay = 40 * time.Millisecond

// previewTickMsg says the debounce delay is over.
type previewTickMsg struct{}

// previewMsg carries a finished recalculation.
type previewMsg struct {
	seq  uint64
	want previewKey
	r    *model.Result
	err  error
}

// previewKey is a pending move on one allocation: the preview is stale
// when either changes. The state's Result stands for the allocation: the
// session makes a new one exactly when the allocation changes, so a join
// or a reason elsewhere in the room does not restart a preview.
type previewKey struct {
	from, to string
	amount   float64
	year     int
	fifth    bool
	alloc    *model.Result
}

func (k previewKey) move() model.Move {
	mv := model.Move{From: k.from, To: k.to, Amount: k.amount, Year: k.year}
	mv.Target.MostDeprivedFifth = k.fifth
	return mv
}

type previewState struct {
	want    *previewKey // the pending move to preview, nil for none
	seq     uint64      // bumped whenever want changes
	ticking bool        // a debounce tick is pending
	running bool        // a recalculation is in flight
	cancel  func()      // calls off the question in flight
}

// pendingPreview is the move under way that can be previewed: a keyboard
// move whose amount is set and allowed, or a drag over a silo that can
// take it.
func (m *Model) pendingPreview() (previewKey, bool) {
	if m.st == nil {
		return previewKey{}, false
	}
	p := m.st.Place
	k := previewKey{alloc: m.st.Result}
	switch {
	case m.drag != nil:
		d := m.drag
		amt := m.dragAmount()
		if d.over < 0 || d.over == d.from || amt <= 0 || m.dragProblem() != "" {
			return k, false
		}
		k.from, k.to, k.amount = p.Silos[d.from].ID, p.Silos[d.over].ID, amt
	case (m.mv.stage == stageAmount || m.mv.stage == stageWhy) && m.mv.from >= 0 && m.mv.to >= 0 && !m.mv.centre:
		if m.mv.stage == stageAmount && m.amountProblem() != "" {
			return k, false
		}
		mv := m.keyboardMove(m.mv)
		k.from, k.to, k.amount, k.year, k.fifth = mv.From, mv.To, mv.Amount, mv.Year, mv.Target.MostDeprivedFifth
	default:
		return k, false
	}
	return k, true
}

// syncPreview follows the pending move after every message: it clears the
// preview when there is none, and asks for a new one when it changed.
func (m *Model) syncPreview() tea.Cmd {
	k, ok := m.pendingPreview()
	if !ok {
		if m.pv.want != nil || m.preview != nil {
			m.pv.want, m.preview, m.previewMove = nil, nil, nil
			m.pv.seq++
			m.callOffPreview()
		}
		return nil
	}
	if m.pv.want != nil && *m.pv.want == k {
		return nil
	}
	m.pv.want = &k
	m.pv.seq++
	m.callOffPreview()
	if m.pv.ticking || m.pv.running {
		return nil // picked up when the tick fires or the run ends
	}
	m.pv.ticking = true
	return tea.Tick(previewDelay, func(time.Time) tea.Msg { return previewTickMsg{} })
}

// runPreview starts a recalculation of the latest pending move.
func (m *Model) runPreview() tea.Cmd {
	m.pv.ticking = false
	if m.pv.want == nil {
		return nil
	}
	m.pv.running = true
	want, seq, seat, st := *m.pv.want, m.pv.seq, m.seat, m.st
	ctx, cancel := context.WithCancel(context.Background())
	m.pv.cancel = cancel
	done := m.done
	go func() { // a closed screen calls off its question too
		select {
		case <-done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return func() tea.Msg {
		defer cancel()
		r, err := seat.Preview(ctx, st, want.move())
		return previewMsg{seq: seq, want: want, r: r, err: err}
	}
}

// callOffPreview tells the preview service the question in flight is no
// longer wanted; its answer, if any, is dropped by sequence number.
func (m *Model) callOffPreview() {
	if m.pv.cancel != nil {
		m.pv.cancel()
		m.pv.cancel = nil
	}
}

// gotPreview takes a finished recalculation if it is still wanted, and
// starts the next if the pending move changed meanwhile.
func (m *Model) gotPreview(msg previewMsg) tea.Cmd {
	m.pv.running = false
	m.pv.cancel = nil
	if m.pv.want == nil {
		return nil
	}
	if msg.seq != m.pv.seq {
		m.pv.ticking = true
		return tea.Tick(previewDelay, func(time.Time) tea.Msg { return previewTickMsg{} })
	}
	if msg.err != nil {
		m.preview, m.previewMove = nil, nil
		return nil
	}
	mv := msg.want.move()
	m.preview, m.previewMove = msg.r, &mv
	return nil
}

// previewLine is the compact preview in the move prompt: each outcome the
// move would change by the horizon, against the moves made so far, and
// who would save most. Outcomes are left out when the outcomes panel is
// on screen showing the preview itself.
func (m *Model) previewLine() string {
	const mark = "preview: not yet moved"
	r0, r1 := m.st.Result, m.preview
	if r0 == nil || r1 == nil {
		return mark + " · recalculating…"
	}
	st := m.com.styles
	p := m.st.Place
	year := p.BaseYear + horizon(r1)
	var parts, changes []string
	for _, o := range p.Outcomes {
		k0, k1 := outcomeIndex(r0, o.ID), outcomeIndex(r1, o.ID)
		if k0 < 0 || k1 < 0 {
			continue
		}
		d := last(r1.Outcomes[k1].Place[model.Central]) - last(r0.Outcomes[k0].Place[model.Central])
		if isZeroShown(d) {
			continue
		}
		changes = append(changes, fmt.Sprintf("%s %s %s", shortOutcome(o.Name), signedNum(d), verdict(st, d, o.HigherIsBetter)))
	}
	switch _, shown := m.outcomesResult(); {
	case len(changes) == 0:
		parts = append(parts, fmt.Sprintf("no outcome changes by %d", year))
	case !shown || m.panel != panelOutcomes || m.com.projector:
		parts = append(parts, changes...)
	default:
		parts = append(parts, "outcomes in the panel")
	}
	// Who would save most, and who would pay most: a saving that falls
	// is a cost, said in words ("costs … more"), not by colour alone.
	best, saves, worst, costs := "", 0.0, "", 0.0
	for k := range r1.Ledger {
		if k >= len(r0.Ledger) || r0.Ledger[k].Agency != r1.Ledger[k].Agency {
			continue
		}
		switch d := r1.Ledger[k].TotalSavings - r0.Ledger[k].TotalSavings; {
		case d > saves:
			best, saves = agencyName(p, r1.Ledger[k].Agency), d
		case -d > costs:
			worst, costs = agencyName(p, r1.Ledger[k].Agency), -d
		}
	}
	if saves >= 0.5 {
		parts = append(parts, fmt.Sprintf("%s saves %s by %d", best, model.FormatMoney(saves), year))
	}
	if costs >= 0.5 {
		parts = append(parts, st.Worse.Render(fmt.Sprintf("%s costs %s more by %d", worst, model.FormatMoney(costs), year)))
	}
	return mark + " · " + strings.Join(parts, " · ")
}

// shortOutcome is an outcome's name for a crowded line: up to its first
// comma or bracket, and at most 24 cells.
func shortOutcome(name string) string {
	if i := strings.IndexAny(name, ",("); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	if r := []rune(name); len(r) > 24 {
		name = strings.TrimSpace(string(r[:23])) + "…"
	}
	return name
}
