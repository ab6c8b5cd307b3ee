package tui

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
	from, to int     // silo indices
	amount   float64 // £ a year: set by the arrow keys, or the typed text once it reads
	// typing says the amount is being typed: typed is the text shown, read
	// on every key, so what is on screen is always what enter would send.
	typing   bool
	typed    string
	year     int    // calendar year the move starts; the base year unless changed
	targeted bool   // spend it in the most deprived fifth only
	why      string // the reason typed, kept if the session refuses the move
	refused  string // the session's reason for refusing this move, until it is changed
	// centre makes the flow an ask of the centre (A): money the place may
	// not move, recorded as an ask rather than moved, so the place's
	// limits are not applied to it.
	centre bool
	// ask replaces the target step's prompt: a drag dropped on a closed
	// agency asks which of its services receives the money.
	ask string
	// note says why the last key or click did nothing (y past the last
	// year, a click while the move is under way), until the next key.
	note string
}

// dragState is a mouse drag from one silo's row towards another.
type dragState struct {
	from   int // silo index
	startX int
	x, y   int // the pointer now
	over   int // silo index under the pointer, -1 when none
	// overAgency is the agency whose row (not one of its silos) is under
	// the pointer in projector mode, or -1.
	overAgency int
	// fromAgency says the drag began on an agency's row: from is its silo
	// with the most that can move.
	fromAgency bool
	// open is which agencies showed their silos when the drag began
	// (projector mode, as Model.expanded): frozen until the drop, so no
	// row moves under the pointer.
	open []bool
	// edge is -1 or +1 while the pointer rests on or beyond the board's
	// first or last row, so the board scrolls towards silos off screen,
	// since edgeSince; lastScroll is when it last scrolled. ticking says a
	// scroll tick is pending (at most one at a time).
	edge                  int
	edgeSince, lastScroll time.Time
	ticking               bool
}

// dragScrollMsg checks whether the board should scroll a row under a drag
// resting at its edge.
type dragScrollMsg struct{}

// A drag scrolls the board only once the pointer has rested at its edge
// for dragScrollRest, then a row every dragScrollEvery: slow enough to let
// go on the row wanted.
const (
	dragScrollRest  = 300 * time.Millisecond
	dragScrollEvery = 350 * time.Millisecond
)

// dragHint is how every drag status ends.
const dragHint = "release on a silo to move · release elsewhere or esc to cancel"

// moveDoneMsg is the session's answer to a move, with the move as it was
// set up, so a refusal can put it back rather than lose it.
type moveDoneMsg struct {
	doneMsg
	keep moveState
}

// refuses says, and reports, when the session would refuse this
// participant anything of the kind: an observer learns it when they press
// enter, not after choosing a silo, a target and an amount.
func (m *Model) refuses(kind string) bool {
	if err := m.st.MayDo(m.who, kind); err != nil {
		m.setStatus("✗ "+sentence(err.Error()), true)
		return true
	}
	return false
}

// The limits below are the model's: the screen only asks, so a rule is
// worded once, where it is enforced.

// canGive is what silo i can give to a move starting in calendar year,
// after every move made so far.
func (m *Model) canGive(i, year int) float64 { return m.st.Model.CanGive(m.st.Result, i, year) }

// cannotGive says why silo i has nothing to give to any move, or "".
func (m *Model) cannotGive(i int) string {
	return sentence(m.st.Model.WhyCannotGive(m.st.Result, i))
}

// cannotReceive says why silo i cannot take money, or "".
func (m *Model) cannotReceive(i int) string { return sentence(m.st.Place.WhyCannotReceive(i)) }

func (m *Model) startMove() {
	from := m.siloAt(m.cursor)
	if from < 0 || m.refuses(sessions.KindMove) {
		return
	}
	if why := m.cannotGive(from); why != "" {
		m.setStatus("✗ "+why+". Choose another silo to move money from, or press A to ask the centre to free it.", true)
		return
	}
	s := m.st.Place.Silos[from]
	m.mv = moveState{stage: stageTarget, from: from, to: -1, year: m.st.Place.BaseYear}
	m.setStatus(fmt.Sprintf("Moving from %s: choose where it goes, enter.", s.Name), false)
}

