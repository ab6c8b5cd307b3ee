// Package tui is the workshop screen: the place's spend board, moving money
// by keyboard or mouse drag, and panels showing what the model recalculates.
// One model serves a solo terminal or an SSH participant; it only reads the
// session's immutable State and sends it commands off the UI loop.
package tui

import (
	stdctx "context"
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/sessions"
)

// Options configure a workshop screen.
type Options struct {
	Projector     bool
	Width, Height int // 0 = unknown until the first WindowSizeMsg
}

// stateChangedMsg says the session published a new State.
type stateChangedMsg struct{}

// doneMsg is the session's answer to a command.
type doneMsg struct {
	err  error
	what string // said in the status line on success
}

// panel identifies the tabbed detail panels, in key order 1-7.
type panel int

const (
	panelOutcomes panel = iota
	panelGap
	panelLedger
	panelWhy
	panelScenarios
	panelHistory
	panelPlace
	panelCount
)

var panelNames = [panelCount]string{"Outcomes", "Gap", "Who pays", "Why", "Scenarios", "History", "Place"}

// inputMode says what the one-line text input is collecting.
type inputMode int

const (
	inputNone inputMode = iota
	inputWhy
	inputSaveName
)

// Model is the workshop screen. Use New; call Close when the program ends.
type Model struct {
	sess *sessions.Session
	who  string
	ctx  *context

	st    *sessions.State
	order []int // silo indices in board order: grouped by agency
	byIMD []int // neighbourhood indices, most deprived first

	cursor  int // position in order
	offset  int // first board row shown
	panel   panel
	outSel  int // outcome chosen in Why and Gap
	scSel   int // saved scenario chosen in Scenarios
	pinned  int // saved scenario pinned for comparison, -1 for the current one
	showHlp bool

	mv    moveState
	drag  *dragState
	input lineInput
	mode  inputMode

	status      string
	statusErr   bool
	quitConfirm bool
	lastNotice  string
	busy        int // commands sent, not yet answered

	sub         <-chan struct{}
	unsubscribe func()
	done        chan struct{}
	closeOnce   sync.Once

	gen, cacheGen uint64
	cache         string
}

// New builds the workshop screen for participant who on sess.
func New(sess *sessions.Session, who string, opts Options) tea.Model {
	m := &Model{sess: sess, who: who, ctx: newContext(opts), pinned: -1, done: make(chan struct{})}
	m.sub, m.unsubscribe = sess.Subscribe()
	m.input.CharLimit = 200
	m.setState(sess.State())
	m.gen = 1
	return m
}

// Close stops listening to the session. Run calls it; an SSH handler that
// runs the model itself should call it when the program ends.
func (m *Model) Close() {
	m.closeOnce.Do(func() {
		close(m.done)
		m.unsubscribe()
	})
}

// Run runs the workshop screen in the terminal until the user quits or ctx ends.
func Run(ctx stdctx.Context, sess *sessions.Session, who string, opts Options, progOpts ...tea.ProgramOption) error {
	m := New(sess, who, opts).(*Model)
	defer m.Close()
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)...)
	_, err := p.Run()
	return err
}

func (m *Model) setState(st *sessions.State) {
	if st == nil {
		return
	}
	placeChanged := m.st == nil || m.st.Place != st.Place
	if m.st != nil && len(st.Scenarios) > len(m.st.Scenarios) {
		m.scSel = len(st.Scenarios) - 1 // show the one just saved
	}
	m.st = st
	if placeChanged {
		m.order = boardOrder(st.Place)
		m.byIMD = imdOrder(st.Place)
	}
	if st.Notice != "" && st.Notice != m.lastNotice {
		m.lastNotice = st.Notice
		m.setStatus(st.Notice, false)
	}
	if m.scSel >= len(st.Scenarios) {
		m.scSel = len(st.Scenarios) - 1
	}
	if m.scSel < 0 && len(st.Scenarios) > 0 {
		m.scSel = 0
	}
	if m.pinned >= len(st.Scenarios) {
		m.pinned = -1
	}
	if n := len(st.Place.Outcomes); m.outSel >= n {
		m.outSel = 0
	}
}

// waitForChange turns the session's notify channel into a message.
func (m *Model) waitForChange() tea.Cmd {
	sub, done := m.sub, m.done
	return func() tea.Msg {
		select {
		case _, ok := <-sub:
			if !ok {
				return nil
			}
			return stateChangedMsg{}
		case <-done:
			return nil
		}
	}
}

// do sends a command to the session off the UI loop.
func (m *Model) do(cmd sessions.Command, what string) tea.Cmd {
	m.busy++
	sess, who := m.sess, m.who
	return func() tea.Msg {
		return doneMsg{err: sess.Do(who, cmd), what: what}
	}
}

