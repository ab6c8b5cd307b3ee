package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// stage is how far a keyboard move has got.
type stage int

const (
	stageIdle   stage = iota
	stageTarget       // source picked, choosing where the money goes
	stageAmount       // choosing how much
	stageWhy          // optional one-line reason, then enter sends it
)

const (
	smallStep = 1e6
	largeStep = 10e6
)

type moveState struct {
	stage    stage
	from, to int // silo indices
	amount   float64
	typed    string // digits typed for the amount, parsed with model.ParseMoney
}

// dragState is a mouse drag from one silo's row towards another.
type dragState struct {
	from   int // silo index
	startX int
	x      int
	over   int // silo index under the pointer, -1 when none
}

func (m *Model) startMove() {
	from := m.siloAt(m.cursor)
	if from < 0 {
		return
	}
	s := m.st.Place.Silos[from]
	m.mv = moveState{stage: stageTarget, from: from, to: -1}
	hint := ""
	if s.Movable() < 0.5 {
		hint = fmt.Sprintf(" (note: %s of %s is fixed)", model.FormatMoney(s.Locked()), model.FormatMoney(s.Budget.Value))
	}
	m.setStatus(fmt.Sprintf("Moving from %s%s: choose where it goes, enter.", s.Name, hint), false)
}

// updateMoveKey handles keys while a keyboard move is under way.
func (m *Model) updateMoveKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.ctx.keys
	if key.Matches(msg, k.Cancel) {
		m.mv = moveState{}
		m.setStatus("Move cancelled.", false)
		return nil
	}
	switch m.mv.stage {
	case stageTarget:
		switch {
		case key.Matches(msg, k.Up):
			m.moveCursor(-1)
		case key.Matches(msg, k.Down):
			m.moveCursor(1)
		case key.Matches(msg, k.PageUp):
			m.moveCursor(-max(1, m.ctx.layout().boardH-2))
		case key.Matches(msg, k.PageDown):
			m.moveCursor(max(1, m.ctx.layout().boardH-2))
		case key.Matches(msg, k.Top):
			m.moveCursor(-len(m.order))
		case key.Matches(msg, k.Bottom):
			m.moveCursor(len(m.order))
		case key.Matches(msg, k.Pick):
			to := m.siloAt(m.cursor)
			if to == m.mv.from {
				m.setStatus("That is where the money comes from: choose another silo.", true)
				return nil
			}
			m.mv.to, m.mv.stage = to, stageAmount
			m.mv.amount = smallStep
			m.setStatus("", false)
		}
	case stageAmount:
		switch {
		case key.Matches(msg, k.LessBig):
			m.stepAmount(-largeStep)
		case key.Matches(msg, k.MoreBig):
			m.stepAmount(largeStep)
		case key.Matches(msg, k.Less):
			m.stepAmount(-smallStep)
		case key.Matches(msg, k.More):
			m.stepAmount(smallStep)
		case msg.String() == "backspace":
			if n := len(m.mv.typed); n > 0 {
				m.mv.typed = m.mv.typed[:n-1]
				m.parseTyped()
			}
		case key.Matches(msg, k.Pick):
			if m.mv.typed != "" {
				if _, err := model.ParseMoney(m.mv.typed); err != nil {
					m.setStatus("✗ "+err.Error(), true)
					return nil
				}
			}
			m.mv.stage = stageWhy
			m.mode = inputWhy
			m.input.Reset()
			m.input.Placeholder = "why? (optional, enter to confirm)"
			m.setStatus("", false)
			m.input.Focus()
			return nil
		default:
			if t := msg.Text; t != "" && strings.ContainsAny(strings.ToLower(t), "0123456789.,kmb£") && len(m.mv.typed) < 12 {
				m.mv.typed += t
				m.parseTyped()
			}
		}
	}
	return nil
}

func (m *Model) stepAmount(d float64) {
	m.mv.typed = ""
	v := math.Round((m.mv.amount+d)/smallStep) * smallStep
	if mov := m.st.Place.Silos[m.mv.from].Movable(); d > 0 && v > mov && mov >= smallStep {
		// Stepping stops at what can move; typing a bigger figure still
		// reaches the model, which says why it is refused.
		v = math.Floor(mov/smallStep) * smallStep
	}
	m.mv.amount = max(v, smallStep)
}

func (m *Model) parseTyped() {
	if v, err := model.ParseMoney(m.mv.typed); err == nil {
		m.mv.amount = v
	}
}

// sendMove sends the keyboard move to the session.
func (m *Model) sendMove(why string) tea.Cmd {
	mv := m.mv
	m.mv = moveState{}
	if mv.from < 0 || mv.to < 0 {
		return nil
	}
	return m.sendMoveOf(mv.from, mv.to, mv.amount, why)
}

func (m *Model) sendMoveOf(from, to int, amount float64, why string) tea.Cmd {
	p := m.st.Place
	mv := model.Move{From: p.Silos[from].ID, To: p.Silos[to].ID, Amount: amount}
	what := fmt.Sprintf("Moved %s a year from %s to %s.", model.FormatMoney(amount), p.Silos[from].Name, p.Silos[to].Name)
	m.setStatus(fmt.Sprintf("Moving %s from %s to %s…", model.FormatMoney(amount), p.Silos[from].Name, p.Silos[to].Name), false)
	return m.do(sessions.MoveMoney{Move: mv, Why: why}, what)
}