// updateMoveKey handles keys while a keyboard move is under way.
func (m *Model) updateMoveKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.com.keys
	if key.Matches(msg, k.Cancel) {
		m.mv = moveState{}
		m.setStatus("Move cancelled.", false)
		return nil
	}
	m.mv.note = ""
	switch m.mv.stage {
	case stageTarget:
		if m.navigateBoard(msg) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Pick):
			m.pickTarget()
		}
	case stageAmount:
		changed := true
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
			m.endTyping()
			m.mv.targeted = !m.mv.targeted
		case key.Matches(msg, k.Later):
			m.endTyping()
			if m.mv.year >= m.lastYear() {
				m.mv.note = m.yearsNote()
			}
			m.mv.year = min(m.mv.year+1, m.lastYear())
		case key.Matches(msg, k.Earlier):
			m.endTyping()
			if m.mv.year <= m.st.Place.BaseYear {
				m.mv.note = m.yearsNote()
			}
			m.mv.year = max(m.mv.year-1, m.st.Place.BaseYear)
		case msg.Code == tea.KeyBackspace:
			// Deleting edits the text shown; from an arrow-set amount it
			// starts an empty one, never silently keeping the old figure.
			if !m.mv.typing {
				m.mv.typing, m.mv.typed = true, ""
			} else if r := []rune(m.mv.typed); len(r) > 0 {
				m.mv.typed = string(r[:len(r)-1])
			}
			m.readTyped()
		case key.Matches(msg, k.Pick):
			if m.amountProblem() != "" {
				return nil // the prompt says what to fix
			}
			m.mv.stage = stageWhy
			placeholder := "optional: one line on why; enter to confirm"
			if m.st.ReasonsRequired && m.st.Stage == sessions.StagePlan {
				placeholder = "required in the Plan stage: one line on why, then enter"
			}
			m.startInput(inputWhy, placeholder, m.mv.why)
			return nil
		default:
			changed = false
			if t := msg.Text; t != "" && len([]rune(m.mv.typed)) < 16 {
				if !m.mv.typing {
					m.mv.typing, m.mv.typed = true, ""
				}
				m.mv.typed += t
				m.readTyped()
				changed = true
			}
		}
		if changed {
			m.mv.refused = ""
		}
	}
	return nil
}

// pickTarget makes the silo under the cursor the move's target, as enter
// or a click does at the target step; the prompt already says why a silo
// cannot be picked.
func (m *Model) pickTarget() {
	to := m.siloAt(m.cursor)
	if to < 0 || to == m.mv.from || (m.cannotReceive(to) != "" && !m.mv.centre) {
		return
	}
	m.mv.to, m.mv.stage = to, stageAmount
	if m.mv.amount <= 0 {
		m.mv.amount = smallStep
		if !m.mv.centre {
			m.mv.amount = min(smallStep, m.canGive(m.mv.from, m.mv.year))
		}
	}
	m.setStatus("", false)
}

// stepAmount steps from the amount shown (the typed one, if it reads), and
// stops at what the source can give.
func (m *Model) stepAmount(d float64) {
	if m.mv.typing {
		m.readTyped()
	}
	m.mv.typing, m.mv.typed = false, ""
	v := max(math.Round((m.mv.amount+d)/smallStep)*smallStep, smallStep)
	if give := m.canGive(m.mv.from, m.mv.year); give >= 0.5 && v > give && !m.mv.centre {
		v = give // all it can give, even when that is not a whole £1m
	}
	m.mv.amount = v
}

// readTyped sets the amount from the typed text when it reads as one.
// endTyping settles a typed amount when t, y or Y is pressed, so digits
// typed after them start a new amount rather than adding to the old one.
// Text that is not an amount stays, for its problem to be said.
func (m *Model) endTyping() {
	if !m.mv.typing {
		return
	}
	if v, err := model.ParseAmount(m.mv.typed); err == nil {
		m.mv.amount, m.mv.typing, m.mv.typed = v, false, ""
	}
}

func (m *Model) readTyped() {
	if v, err := model.ParseAmount(m.mv.typed); err == nil {
		m.mv.amount = v
	}
}