func (m *Model) Init() tea.Cmd {
	return m.waitForChange()
}

func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.gen++ // any message may change the screen; View re-renders only then
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.ctx.width, m.ctx.height = msg.Width, msg.Height
		m.ensureVisible()
		return m, nil
	case stateChangedMsg:
		m.setState(m.sess.State())
		return m, m.waitForChange()
	case doneMsg:
		m.busy--
		if msg.err != nil {
			m.setStatus("✗ "+msg.err.Error(), true)
		} else if msg.what != "" {
			m.setStatus(msg.what, false)
		}
		// The session publishes before Do returns; read it now so the
		// answer and the new figures appear together.
		m.setState(m.sess.State())
		return m, nil
	case tea.KeyPressMsg:
		return m.updateKey(msg)
	case tea.MouseClickMsg, tea.MouseMotionMsg, tea.MouseReleaseMsg, tea.MouseWheelMsg:
		return m, m.updateMouse(msg.(tea.MouseMsg))
	}
	if m.mode != inputNone && m.input.Update(msg) {
		return m, nil
	}
	m.gen-- // nothing we draw changed
	return m, nil
}

func (m *Model) moving() bool { return m.mv.stage != stageIdle || m.drag != nil }

func (m *Model) updateKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.ctx.keys
	if m.showHlp {
		m.showHlp = false
		if key.Matches(msg, k.Quit) && msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.quitConfirm {
		m.quitConfirm = false
		if key.Matches(msg, k.Quit) {
			return m, tea.Quit
		}
		m.setStatus("Carrying on.", false)
		if key.Matches(msg, k.Cancel) {
			return m, nil
		}
	}
	if msg.String() == "ctrl+c" || (m.mode == inputNone && key.Matches(msg, k.Quit)) {
		if m.moving() || m.mode != inputNone {
			m.quitConfirm = true
			m.setStatus("A move is half-made: press q again to quit, any other key to carry on.", true)
			return m, nil
		}
		return m, tea.Quit
	}
	if m.mode != inputNone {
		return m.updateInput(msg)
	}
	if m.drag != nil && key.Matches(msg, k.Cancel) {
		m.drag = nil
		m.setStatus("Drag cancelled.", false)
		return m, nil
	}
	if m.mv.stage != stageIdle {
		return m, m.updateMoveKey(msg)
	}
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
		m.startMove()
	case key.Matches(msg, k.Cancel):
		m.setStatus("", false)
	case key.Matches(msg, k.Undo):
		if !m.st.CanUndo {
			m.setStatus("Nothing to undo.", false)
			return m, nil
		}
		return m, m.do(sessions.Undo{}, "Undone.")
	case key.Matches(msg, k.Redo):
		if !m.st.CanRedo {
			m.setStatus("Nothing to redo.", false)
			return m, nil
		}
		return m, m.do(sessions.Redo{}, "Redone.")
	case key.Matches(msg, k.NextPanel):
		m.panel = (m.panel + 1) % panelCount
	case key.Matches(msg, k.PrevPanel):
		m.panel = (m.panel + panelCount - 1) % panelCount
	case key.Matches(msg, k.Panel):
		m.panel = panel(msg.String()[0] - '1')
	case key.Matches(msg, k.Less):
		m.choosePanelItem(-1)
	case key.Matches(msg, k.More):
		m.choosePanelItem(1)
	case key.Matches(msg, k.Save):
		m.mode = inputSaveName
		m.input.Reset()
		m.input.Placeholder = fmt.Sprintf("scenario %d", len(m.st.Scenarios)+1)
		m.setStatus("", false)
		m.input.Focus()
		return m, nil
	case key.Matches(msg, k.Open):
		if m.scSel < 0 || m.scSel >= len(m.st.Scenarios) {
			m.setStatus("No saved scenario yet: press s to save one.", false)
			return m, nil
		}
		name := m.st.Scenarios[m.scSel].Name
		return m, m.do(sessions.SwitchScenario{Name: name}, "Switched to “"+name+"”.")
	case key.Matches(msg, k.Compare):
		m.panel = panelScenarios
		if m.scSel < 0 {
			m.setStatus("No saved scenario yet: press s to save one.", false)
			return m, nil
		}
		if m.pinned == m.scSel {
			m.pinned = -1
		} else {
			m.pinned = m.scSel
		}
	case key.Matches(msg, k.Projector):
		m.ctx.setProjector(!m.ctx.projector)
		m.ensureVisible()
	case key.Matches(msg, k.Help):
		m.showHlp = true
	default:
		m.gen--
	}
	return m, nil
}