// siloUnder is the silo whose board row is under the pointer, or -1. The
// board's geometry follows from the layout, the scroll offset and the row
// list, exactly as render draws it, so no render-time bookkeeping is needed
// (bubblezone's marker scan cost 1 MB and a fifth of the CPU per frame).
func (m *Model) siloUnder(msg tea.MouseMsg) int {
	mouse := msg.Mouse()
	l := m.ctx.layout()
	if l.tooSmall || m.showHlp || mouse.X < l.boardX || mouse.X >= l.boardX+l.boardW {
		return -1
	}
	row := mouse.Y - l.boardY - 1 // below the legend line
	if row < 0 || row >= l.boardH-1 {
		return -1
	}
	rows := m.boardRows()
	if k := m.offset + row; k < len(rows) {
		return rows[k].silo
	}
	return -1
}

// tabUnder is the tab under the pointer, or -1.
func (m *Model) tabUnder(msg tea.MouseMsg) panel {
	mouse := msg.Mouse()
	l := m.ctx.layout()
	if l.tooSmall || mouse.Y != l.panelY || mouse.X < l.panelX {
		return -1
	}
	return m.tabAt(mouse.X-l.panelX, l.panelW)
}

// dragAmount turns the horizontal drag distance into pounds: a drag across
// the whole board is worth the source's movable part, in £1m steps.
func (m *Model) dragAmount() float64 {
	d := m.drag
	if d == nil {
		return 0
	}
	dx := math.Abs(float64(d.x - d.startX))
	if dx == 0 {
		return 0
	}
	s := m.st.Place.Silos[d.from]
	scale := s.Movable()
	if scale < smallStep {
		// Nothing can move: still let the drag say how much was tried, so
		// the model can explain the refusal.
		scale = s.Budget.Value
	}
	w := float64(max(m.ctx.layout().boardW, 1))
	return max(math.Round(dx/w*scale/smallStep)*smallStep, smallStep)
}

func (m *Model) updateMouse(msg tea.MouseMsg) tea.Cmd {
	mouse := msg.Mouse()
	if m.showHlp {
		if _, ok := msg.(tea.MouseClickMsg); ok {
			m.showHlp = false
		} else {
			m.gen--
		}
		return nil
	}
	switch msg.(type) {
	case tea.MouseWheelMsg:
		switch mouse.Button {
		case tea.MouseWheelUp:
			m.moveCursor(-1)
		case tea.MouseWheelDown:
			m.moveCursor(1)
		}
		return nil
	case tea.MouseClickMsg:
		if mouse.Button != tea.MouseLeft {
			m.gen--
			return nil
		}
		if p := m.tabUnder(msg); p >= 0 {
			m.panel = p
			return nil
		}
		i := m.siloUnder(msg)
		if i < 0 || m.mode != inputNone {
			m.gen--
			return nil
		}
		if m.mv.stage != stageIdle {
			m.mv = moveState{}
		}
		m.drag = &dragState{from: i, startX: mouse.X, x: mouse.X, over: i}
		m.cursorTo(i)
		m.setStatus(fmt.Sprintf("Dragging from %s: drop on another silo; drag sideways to set how much.", m.siloName(i)), false)
		return nil
	case tea.MouseMotionMsg:
		if m.drag == nil {
			m.gen-- // hover only: nothing changes
			return nil
		}
		m.drag.x = mouse.X
		m.drag.over = m.siloUnder(msg)
		m.setStatus(m.dragStatus(), false)
		return nil
	case tea.MouseReleaseMsg:
		d := m.drag
		if d == nil {
			m.gen--
			return nil
		}
		d.x = mouse.X
		d.over = m.siloUnder(msg)
		amount := m.dragAmount()
		m.drag = nil
		switch {
		case d.over < 0:
			m.setStatus("Drag cancelled: released away from the silos.", false)
		case d.over == d.from && amount == 0:
			m.setStatus(fmt.Sprintf("%s selected: press enter to move from it, or drag it onto another silo.", m.siloName(d.from)), false)
		case d.over == d.from:
			m.setStatus("Drag cancelled: dropped back where it started.", false)
		case amount == 0:
			m.setStatus("Drag cancelled: drag sideways as well to set how much.", false)
		default:
			m.cursorTo(d.over)
			return m.sendMoveOf(d.from, d.over, amount, "")
		}
	}
	return nil
}

func (m *Model) dragStatus() string {
	d := m.drag
	amt := model.FormatMoney(m.dragAmount())
	switch {
	case d.over >= 0 && d.over != d.from:
		return fmt.Sprintf("Moving %s from %s to %s: release to confirm.", amt, m.siloName(d.from), m.siloName(d.over))
	default:
		return fmt.Sprintf("Moving %s from %s: drop on another silo; release elsewhere cancels.", amt, m.siloName(d.from))
	}
}

func (m *Model) cursorTo(silo int) {
	for pos, i := range m.order {
		if i == silo {
			m.cursor = pos
		}
	}
	m.ensureVisible()
}

// moveLine describes the keyboard move under way, for the status line.
func (m *Model) moveLine() string {
	mv := m.mv
	switch mv.stage {
	case stageTarget:
		return fmt.Sprintf("Move from %s to: %s ? (enter picks, esc cancels)", m.siloName(mv.from), m.siloName(m.siloAt(m.cursor)))
	case stageAmount:
		amt := model.FormatMoney(mv.amount)
		if mv.typed != "" {
			amt = mv.typed + " = " + amt
		}
		s := m.st.Place.Silos[mv.from]
		return fmt.Sprintf("Move %s a year from %s to %s (%s can move) · enter next", amt, s.Name, m.siloName(mv.to), model.FormatMoney(max(s.Movable(), 0)))
	case stageWhy:
		return fmt.Sprintf("Move %s from %s to %s · why: %s", model.FormatMoney(mv.amount), m.siloName(mv.from), m.siloName(mv.to), m.input.View(m.ctx.styles))
	}
	return ""
}