// amountProblem says what stops the amount being confirmed, or "".
func (m *Model) amountProblem() string {
	mv := m.mv
	if mv.typing {
		if strings.TrimSpace(mv.typed) == "" {
			return "type an amount: 5 = £5m, or 250k, 2.5m"
		}
		// The typed text is on the line above: say only what is wrong with it.
		var ae *model.AmountError
		if _, err := model.ParseAmount(mv.typed); errors.As(err, &ae) {
			return "not an amount: " + ae.Reason
		}
	}
	if mv.amount < 0.5 {
		return "the amount must be more than £0"
	}
	if mv.centre {
		return "" // the place's limits are what the ask is for
	}
	give := m.canGive(mv.from, mv.year)
	if over := mv.amount - give; over >= 0.5 {
		from := ""
		if mv.year > m.st.Place.BaseYear {
			from = fmt.Sprintf(" from %d", mv.year)
		}
		later := ""
		if m.canGive(mv.from, m.lastYear())-give >= 0.5 {
			later = ", more if it starts later" // its movable part is freed over years
		}
		return fmt.Sprintf("%s over: %s can give %s%s%s", model.FormatMoney(over), m.siloName(mv.from), model.FormatMoney(give), from, later)
	}
	return ""
}

// yearsNote says the years a move can start in, when y or Y would go past them.
func (m *Model) yearsNote() string {
	return fmt.Sprintf("Moves can start from %d to %d.", m.st.Place.BaseYear, m.lastYear())
}

// lastYear is the last calendar year simulated.
func (m *Model) lastYear() int {
	p := m.st.Place
	return p.BaseYear + max(p.HorizonYears, 1) - 1
}

// sendMove sends the keyboard move to the session, keeping it so that a
// refusal can put it back at the amount step.
func (m *Model) sendMove(why string) tea.Cmd {
	mv := m.mv
	m.mv = moveState{}
	if mv.from < 0 || mv.to < 0 {
		return nil
	}
	mv.why = why
	if mv.centre {
		return m.sendAsk(mv, why)
	}
	return m.send(m.keyboardMove(mv), why, mv)
}

// keyboardMove is the model.Move a keyboard move state stands for.
func (m *Model) keyboardMove(mv moveState) model.Move {
	p := m.st.Place
	move := model.Move{From: p.Silos[mv.from].ID, To: p.Silos[mv.to].ID, Amount: mv.amount}
	if mv.year > p.BaseYear {
		move.Year = mv.year // 0 means the base year; keep moves from it as they always were
	}
	move.Target.MostDeprivedFifth = mv.targeted
	return move
}

func (m *Model) sendMoveOf(from, to int, amount float64, why string) tea.Cmd {
	keep := moveState{from: from, to: to, amount: amount, year: m.st.Place.BaseYear, why: why}
	return m.send(m.keyboardMove(keep), why, keep)
}

func (m *Model) send(mv model.Move, why string, keep moveState) tea.Cmd {
	p := m.st.Place
	what := "Moved " + moveText(p, mv) + "."
	m.setStatus("Moving "+moveText(p, mv)+"…", false)
	cmd := m.do(sessions.MoveMoney{Move: mv, Why: why}, what)
	return func() tea.Msg {
		msg := cmd()
		if d, ok := msg.(doneMsg); ok {
			return moveDoneMsg{doneMsg: d, keep: keep}
		}
		return msg
	}
}

// moveAnswered puts a refused move back at its amount step with the
// reason, so nothing chosen is lost, unless something else has begun
// since it was sent.
func (m *Model) moveAnswered(msg moveDoneMsg) {
	if msg.err == nil || m.moving() || m.mode != inputNone || m.st == nil {
		return
	}
	n := len(m.st.Place.Silos)
	if msg.keep.from < 0 || msg.keep.from >= n || msg.keep.to < 0 || msg.keep.to >= n {
		return
	}
	m.mv = msg.keep
	m.mv.stage = stageAmount
	m.mv.refused = msg.err.Error()
	m.cursorTo(m.mv.to)
}

// undoText says what u takes back: "Undid £10m a year from A to B."
func (m *Model) undoText() string {
	st := m.st
	if n := len(st.Applied); n > 0 {
		if seq := st.Applied[n-1]; seq >= 1 && seq <= uint64(len(st.History)) {
			if mv := st.History[seq-1].Move; mv != nil {
				return "Undid " + moveText(st.Place, *mv) + "."
			}
		}
	}
	return "Undone."
}

