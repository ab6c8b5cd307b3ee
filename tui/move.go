package tui

import (
	"fmt"
	"math"
	"slices"
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
	year     int    // calendar year the move starts; the base year unless changed
	targeted bool   // spend it in the most deprived fifth only
}

// dragState is a mouse drag from one silo's row towards another.
type dragState struct {
	from   int // silo index
	startX int
	x      int
	over   int // silo index under the pointer, -1 when none
	// opened lists agencies the pointer has passed over in projector mode;
	// they stay open until the drop so rows never shift under the pointer.
	opened []int
}

func (m *Model) startMove() {
	from := m.siloAt(m.cursor)
	if from < 0 {
		return
	}
	s := m.st.Place.Silos[from]
	m.mv = moveState{stage: stageTarget, from: from, to: -1, year: m.st.Place.BaseYear}
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
			m.moveCursor(-m.pageSize())
		case key.Matches(msg, k.PageDown):
			m.moveCursor(m.pageSize())
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
		case key.Matches(msg, k.Target):
			m.mv.targeted = !m.mv.targeted
		case key.Matches(msg, k.Later):
			m.mv.year = min(m.mv.year+1, m.lastYear())
		case key.Matches(msg, k.Earlier):
			m.mv.year = max(m.mv.year-1, m.st.Place.BaseYear)
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
			m.startInput(inputWhy, "why? (optional, enter to confirm)", "")
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

// lastYear is the last calendar year simulated.
func (m *Model) lastYear() int {
	p := m.st.Place
	return p.BaseYear + max(p.HorizonYears, 1) - 1
}

// sendMove sends the keyboard move to the session.
func (m *Model) sendMove(why string) tea.Cmd {
	mv := m.mv
	m.mv = moveState{}
	if mv.from < 0 || mv.to < 0 {
		return nil
	}
	p := m.st.Place
	move := model.Move{From: p.Silos[mv.from].ID, To: p.Silos[mv.to].ID, Amount: mv.amount}
	if mv.year > p.BaseYear {
		move.Year = mv.year // 0 means the base year; keep moves from it as they always were
	}
	move.Target.MostDeprivedFifth = mv.targeted
	return m.send(move, why)
}

func (m *Model) sendMoveOf(from, to int, amount float64, why string) tea.Cmd {
	p := m.st.Place
	return m.send(model.Move{From: p.Silos[from].ID, To: p.Silos[to].ID, Amount: amount}, why)
}

func (m *Model) send(mv model.Move, why string) tea.Cmd {
	p := m.st.Place
	what := "Moved " + moveText(p, mv) + "."
	m.setStatus("Moving "+moveText(p, mv)+"…", false)
	return m.do(sessions.MoveMoney{Move: mv, Why: why}, what)
}

// amountPhrase says how much, from when and where, as people say it:
// "£12m a year from 2028, targeted at the most deprived fifth".
func amountPhrase(p *model.Place, amount float64, year int, targeted bool) string {
	s := model.FormatMoney(amount) + " a year"
	if year > p.BaseYear {
		s += fmt.Sprintf(" from %d", year)
	}
	if targeted {
		s += ", targeted at the most deprived fifth"
	}
	return s
}

// moveText describes a move in full: "£12m a year from A to B", or with a
// start year or targeting "£12m a year from 2028, targeted at …: A → B".
func moveText(p *model.Place, mv model.Move) string {
	phrase := amountPhrase(p, mv.Amount, mv.Year, mv.Target.MostDeprivedFifth)
	if mv.Year > p.BaseYear || !mv.Target.IsZero() {
		if n := len(mv.Target.Neighbourhoods); n > 0 && !mv.Target.MostDeprivedFifth {
			phrase += fmt.Sprintf(", targeted at %d neighbourhoods", n)
		}
		return phrase + ": " + siloLabel(p, mv.From) + " → " + siloLabel(p, mv.To)
	}
	return phrase + " from " + siloLabel(p, mv.From) + " to " + siloLabel(p, mv.To)
}

// rowUnder is the board row under the pointer. It reads the same frame
// render draws from, so the two cannot drift (bubblezone's marker scan cost
// 1 MB and a fifth of the CPU per frame).
func (m *Model) rowUnder(msg tea.MouseMsg) (boardRow, bool) {
	mouse := msg.Mouse()
	f := m.frame()
	if f.l.tooSmall || m.showHlp {
		return boardRow{}, false
	}
	return f.board.at(mouse.X, mouse.Y)
}

// siloUnder is the silo under the pointer, or -1. In projector mode an
// agency with a single silo stands for it.
func (m *Model) siloUnder(msg tea.MouseMsg) int {
	row, ok := m.rowUnder(msg)
	switch {
	case !ok:
		return -1
	case row.silo >= 0:
		return row.silo
	case m.ctx.projector:
		if ss := m.agencySilos(row.agency); len(ss) == 1 {
			return ss[0]
		}
	}
	return -1
}

// tabUnder is the tab under the pointer, or -1.
func (m *Model) tabUnder(msg tea.MouseMsg) panel {
	mouse := msg.Mouse()
	l := m.ctx.layout()
	if l.tooSmall || l.projector || m.showHlp || mouse.Y != l.panelY || mouse.X < l.panelX {
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
		if m.mode != inputNone {
			m.gen--
			return nil
		}
		i := m.siloUnder(msg)
		if row, ok := m.rowUnder(msg); ok && row.silo < 0 && i < 0 && m.ctx.projector {
			// A click on a closed agency opens it: the cursor goes to its first silo.
			if ss := m.agencySilos(row.agency); len(ss) > 0 && m.mv.stage == stageIdle {
				m.cursorTo(ss[0])
				return nil
			}
		}
		if i < 0 {
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
		if row, ok := m.rowUnder(msg); ok && row.silo < 0 && m.ctx.projector && !slices.Contains(m.drag.opened, row.agency) {
			m.drag.opened = append(m.drag.opened, row.agency)
		}
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
	p := m.st.Place
	switch mv.stage {
	case stageTarget:
		return fmt.Sprintf("Move from %s to: %s ? (enter picks, esc cancels)", m.siloName(mv.from), m.siloName(m.siloAt(m.cursor)))
	case stageAmount:
		phrase := amountPhrase(p, mv.amount, mv.year, mv.targeted)
		if mv.typed != "" {
			phrase = mv.typed + " = " + phrase
		}
		s := p.Silos[mv.from]
		where := " from " + s.Name + " to " + m.siloName(mv.to)
		if mv.year > p.BaseYear || mv.targeted {
			where = ": " + s.Name + " → " + m.siloName(mv.to)
		}
		return fmt.Sprintf("Move %s%s (%s can move)", phrase, where, model.FormatMoney(max(s.Movable(), 0)))
	case stageWhy:
		return fmt.Sprintf("Move %s: %s → %s", amountPhrase(p, mv.amount, mv.year, mv.targeted), m.siloName(mv.from), m.siloName(mv.to))
	}
	return ""
}