// choosePanelItem steps the outcome or scenario the current panel shows.
func (m *Model) choosePanelItem(d int) {
	switch m.panel {
	case panelScenarios:
		if n := len(m.st.Scenarios); n > 0 {
			m.scSel = (m.scSel + d + n) % n
		}
	default:
		if n := len(m.st.Place.Outcomes); n > 0 {
			m.outSel = (m.outSel + d + n) % n
		}
	}
}

func (m *Model) updateInput(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.ctx.keys
	switch {
	case key.Matches(msg, k.Cancel):
		mode := m.mode
		m.mode = inputNone
		m.input.Blur()
		if mode == inputWhy {
			m.mv = moveState{}
			m.setStatus("Move cancelled.", false)
		} else {
			m.setStatus("Not saved.", false)
		}
		return m, nil
	case key.Matches(msg, k.Pick):
		val := strings.TrimSpace(m.input.Value())
		mode := m.mode
		m.mode = inputNone
		m.input.Blur()
		if mode == inputSaveName {
			if val == "" {
				val = m.input.Placeholder
			}
			m.panel = panelScenarios
			return m, m.do(sessions.SaveScenario{Name: val}, "Saved “"+val+"”.")
		}
		return m, m.sendMove(val)
	}
	m.input.Update(msg)
	return m, nil
}

func (m *Model) moveCursor(d int) {
	n := len(m.order)
	if n == 0 {
		return
	}
	m.cursor = min(max(m.cursor+d, 0), n-1)
	m.ensureVisible()
}

// siloAt is the silo index under the cursor.
func (m *Model) siloAt(pos int) int {
	if pos < 0 || pos >= len(m.order) {
		return -1
	}
	return m.order[pos]
}

func (m *Model) siloName(i int) string {
	if i < 0 {
		return "?"
	}
	return m.st.Place.Silos[i].Name
}

func siloLabel(p *model.Place, id string) string {
	if i := p.SiloIndex(id); i >= 0 {
		return p.Silos[i].Name
	}
	return id
}

// View renders the screen; it is cached until the next message changes something.
func (m *Model) View() tea.View {
	if m.cacheGen != m.gen || m.cache == "" {
		m.cache = m.render()
		m.cacheGen = m.gen
	}
	v := tea.NewView(m.cache)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "totalplace: " + m.st.Place.Name
	return v
}

// render draws the whole screen as a string, without the zone scan.
func (m *Model) render() string {
	c := m.ctx
	if c.width == 0 || c.height == 0 {
		return "totalplace: starting…"
	}
	l := c.layout()
	if l.tooSmall {
		return m.renderTooSmall()
	}
	var b strings.Builder
	b.WriteString(m.renderHeader(c.width))
	b.WriteByte('\n')
	var body []string
	if m.showHlp {
		body = fit(m.renderHelp(c.width, l.bodyH), c.width, l.bodyH)
	} else {
		board := m.renderBoard(l.boardW, l.boardH)
		pn := m.renderTabs(l.panelW) + "\n" + m.renderPanel(l.panelW, l.panelH)
		if l.wide {
			body = joinColumns(board, l.boardW, m.ctx.styles.Muted.Render("│"), pn, l.panelW, l.bodyH)
		} else {
			body = append(fit(board, l.boardW, l.boardH), fit(pn, l.panelW, l.bodyH-l.boardH)...)
		}
	}
	for _, line := range body { // each already fitted to its column
		b.WriteString(line)
		b.WriteByte('\n')
	}
	b.WriteString(m.renderStatus(c.width))
	b.WriteByte('\n')
	b.WriteString(m.renderKeyLine(c.width))
	return b.String()
}

func (m *Model) renderTooSmall() string {
	c := m.ctx
	msg := fmt.Sprintf("totalplace needs a window of at least %d×%d; this one is %d×%d.\nMake it larger, or the text smaller. (q quits)",
		minWidth, minHeight, c.width, c.height)
	return strings.Join(fit(lipgloss.NewStyle().Width(c.width).Render(msg), c.width, c.height), "\n")
}

// fit cuts or pads s to exactly h lines of at most w cells.
func fit(s string, w, h int) []string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// padRight pads a styled line with spaces to w cells.
func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// joinColumns puts two blocks side by side with a separator.
func joinColumns(left string, lw int, sep, right string, rw, h int) []string {
	ls, rs := fit(left, lw, h), fit(right, rw, h)
	out := make([]string, h)
	for i := range out {
		out[i] = padRight(ls[i], lw) + sep + rs[i]
	}
	return out
}