// redoText says what U puts back: the session says which move that is.
func (m *Model) redoText() string {
	st := m.st
	if seq := st.Redo; seq >= 1 && seq <= uint64(len(st.History)) {
		if mv := st.History[seq-1].Move; mv != nil {
			return "Redid " + moveText(st.Place, *mv) + "."
		}
	}
	return "Redone."
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
			phrase += ", targeted at " + model.Plural(n, "neighbourhood")
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
	return m.rowAt(mouse.X, mouse.Y)
}

func (m *Model) rowAt(x, y int) (boardRow, bool) {
	f := m.frame()
	if f.l.tooSmall || m.showHlp {
		return boardRow{}, false
	}
	return f.board.at(x, y)
}

// siloUnder is the silo under the pointer, or -1.
func (m *Model) siloUnder(msg tea.MouseMsg) int {
	mouse := msg.Mouse()
	return m.siloAtPoint(mouse.X, mouse.Y)
}

// siloAtPoint is the silo whose row is drawn at (x, y), or -1: only a row
// the pointer is on, never the nearest one. In projector mode an agency
// with a single silo stands for it.
func (m *Model) siloAtPoint(x, y int) int {
	row, ok := m.rowAt(x, y)
	switch {
	case !ok:
		return -1
	case row.silo >= 0:
		return row.silo
	case m.com.projector:
		if ss := m.agencySilos(row.agency); len(ss) == 1 {
			return ss[0]
		}
	}
	return -1
}

// tabUnder is the tab under the pointer, or -1.
func (m *Model) tabUnder(msg tea.MouseMsg) panel {
	mouse := msg.Mouse()
	l := m.com.layout()
	if l.tooSmall || l.projector || m.showHlp || mouse.Y != l.panelY || mouse.X < l.panelX {
		return -1
	}
	return m.tabAt(mouse.X-l.panelX, l.panelW)
}

// dragAmount turns the horizontal drag distance into pounds: a drag across
// the whole board is worth all the source can give now, in £1m steps, and
// never more than that.
func (m *Model) dragAmount() float64 {
	d := m.drag
	if d == nil {
		return 0
	}
	dx := math.Abs(float64(d.x - d.startX))
	give := m.canGive(d.from, m.st.Place.BaseYear)
	if dx == 0 || give < 0.5 {
		return 0
	}
	w := float64(max(m.com.layout().boardW, 1))
	v := max(math.Round(dx/w*give/smallStep)*smallStep, smallStep)
	return min(v, give)
}

// dragProblem says why the drag cannot be dropped where it is, or "".
func (m *Model) dragProblem() string {
	d := m.drag
	if why := m.cannotGive(d.from); why != "" {
		return why
	}
	if d.over >= 0 && d.over != d.from {
		return m.cannotReceive(d.over)
	}
	return ""
}

func (m *Model) updateMouse(msg tea.MouseMsg) tea.Cmd {
	mouse := msg.Mouse()
	if m.showHlp {
		if _, ok := msg.(tea.MouseClickMsg); ok {
			m.showHlp = false
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
			return nil
		}
		if p := m.tabUnder(msg); p >= 0 {
			m.panel = p
			return nil
		}
		if m.mode != inputNone || m.mv.stage != stageIdle {
			m.clickDuringMove(msg) // never drops what is under way
			return nil
		}
		i, fromAgency := m.siloUnder(msg), false
		if row, ok := m.rowUnder(msg); ok && row.silo < 0 && i < 0 && m.com.projector {
			// An agency's row stands for its silo with the most that can
			// move; a click without a drag opens the agency on it.
			i, fromAgency = m.mostMovable(row.agency), true
		}
		if i < 0 || m.refuses(sessions.KindMove) {
			return nil
		}
		// What is open now stays open until the drop: the rows must not
		// move under the pointer (the cursor's agency would open).
		open := m.expanded()
		m.drag = &dragState{from: i, startX: mouse.X, x: mouse.X, y: mouse.Y, over: i, overAgency: -1,
			fromAgency: fromAgency, open: open}
		if fromAgency {
			m.drag.over = -1
		}
		// Not cursorTo: scrolling to show the cursor's agency would move
		// the board under the pointer. The row pressed is on screen.
		m.cursorQuiet(i)
		m.setStatus("", false)
		return nil
	case tea.MouseMotionMsg:
		d := m.drag
		if d == nil {
			return nil
		}
		d.x, d.y = mouse.X, mouse.Y
		m.dragOver()
		if edge := m.dragEdge(mouse.Y); edge != d.edge {
			d.edge, d.edgeSince = edge, m.clock()
		}
		if d.edge != 0 && !d.ticking {
			d.ticking = true
			return tea.Tick(dragScrollRest, func(time.Time) tea.Msg { return dragScrollMsg{} })
		}
		return nil
	case tea.MouseReleaseMsg:
		d := m.drag
		if d == nil {
			return nil
		}
		d.x, d.y = mouse.X, mouse.Y
		m.dragOver()
		amount := m.dragAmount()
		m.drag = nil
		switch {
		case d.over < 0 && d.fromAgency && d.x == d.startX:
			// A click on an agency's row opens it on that silo.
			m.cursorTo(d.from)
			m.setStatus(fmt.Sprintf("%s selected: press enter to move from it, or drag it onto another silo.", m.siloName(d.from)), false)
		case d.over < 0 && d.fromAgency && d.overAgency == m.siloAgency(d.from):
			m.setStatus("Drag cancelled: dropped back where it started. Nothing moved.", false)
		case d.over < 0 && d.overAgency >= 0:
			return m.dropOnAgency(d, amount)
		case d.over < 0:
			m.setStatus("Drag cancelled: released away from the silos. Nothing moved.", false)
		case d.over == d.from && d.x == d.startX:
			m.cursorTo(d.from)
			m.setStatus(fmt.Sprintf("%s selected: press enter to move from it, or drag it onto another silo.", m.siloName(d.from)), false)
		case m.cannotGive(d.from) != "":
			m.setStatus("✗ "+m.cannotGive(d.from)+". Nothing was moved.", true)
		case d.over == d.from:
			m.setStatus("Drag cancelled: dropped back where it started. Nothing moved.", false)
		case m.cannotReceive(d.over) != "":
			m.setStatus("✗ "+m.cannotReceive(d.over)+". Nothing moved.", true)
		case amount == 0:
			m.setStatus("Drag cancelled: drag sideways as well to set how much. Nothing moved.", false)
		default:
			m.cursorTo(d.over)
			return m.sendMoveOf(d.from, d.over, amount, "")
		}
		m.ensureVisible()
	}
	return nil
}

// dragOver finds what the drag's pointer is over: a silo's row, or in
// projector mode an agency's row (one with a single silo stands for it).
func (m *Model) dragOver() {
	d := m.drag
	d.over, d.overAgency = m.siloAtPoint(d.x, d.y), -1
	if row, ok := m.rowAt(d.x, d.y); ok && row.silo < 0 && d.over < 0 && m.com.projector {
		d.overAgency = row.agency
	}
}

// receivers lists agency a's silos that can take money from silo from.
func (m *Model) receivers(a, from int) []int {
	var out []int
	for _, i := range m.agencySilos(a) {
		if i != from && m.cannotReceive(i) == "" {
			out = append(out, i)
		}
	}
	return out
}

// mostMovable is agency a's silo with the most that can move now, or its
// first silo when none can give; -1 when it has none.
func (m *Model) mostMovable(a int) int {
	best, most := -1, -1.0
	for _, i := range m.agencySilos(a) {
		if give := m.canGive(i, m.st.Place.BaseYear); give > most {
			best, most = i, give
		}
	}
	return best
}

// siloAgency is the index of silo i's agency, -1 for none.
func (m *Model) siloAgency(i int) int {
	p := m.st.Place
	return p.AgencyIndex(p.Silos[i].Agency)
}

// agencyLabel is agency a's short name, as the projector board shows it.
func (m *Model) agencyLabel(a int) string {
	if a < 0 || a >= len(m.st.Place.Agencies) {
		return "Other"
	}
	return m.st.Place.Agencies[a].Label()
}

// dropOnAgency is a drag released on an agency's row in projector mode:
// the one silo there that can take the money gets it; with several, the
// move goes on by keyboard at the target step, the agency open and the
// amount kept.
func (m *Model) dropOnAgency(d *dragState, amount float64) tea.Cmd {
	name := m.agencyLabel(d.overAgency)
	to := m.receivers(d.overAgency, d.from)
	switch {
	case m.cannotGive(d.from) != "":
		m.setStatus("✗ "+m.cannotGive(d.from)+". Nothing was moved.", true)
	case len(to) == 0:
		m.setStatus(fmt.Sprintf("✗ None of %s's services can receive money from %s here. Nothing moved.", name, m.siloName(d.from)), true)
	case amount == 0:
		m.setStatus("Drag cancelled: drag sideways as well to set how much. Nothing moved.", false)
	case len(to) == 1:
		m.cursorTo(to[0])
		return m.sendMoveOf(d.from, to[0], amount, "")
	default:
		m.mv = moveState{stage: stageTarget, from: d.from, to: -1, amount: amount, year: m.st.Place.BaseYear,
			ask: fmt.Sprintf("Choose which of %s's services receives %s a year", name, model.FormatMoney(amount))}
		m.cursorTo(to[0])
		return nil
	}
	m.ensureVisible()
	return nil
}

// clock is the time now; tests set Model.now to drive drag scrolling.
func (m *Model) clock() time.Time {
	if m.now != nil {
		return m.now()
	}
	return time.Now()
}

// dragEdge is -1 when the pointer is on or above the first board row shown
// and rows are hidden above, +1 on or below the last with rows hidden
// below, else 0.
func (m *Model) dragEdge(y int) int {
	f := m.frame()
	g := &f.board
	if f.l.tooSmall || len(g.ys) == 0 {
		return 0
	}
	lastY := g.ys[len(g.ys)-1] + g.rows[g.first+len(g.ys)-1].h - 1
	switch {
	case y <= g.ys[0] && g.first > 0:
		return -1
	case y >= lastY && g.first+len(g.ys) < len(g.rows):
		return 1
	}
	return 0
}

// dragScroll scrolls the board one row towards the edge the drag rests
// on, once it has rested there dragScrollRest and at most one row every
// dragScrollEvery, and keeps ticking while it rests there.
func (m *Model) dragScroll() tea.Cmd {
	d := m.drag
	if d == nil {
		return nil
	}
	d.ticking = false
	now := m.clock()
	if edge := m.dragEdge(d.y); edge != d.edge {
		d.edge, d.edgeSince = edge, now
	}
	if d.edge == 0 {
		return nil
	}
	wait := max(d.edgeSince.Add(dragScrollRest).Sub(now), d.lastScroll.Add(dragScrollEvery).Sub(now))
	if wait > 0 {
		d.ticking = true
		return tea.Tick(wait, func(time.Time) tea.Msg { return dragScrollMsg{} })
	}
	m.offset = max(m.offset+d.edge, 0)
	d.lastScroll = now
	m.dragOver() // the status names the row now under the pointer
	if d.edge = m.dragEdge(d.y); d.edge == 0 {
		return nil
	}
	d.ticking = true
	return tea.Tick(dragScrollEvery, func(time.Time) tea.Msg { return dragScrollMsg{} })
}

func (m *Model) dragStatus() string {
	d := m.drag
	src := m.siloName(d.from)
	if why := m.cannotGive(d.from); why != "" {
		return why + ". Release to cancel."
	}
	if d.fromAgency {
		src = fmt.Sprintf("%s (%s's most movable)", src, m.agencyLabel(m.siloAgency(d.from)))
	}
	amount := m.dragAmount()
	amt := model.FormatMoney(amount)
	if give := m.canGive(d.from, m.st.Place.BaseYear); amount > 0 && give-amount < 0.5 {
		amt += " (all it can give)"
	}
	switch {
	case d.over >= 0 && d.over != d.from && m.cannotReceive(d.over) != "":
		return fmt.Sprintf("%s cannot receive · %s", m.siloName(d.over), dragHint)
	case amount == 0:
		return fmt.Sprintf("Dragging from %s: drag sideways to set how much · %s", src, dragHint)
	case d.over >= 0 && d.over != d.from:
		return fmt.Sprintf("Moving %s from %s to %s · %s", amt, src, m.siloName(d.over), dragHint)
	case d.overAgency >= 0:
		if to := m.receivers(d.overAgency, d.from); len(to) == 1 {
			return fmt.Sprintf("Moving %s from %s to %s · %s", amt, src, m.siloName(to[0]), dragHint)
		}
		return fmt.Sprintf("Moving %s from %s to %s (choose the service next) · %s", amt, src, m.agencyLabel(d.overAgency), dragHint)
	}
	return fmt.Sprintf("Moving %s from %s · %s", amt, src, dragHint)
}

// cursorQuiet puts the cursor on a silo without scrolling the board.
func (m *Model) cursorQuiet(silo int) {
	if pos := slices.Index(m.order, silo); pos >= 0 {
		m.cursor = pos
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

// moveLine describes the keyboard move under way, its first line, for a
// status w cells wide.
func (m *Model) moveLine(w int) string {
	mv := m.mv
	p := m.st.Place
	switch mv.stage {
	case stageTarget:
		if mv.ask != "" {
			return fmt.Sprintf("%s: %s ?", mv.ask, m.siloName(m.siloAt(m.cursor)))
		}
		if mv.centre {
			return fmt.Sprintf("Ask the centre to free money in %s for: %s ?", m.siloName(mv.from), m.siloName(m.siloAt(m.cursor)))
		}
		return fmt.Sprintf("Move from %s to: %s ?", m.siloName(mv.from), m.siloName(m.siloAt(m.cursor)))
	case stageAmount:
		phrase := amountPhrase(p, mv.amount, mv.year, mv.targeted)
		if mv.typing {
			if _, err := model.ParseAmount(mv.typed); err != nil {
				phrase = mv.typed + "_ = ?"
			}
		}
		line := "Move " + phrase + m.moveWhere(m.siloName(mv.from), m.siloName(mv.to)) +
			fmt.Sprintf(" (%s can move)", model.FormatMoney(m.canGive(mv.from, mv.year)))
		if mv.centre {
			line = "Ask the centre for " + phrase + m.moveWhere(m.siloName(mv.from), m.siloName(mv.to)) +
				fmt.Sprintf(" (%s may move locally)", model.FormatMoney(m.canGive(mv.from, mv.year)))
		}
		// The key line says it too: the hint goes before it would wrap.
		if hint := " · type 5\u00a0=\u00a0£5m"; ansi.StringWidth(line+hint) <= w {
			line += hint
		}
		return line
	case stageWhy:
		return m.moveSentence(w)
	}
	return ""
}

// moveWhere is " from A to B", or ": A → B" after a start year or target.
func (m *Model) moveWhere(from, to string) string {
	if m.mv.year > m.st.Place.BaseYear || m.mv.targeted {
		return ": " + from + " → " + to
	}
	return " from " + from + " to " + to
}

// moveSentence is the whole move in at most w cells: long silo names are
// cut, the longer first, so both ends of the move stay on the line.
func (m *Model) moveSentence(w int) string {
	mv := m.mv
	head := "Move " + amountPhrase(m.st.Place, mv.amount, mv.year, mv.targeted)
	if mv.centre {
		head = "Ask the centre for " + amountPhrase(m.st.Place, mv.amount, mv.year, mv.targeted)
	}
	from, to := fitPair(m.siloName(mv.from), m.siloName(mv.to), w-ansi.StringWidth(head+m.moveWhere("", "")))
	return head + m.moveWhere(from, to)
}

// fitPair cuts two names to fit room cells between them: the shorter
// keeps what it can of its half, the longer gets the rest.
func fitPair(a, b string, room int) (string, string) {
	wa, wb := ansi.StringWidth(a), ansi.StringWidth(b)
	if wa+wb <= room {
		return a, b
	}
	half := max(room/2, 4)
	switch {
	case wa <= half:
		return a, ansi.Truncate(b, max(room-wa, 4), "…")
	case wb <= half:
		return ansi.Truncate(a, max(room-wb, 4), "…"), b
	}
	return ansi.Truncate(a, max(room-half, 4), "…"), ansi.Truncate(b, half, "…")
}

// moveDetail is the second part of a move's prompt: what is wrong with it,
// or the live preview of what it would do.
func (m *Model) moveDetail() (text string, isErr bool) {
	switch {
	case m.drag != nil:
		if why := m.dragProblem(); why != "" {
			return why + ".", true
		}
		if m.drag.over < 0 || m.drag.over == m.drag.from || m.dragAmount() == 0 {
			return "", false
		}
	case m.mv.note != "": // what the last key or click did not do
		return m.mv.note, false
	case m.mv.stage == stageTarget:
		switch to := m.siloAt(m.cursor); {
		case to == m.mv.from:
			return "That is where the money comes from: choose another silo.", true
		case to >= 0 && m.cannotReceive(to) != "" && !m.mv.centre:
			return m.cannotReceive(to) + ". Choose another silo.", true
		}
		return "", false
	case m.mv.stage == stageWhy && m.in.note != "":
		return m.in.note, true
	case m.mv.refused != "":
		return "✗ " + m.mv.refused, true
	case m.mv.stage == stageAmount:
		if why := m.amountProblem(); why != "" {
			return "✗ " + why, true
		}
	}
	if m.mv.centre {
		return "Not allowed today: recorded as an ask of the centre, its outcomes worked out in the plan as if allowed.", false
	}
	if pd := m.pending(); pd.from >= 0 && pd.to >= 0 && m.st.WouldPropose(m.who, m.st.Place.Silos[pd.from].ID) {
		// Said before it is sent: this money is another agency's.
		owner := agencyName(m.st.Place, m.st.Place.Silos[pd.from].Agency)
		return "A proposal: it is " + owner + "'s money, so it moves when " + owner + " agrees · " + m.previewLine(), false
	}
	return m.previewLine(), false
}

// whyNames is the least room the two silo names keep on the reason's
// line; with less, the move takes a line of its own above the field.
const whyNames = 24

// namesWidth is how wide the keyboard move's two silo names are.
func (m *Model) namesWidth() int {
	return ansi.StringWidth(m.siloName(m.mv.from)) + ansi.StringWidth(m.siloName(m.mv.to))
}

// movePrompt is the status area while a move is under way: the move on
// one or two lines, then what is wrong with it or its preview, wrapped to
// w and at most maxLines lines.
func (m *Model) movePrompt(w, maxLines int) []string {
	st := m.com.styles
	var first []string
	if m.mv.stage == stageWhy {
		const label = " · why: "
		room := w - ansi.StringWidth(label) - max(24, w*40/100) - 1 // inputLine keeps the rest for the field
		line := m.moveSentence(room)
		if full := m.moveSentence(1 << 20); ansi.StringWidth(full) > room && room-ansi.StringWidth(full)+m.namesWidth() < whyNames && maxLines >= 2 {
			// Too cut to read beside the field: the whole move, then the field.
			first = []string{st.StatusMove.Render(m.moveSentence(w)), m.inputLine("", "why: ", w)}
		} else {
			first = []string{m.inputLine(line, label, w)}
		}
	} else {
		line := m.moveLine(w)
		if m.drag != nil {
			line = m.dragStatus()
		}
		first = wrapLines(st.StatusMove.Render(st.text(line)), w, 2)
	}
	detail, isErr := m.moveDetail()
	if detail == "" && m.drag != nil && maxLines >= 2 {
		detail = " " // a drag keeps its two lines, so rows stay put
	}
	if detail == "" || maxLines < 2 {
		return first[:min(len(first), maxLines)]
	}
	if len(first) >= maxLines {
		first = first[:maxLines-1]
	}
	s := st.StatusInfo
	if isErr {
		s = st.StatusErr
	}
	return append(first, wrapLines(s.Render(st.text(detail)), w, maxLines-len(first))...)
}

// wrapLines wraps styled text to w cells, at most n lines, the last cut
// with … when more would follow.
func wrapLines(s string, w, n int) []string {
	lines := strings.Split(ansi.Wrap(s, max(w, 1), ""), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = ansi.Truncate(lines[n-1], max(w-1, 1), "") + "…"
	}
	return lines
}

// promptMax is how many lines a move's prompt may take. A drag on a wide
// screen keeps to two, always both, because there the status's lines
// come off the board's bottom row and rows must not shift mid-drag.
func (m *Model) promptMax() int {
	if m.drag != nil && m.com.width >= wideWidth {
		return 2
	}
	return 4
}

// fitStatus sizes the status area to its text after every message, so
// the frame the mouse is tested against is the one drawn.
func (m *Model) fitStatus() {
	if m.st == nil || m.com.width == 0 || m.com.height == 0 {
		return
	}
	old := m.com.statusExtra
	m.com.statusExtra = 0
	if !m.com.layout().tooSmall && !m.showHlp {
		m.com.statusExtra = max(len(m.statusLines(m.com.width))-1, 0)
	}
	if m.com.statusExtra != old {
		if m.drag == nil {
			m.ensureVisible()
		}
	}
}
