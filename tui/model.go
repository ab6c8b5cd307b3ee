// Package tui is the workshop screen: the place's spend board, moving money
// by keyboard or mouse drag, and panels showing what the model recalculates.
// One model serves a solo terminal or an SSH participant; it only reads the
// session's immutable State and sends it commands off the UI loop.
package tui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"totalplace/report"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/sessions"
)

// Options configure a workshop screen.
type Options struct {
	// Room is shared by the screens of one workshop (NewRoom); nil gives
	// the screen a room of its own.
	Room      *Room
	Projector bool
	// ASCII draws the screen in ASCII only (no £, block bars or box
	// lines), for a terminal whose locale is not UTF-8: see LocaleIsASCII.
	ASCII bool
	// JoinHint, when set, is shown at the head of the screen: how others
	// join this workshop ("Join: ssh -t -p 23234 host join CODE").
	JoinHint string
	// EndsWorkshop says quitting this screen ends the workshop for everyone
	// (serve --open), so it asks first while others are here.
	EndsWorkshop bool
	// ScreensOnServer, with EndsWorkshop, counts the other screens open on
	// the server this screen runs, in any workshop: quitting ends them too.
	ScreensOnServer func() int
	// PlanDir is where the console's X writes the workshop's plan (Markdown
	// and HTML) on this machine; PlanHint, for a screen on another
	// machine, is the command that fetches it there instead.
	PlanDir, PlanHint string
	Width, Height     int // 0 = unknown until the first WindowSizeMsg
}

// stateChangedMsg says the session published a new State.
type stateChangedMsg struct{}

// tooFastText says how many presses of a burst the session dropped.
func (m *Model) tooFastText() string {
	return fmt.Sprintf("✗ %d %s not made: too many commands at once; wait a moment and try again", m.tooFast, report.Plural(m.tooFast, "press was", "presses were"))
}

// tooFastNote is tooFastText after another answer in the same burst.
func (m *Model) tooFastNote() string {
	if m.tooFast == 0 {
		return ""
	}
	return " · " + m.tooFastText()
}

// doneMsg is the session's answer to a command.
type doneMsg struct {
	err  error
	what string         // said in the status line on success
	ev   sessions.Event // what the session journaled
}

// panel identifies the tabbed detail panels, in key order 1-8.
type panel int

const (
	panelOutcomes panel = iota
	panelGap
	panelLedger
	panelWhy
	panelScenarios
	panelHistory
	panelPlace
	panelPools
	panelPlan
	panelCount
)

var panelNames = [panelCount]string{"Outcomes", "Gap", "Who pays", "Why", "Scenarios", "History", "Place", "Pools", "Plan"}

// panelShortNames label the tabs when the full names do not fit.
var panelShortNames = [panelCount]string{"Outc", "Gap", "Pays", "Why", "Scen", "Hist", "Place", "Pools", "Plan"}

// panelTinyNames are the last names tried before bare numbers.
var panelTinyNames = [panelCount]string{"Out", "Gap", "Pay", "Why", "Scn", "Hst", "Plc", "Pool", "Plan"}

// inputMode says what the one-line text input is collecting.
type inputMode int

const (
	inputNone inputMode = iota
	inputWhy
	inputSaveName
	inputRationale // the why of an earlier move, from History
	inputRemove    // the facilitator names a participant to remove
	inputDecline   // why a proposal is declined (may be left empty)
	inputAgree     // why a proposal is agreed (required in the Plan stage when the facilitator says so)
	inputGainShare // a gain-share agreement's terms (Plan)
	inputSignOff   // y or n and a comment (Plan)
	inputPanelName // the community panel whose points the facilitator enters
)

// Model is the workshop screen. Use New; call Close when the program ends.
type Model struct {
	seat         *sessions.Seat
	who          string // the seat's participant ID
	room         *Room
	joinHint     string
	endsWorkshop bool
	onServer     func() int
	planDir      string
	planHint     string
	com          *common

	st    *sessions.State
	order []int // silo indices in board order: grouped by agency
	hint  hintMemo
	prio  *prioritiesEditor // open while this participant spreads their points
	rows  []boardRow        // the board's rows (not projected), made once per place
	// barred says, for the state barredFor, that this participant may not
	// move money now (asked of the session once per state, not per frame).
	barred    bool
	barredFor *sessions.State

	cursor int                   // position in order
	offset int                   // first board row shown
	panel  panel                 // the panel on screen
	panels [panelCount]panelView // each with its own choice and scroll
	// switchTo is the scenario o would switch to while the screen asks
	// what to do with unsaved moves; saveThen switches to it once saved.
	switchTo, saveThen string
	whySeq             uint64 // Seq of the move whose why is being typed
	answering          uint64 // Seq of the proposal being agreed or declined
	endArmed           uint64 // a gain-share e would end on a second press
	showHlp            bool
	console            bool   // the facilitator's console is open on the status line
	following          bool   // showing the facilitator's panel and silo
	removed            bool   // the facilitator removed this participant
	rewindAsk          uint64 // the move a rewind waits to be confirmed for

	mv   moveState
	drag *dragState
	now  func() time.Time // the clock drag scrolling reads; nil for time.Now
	// preview is the scenario recalculated with the move under way, for
	// the move in previewMove; nil when there is none or it is not ready.
	// preview.go keeps it in step; panels may show it, marked as a preview.
	preview     *model.Result
	previewMove *model.Move
	pv          previewState
	input       textinput.Model
	mode        inputMode
	in          inputState

	status      string
	statusErr   bool
	asked       int // proposals waiting for this participant's answer, when last seen
	quitConfirm bool
	lastNotice  string
	busy        int // commands sent, not yet answered
	tooFast     int // commands of the current burst the session dropped as too fast

	sub         <-chan struct{}
	unsubscribe func()
	// Who else is here (live, from the hub), and this screen's place in it.
	here        []sessions.Presence
	hereVersion uint64
	doing       doingMemo
	wait        waitingMemo
	psub        <-chan struct{}
	punsub      func()
	detach      func()
	done        chan struct{}
	closeOnce   sync.Once
}

// New builds a workshop screen for participant who on a session of its
// own: solo use and tests. Screens that share a workshop sit on seats of
// one hub: NewSeated.
func New(sess *sessions.Session, who string, opts Options) tea.Model {
	seat, err := sessions.NewHub(sess).Seat(sessions.Participant{ID: who})
	if err != nil {
		panic(fmt.Sprintf("tui.New: no seat for %q: %v", who, err)) // a solo session always has its starter
	}
	return NewSeated(seat, opts)
}

// NewSeated builds the workshop screen for the participant in seat.
func NewSeated(seat *sessions.Seat, opts Options) *Model {
	m := &Model{seat: seat, who: seat.Who().ID, room: opts.Room, joinHint: opts.JoinHint, endsWorkshop: opts.EndsWorkshop, onServer: opts.ScreensOnServer, planDir: opts.PlanDir, planHint: opts.PlanHint, com: newCommon(opts), panels: newPanels(), done: make(chan struct{})}
	if m.room == nil {
		m.room = NewRoom()
	}
	m.sub, m.unsubscribe = seat.Subscribe()
	m.psub, m.punsub = seat.Hub().SubscribePresence()
	m.detach = seat.Attach()
	m.input = newInput(m.com.styles)
	m.setState(seat.State())
	m.readPresence()
	return m
}

// Removed reports whether the facilitator removed this screen's
// participant (the screen then quits).
func (m *Model) Removed() bool { return m.removed }

// ShownVersion is the version of the workshop's state this screen shows.
func (m *Model) ShownVersion() uint64 { return m.st.Version }

// Close stops listening to the session. Run calls it; an SSH handler that
// runs the model itself should call it when the program ends.
func (m *Model) Close() {
	m.closeOnce.Do(func() {
		close(m.done)
		m.unsubscribe()
		m.punsub()
		m.detach()
	})
}

// Run runs the workshop screen in the terminal until the user quits or ctx ends.
func Run(ctx context.Context, sess *sessions.Session, who string, opts Options, progOpts ...tea.ProgramOption) error {
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
	old := m.st
	m.st = st
	if placeChanged {
		m.order = boardOrder(st.Place)
		m.rows = nil // the board's rows follow the order
		m.com.nameNeed = nameNeed(st.Place)
		m.cursor = m.firstMovable()
	}
	if st.Notice != "" && st.Notice != m.lastNotice {
		m.lastNotice = st.Notice
		m.setStatus(st.Notice, false)
	}
	for _, p := range m.panels {
		p.fit(st)
	}
	m.answered(old, st)
	if news := m.newsOf(old, st); news != "" {
		m.setStatus(news, false) // over any stale refusal
	}
	if _, here := st.Participant(m.who); !here && old != nil {
		if _, was := old.Participant(m.who); was {
			m.removed = true // the screen closes; whoever runs it says why
		}
	}
	// A new proposal for this participant's answer is shown at once, over
	// whatever the status line last said (but never over a refusal).
	if n := len(m.waiting()); n > m.asked && !m.statusErr {
		m.setStatus("", false)
		m.asked = n
	} else {
		m.asked = n
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

// navigateBoard moves the board's cursor for the navigation keys, at rest
// or while choosing a move's target; it reports whether the key was one.
func (m *Model) navigateBoard(msg tea.KeyPressMsg) bool {
	k := m.com.keys
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
	default:
		return false
	}
	return true
}

// do sends a command to the session through the seat, here in Update, so
// commands reach the session in the order they were given.
func (m *Model) do(cmd sessions.Command, what string) tea.Cmd {
	m.busy++
	answer := m.seat.Send(cmd)
	done := m.done
	return func() tea.Msg {
		select {
		case a := <-answer:
			if a.Err == nil && a.Event.Kind == sessions.KindPropose {
				what = "" // said from the event: a proposal, not a move
			}
			return doneMsg{err: a.Err, what: what, ev: a.Event}
		case <-done:
			return nil
		}
	}
}

// Init listens to the workshop and asks the terminal its background
// colour, to choose the light or dark palette.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.waitForChange(), m.waitForPresence(), tea.RequestBackgroundColor)
}

func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseReleaseMsg, tea.MouseWheelMsg:
		m.seat.Touch() // only a return from idle tells anyone
	}
	mm, cmd := m.update(msg)
	// Whatever the message, the move under way may have changed: keep its
	// preview, the status area's height, the panel's scroll and what the
	// room sees this participant doing in step.
	m.fitStatus()
	m.settlePanel()
	m.tellDoing()
	m.tellLead()
	return mm, tea.Batch(cmd, m.syncPreview())
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if light := !msg.IsDark(); light != m.com.light {
			m.com.setLight(light)
			m.input.SetStyles(newInput(m.com.styles).Styles())
		}
		return m, nil
	case tea.WindowSizeMsg:
		m.com.width, m.com.height = msg.Width, msg.Height
		m.ensureVisible()
		return m, nil
	case stateChangedMsg:
		m.setState(m.seat.State())
		if m.removed {
			return m, tea.Quit
		}
		return m, m.waitForChange()
	case presenceMsg:
		m.readPresence()
		m.follow()
		return m, m.waitForPresence()
	case doneMsg:
		m.busy--
		switch {
		case errors.Is(msg.err, sessions.ErrTooFast):
			// Keys pressed faster than the limit are dropped: say how many,
			// and keep saying it past the answers to the keys that did go.
			m.tooFast++
			m.setStatus(m.tooFastText(), true)
		case msg.err != nil:
			m.setStatus("✗ "+sentence(msg.err.Error()), true)
		case msg.ev.Kind == sessions.KindPropose && msg.ev.Move != nil:
			m.setStatus(m.proposedText(*msg.ev.Move)+m.tooFastNote(), false)
		case msg.what != "":
			m.setStatus(msg.what+m.tooFastNote(), m.tooFast > 0)
		}
		if m.busy <= 0 {
			m.tooFast = 0 // a burst ends when every answer is in
		}
		// The session publishes before Do returns; read it now so the
		// answer and the new figures appear together.
		m.setState(m.seat.State())
		return m, nil
	case moveDoneMsg:
		m.update(msg.doneMsg)
		m.moveAnswered(msg)
		return m, nil
	case planWrittenMsg:
		m.planWritten(msg)
		return m, nil
	case inputDoneMsg:
		m.update(msg.doneMsg)
		return m, m.inputAnswered(msg)
	case previewTickMsg:
		return m, m.runPreview()
	case previewMsg:
		return m, m.gotPreview(msg)
	case dragScrollMsg:
		return m, m.dragScroll()
	case tea.KeyPressMsg:
		return m.updateKey(msg)
	case tea.MouseWheelMsg:
		// The wheel scrolls whichever area the pointer is over.
		if m.overPanel(msg) {
			switch msg.Mouse().Button {
			case tea.MouseWheelUp:
				m.scrollPanel(-3)
			case tea.MouseWheelDown:
				m.scrollPanel(3)
			}
			return m, nil
		}
		return m, m.updateMouse(msg)
	case tea.MouseClickMsg, tea.MouseMotionMsg, tea.MouseReleaseMsg:
		return m, m.updateMouse(msg.(tea.MouseMsg))
	}
	if msg, ok := msg.(tea.PasteMsg); ok && m.pasteGoes() {
		return m, m.paste(msg)
	}
	return m, nil
}

func (m *Model) moving() bool { return m.mv.stage != stageIdle || m.drag != nil }

func (m *Model) updateKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.com.keys
	if m.com.layout().tooSmall && !key.Matches(msg, k.Quit, k.Cancel, k.Help) {
		// Nothing else may act unseen behind the "too small" screen.
		return m, nil
	}
	if m.showHlp {
		m.showHlp = false
		if key.Matches(msg, k.Quit) && msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		return m, nil
	}
	if m.endArmed != 0 && !key.Matches(msg, k.EndGainShare) {
		m.endArmed = 0 // any other key keeps the agreement
		m.setStatus("The gain-share stands.", false)
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
	if m.console && msg.String() != "ctrl+c" {
		return m, m.consoleKey(msg)
	}
	if m.rewindAsk != 0 && !(m.panel == panelHistory && key.Matches(msg, k.Rewind)) {
		m.rewindAsk = 0 // any other key keeps the allocation
		m.setStatus("Not rewound.", false)
	}
	if m.switchTo != "" && msg.String() != "ctrl+c" {
		return m, m.answerSwitch(msg)
	}
	if msg.String() == "ctrl+c" || (m.mode == inputNone && key.Matches(msg, k.Quit)) {
		if m.moving() || m.mode != inputNone {
			m.quitConfirm = true
			m.setStatus("A move is half-made: press q again to quit, any other key to carry on.", true)
			return m, nil
		}
		if m.endsWorkshop {
			if ask := m.quitEndsOthers(); ask != "" {
				// This screen runs the server: quitting it ends everyone's.
				m.quitConfirm = true
				m.setStatus(ask, true)
				return m, nil
			}
		}
		return m, tea.Quit
	}
	if m.prio != nil && m.mode == inputNone {
		return m, m.updatePriorities(msg)
	}
	if m.mode != inputNone {
		return m.updateInput(msg)
	}
	if m.drag != nil && key.Matches(msg, k.Cancel) {
		m.drag = nil
		m.setStatus("Drag cancelled.", false)
		return m, nil
	}
	// The panel scrolls at every step of a move, so a preview taller than
	// the panel can be read from the keyboard; J and K are never amounts.
	if key.Matches(msg, k.ScrollUp, k.ScrollDown) {
		step := max(m.active().scroller().shown-2, 1)
		if key.Matches(msg, k.ScrollUp) {
			step = -step
		}
		m.scrollPanel(step)
		return m, nil
	}
	if m.mv.stage != stageIdle {
		return m, m.updateMoveKey(msg)
	}
	if m.navigateBoard(msg) {
		if m.statusErr { // a refusal is about the silo it named, not the next one
			m.setStatus("", false)
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Pick):
		m.startMove()
	case key.Matches(msg, k.Cancel):
		m.setStatus("", false)
	case key.Matches(msg, k.Undo):
		if !m.st.CanUndo {
			m.setStatus(m.nothingToUndo(), false)
			return m, nil
		}
		return m, m.do(sessions.Undo{}, m.undoStatus())
	case key.Matches(msg, k.Redo):
		if !m.st.CanRedo {
			m.setStatus("Nothing to redo.", false)
			return m, nil
		}
		return m, m.do(sessions.Redo{}, m.redoText())
	case key.Matches(msg, k.NextPanel):
		m.panel = (m.panel + 1) % panelCount
	case key.Matches(msg, k.PrevPanel):
		m.panel = (m.panel + panelCount - 1) % panelCount
	case key.Matches(msg, k.Panel):
		m.panel = panel(msg.String()[0] - '1')
	case key.Matches(msg, k.TogglePool, k.EditWhy, k.Rewind, k.GainShare, k.EndGainShare, k.SignOff) && m.activeKey(msg):
		cmd, _ := m.active().keyPress(m, msg)
		return m, cmd
	case key.Matches(msg, k.Vote):
		m.openPriorities("")
	case key.Matches(msg, k.GainShare, k.EndGainShare, k.SignOff):
		m.setStatus("Gain-shares (b, e) and sign-off (m) are in panel 9 (Plan): press 9.", false)
	case key.Matches(msg, k.AskCentre):
		m.startAsk()
	case key.Matches(msg, k.TogglePool):
		m.setStatus("x pools or unpools the chosen pool in panel 8 (Pools): press 8, choose with ← →, then x.", false)
	case key.Matches(msg, k.EditWhy):
		m.setStatus("w gives the chosen move a why in panel 6 (History): press 6, choose with ← →, then w.", false)
	case key.Matches(msg, k.Less):
		m.active().choose(m, -1)
	case key.Matches(msg, k.More):
		m.active().choose(m, 1)
	case key.Matches(msg, k.Console):
		m.openConsole()
	case key.Matches(msg, k.Follow):
		m.following = !m.following
		if m.following {
			m.setStatus("Following the facilitator's screen: its panel and silo show here (f stops).", false)
			m.follow()
		} else {
			m.setStatus("Not following: your own panel and silo.", false)
		}
	case key.Matches(msg, k.Agree, k.Decline):
		m.askAnswer(key.Matches(msg, k.Agree))
		return m, nil
	case key.Matches(msg, k.Save):
		if m.refuses(sessions.KindSave) {
			return m, nil
		}
		m.startInput(inputSaveName, fmt.Sprintf("scenario %d", len(m.st.Scenarios)+1), "")
		return m, nil
	case key.Matches(msg, k.Open):
		if m.refuses(sessions.KindSwitch) {
			return m, nil
		}
		sc := m.scenarios()
		if sc.sel < 0 || sc.sel >= len(m.st.Scenarios) {
			m.setStatus("No saved scenario yet: press s to save one.", false)
			return m, nil
		}
		name := m.st.Scenarios[sc.sel].Name
		if !m.st.AllocationSaved() {
			// Switching replaces the current allocation: ask before it is lost.
			m.switchTo = name
			return m, nil
		}
		return m, m.switchScenario(name)
	case key.Matches(msg, k.Compare):
		m.panel = panelScenarios
		sc := m.scenarios()
		if sc.sel < 0 {
			m.setStatus("No saved scenario yet: press s to save one.", false)
			return m, nil
		}
		name := m.st.Scenarios[sc.sel].Name
		if sc.pinned == sc.sel {
			sc.pinned = -1
			m.setStatus("Unpinned “"+name+"”: comparing the current moves with the chosen scenario.", false)
		} else {
			sc.pinned = sc.sel
			m.setStatus("Pinned “"+name+"”: comparing it with the current moves.", false)
		}
	case key.Matches(msg, k.Projector):
		m.com.setProjector(!m.com.projector)
		m.input.SetStyles(newInput(m.com.styles).Styles())
		m.ensureVisible()
	case key.Matches(msg, k.Help):
		m.showHlp = true
	default:
	}
	return m, nil
}

// proposalPrompt asks for an answer to the oldest proposal waiting for
// this participant's: "Cat proposes £5m a year from Acute care to
// Prevention: a agrees · d declines (1 more waiting)".
func (m *Model) proposalPrompt(waiting []sessions.Proposal) string {
	pr := waiting[0]
	s := fmt.Sprintf("%s proposes %s", m.participantName(pr.By), moveText(m.st.Place, pr.Move))
	if pr.Why != "" {
		s += " (“" + pr.Why + "”)"
	}
	s += ": a agrees · d declines"
	if n := len(waiting) - 1; n > 0 {
		s += fmt.Sprintf(" (%d more waiting)", n)
	}
	return s
}

// askAnswer opens the field for why the oldest proposal waiting for this
// participant is agreed or declined. The reason goes into the plan with
// the answer: saying why a proposal is declined helps the proposer make
// a better one, and the facilitator may require a reason to agree in the
// Plan stage.
func (m *Model) askAnswer(agree bool) {
	waiting := m.waiting()
	if len(waiting) == 0 {
		m.setStatus("No proposal is waiting for your answer.", false)
		return
	}
	m.answering = waiting[0].Seq
	switch {
	case !agree:
		m.startInput(inputDecline, "why? (optional: enter declines, esc leaves it open)", "")
	case m.st.ReasonsRequired && m.st.Stage == sessions.StagePlan:
		m.startInput(inputAgree, "why? (required in the Plan stage), then enter to agree", "")
	default:
		m.startInput(inputAgree, "why? (optional: enter to agree, esc leaves it open)", "")
	}
}

// answer agrees to or declines the proposal the field was opened for,
// with why.
func (m *Model) answer(agree bool, why string) tea.Cmd {
	pr, ok := m.openProposal(m.answering)
	if !ok {
		m.setStatus("That proposal has been answered or withdrawn since: nothing to answer.", false)
		return nil
	}
	what := fmt.Sprintf("Agreed: %s moved %s.", m.participantName(pr.By), moveText(m.st.Place, pr.Move))
	if !agree {
		what = fmt.Sprintf("Declined %s's proposal: nothing moved.", m.participantName(pr.By))
	}
	return m.do(sessions.AnswerProposal{Proposal: pr.Seq, Agree: agree, Why: why}, what)
}

// openProposal is the proposal with Seq seq, if it still waits for this
// participant's answer.
func (m *Model) openProposal(seq uint64) (sessions.Proposal, bool) {
	for _, pr := range m.waiting() {
		if pr.Seq == seq {
			return pr, true
		}
	}
	return sessions.Proposal{}, false
}

// proposedText says that a move of another agency's money waits for its
// answer.
func (m *Model) proposedText(mv model.Move) string {
	p := m.st.Place
	owner := "its agency"
	if i := p.SiloIndex(mv.From); i >= 0 {
		owner = agencyName(p, p.Silos[i].Agency)
	}
	return fmt.Sprintf("Proposed %s: it is %s's money, so it moves when %s (or the facilitator) agrees.", moveText(p, mv), owner, owner)
}

// roleText says what this participant may do: "facilitator", "for County
// council" (a partner), "observer".
// quitEndsOthers is what to ask before quitting a screen that runs the
// server, or "" when no one else would lose theirs.
func (m *Model) quitEndsOthers() string {
	here := max(m.hereCount()-1, 0)
	elsewhere := 0
	if m.onServer != nil {
		elsewhere = max(m.onServer()-here, 0)
	}
	var who []string
	switch {
	case here == 1:
		who = append(who, "the other person here")
	case here > 1:
		who = append(who, fmt.Sprintf("the %d others here", here))
	}
	if elsewhere > 0 {
		who = append(who, fmt.Sprintf("%d %s in other workshops on this server", elsewhere, report.Plural(elsewhere, "screen", "screens")))
	}
	if len(who) == 0 {
		return ""
	}
	return "Quitting stops the server: it ends the workshop for " + strings.Join(who, " and ") +
		" (everything is saved). Press q again to quit, any other key to carry on."
}

func (m *Model) roleText() string {
	p, _ := m.st.Participant(m.who)
	switch {
	case p.Role == sessions.RoleFacilitator:
		return "facilitator"
	case p.Role == sessions.RoleObserver:
		return "observer: you watch, and change nothing"
	case p.Agency != "":
		return "for " + agencyName(m.st.Place, p.Agency)
	}
	return "partner"
}

// answered tells a proposer when their proposal is agreed or declined.
func (m *Model) answered(old, st *sessions.State) {
	if old == nil {
		return
	}
	for _, pr := range st.Proposals {
		if pr.By != m.who || pr.Status == sessions.ProposalOpen {
			continue
		}
		for _, was := range old.Proposals {
			if was.Seq != pr.Seq || was.Status != sessions.ProposalOpen {
				continue
			}
			by := m.participantName(pr.AnsweredBy)
			why := ""
			if ev := sessions.EventAt(st.History, pr.Answer); ev != nil && ev.Why != "" {
				why = " (“" + ev.Why + "”)" // what the proposer most needs to hear
			}
			if pr.Status == sessions.ProposalAgreed {
				m.setStatus(fmt.Sprintf("%s agreed to your proposal%s: %s moved.", by, why, moveText(st.Place, pr.Move)), false)
			} else {
				m.setStatus(fmt.Sprintf("%s declined your proposal of %s%s: nothing moved.", by, moveText(st.Place, pr.Move), why), false)
			}
		}
	}
}

// switchScenario switches to a saved scenario and says what undo now does.
func (m *Model) switchScenario(name string) tea.Cmd {
	return m.do(sessions.SwitchScenario{Name: name}, "Switched to “"+name+"”: u now undoes its own moves, one at a time.")
}

// switchPrompt is the question asked before a switch would lose moves.
func (m *Model) switchPrompt() string {
	// Not a count of moves: some of them may be in a saved scenario too.
	return "The allocation on screen is not saved as a scenario: save it first? (s save · o switch anyway · esc cancel)"
}

// answerSwitch handles the key pressed at the switch prompt.
func (m *Model) answerSwitch(msg tea.KeyPressMsg) tea.Cmd {
	k := m.com.keys
	name := m.switchTo
	switch {
	case key.Matches(msg, k.Save):
		m.switchTo, m.saveThen = "", name
		m.startInput(inputSaveName, fmt.Sprintf("scenario %d", len(m.st.Scenarios)+1), "")
		return nil
	case key.Matches(msg, k.Open):
		m.switchTo = ""
		return m.switchScenario(name)
	case key.Matches(msg, k.Cancel):
		m.switchTo = ""
		m.setStatus("Not switched: the current moves are still on screen.", false)
		return nil
	}
	return nil
}

// overPanel reports whether the pointer is over the panel's content.
func (m *Model) overPanel(msg tea.MouseMsg) bool {
	mouse := msg.Mouse()
	f := m.frame()
	l := f.l
	if l.tooSmall || m.showHlp {
		return false
	}
	top := l.panelY
	if !l.projector {
		top++ // the tab bar
	}
	return mouse.X >= l.panelX && mouse.X < l.panelX+l.panelW && mouse.Y >= top && mouse.Y < top+l.panelH
}

// activeKey reports whether msg is one of the active panel's own keys.
func (m *Model) activeKey(msg tea.KeyPressMsg) bool {
	for _, b := range m.active().help(m.com.keys) {
		if key.Matches(msg, b) && !key.Matches(msg, m.com.keys.Less, m.com.keys.More) {
			return true
		}
	}
	return false
}

func (m *Model) updateInput(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.com.keys
	asked := m.in.replace // any key but enter answers "keep typing"
	m.in.replace, m.in.note = "", ""
	switch {
	case key.Matches(msg, k.Cancel) && asked != "":
		return m, nil
	case key.Matches(msg, k.Cancel):
		mode := m.mode
		m.mode = inputNone
		m.input.Blur()
		switch mode {
		case inputWhy:
			m.mv = moveState{}
			m.setStatus("Move cancelled.", false)
		case inputRationale:
			m.setStatus("Reason unchanged.", false)
		case inputRemove:
			m.setStatus("Nobody removed.", false)
		case inputDecline:
			m.setStatus("Not declined: the proposal still waits for your answer.", false)
		case inputAgree:
			m.setStatus("Not agreed: the proposal still waits for your answer.", false)
		case inputGainShare:
			m.setStatus("No gain-share recorded.", false)
		case inputSignOff:
			m.setStatus("Not signed off.", false)
		case inputPanelName:
			m.setStatus("No panel's priorities entered.", false)
		default:
			m.setStatus("Not saved.", false)
			m.saveThen = ""
		}
		return m, nil
	case key.Matches(msg, k.Pick):
		val := strings.TrimSpace(m.input.Value())
		if m.mode == inputSaveName {
			if name := foldSpace(cmp.Or(val, m.input.Placeholder)); name != asked && m.savedNamed(name) {
				m.in.replace = name // ask first; the name stays in the field
				return m, nil
			}
		}
		mode := m.mode
		m.mode = inputNone
		m.input.Blur()
		switch mode {
		case inputSaveName:
			val = foldSpace(cmp.Or(val, m.input.Placeholder))
			what := "Saved “" + val + "”."
			if val == asked {
				what = "Saved “" + val + "”, replacing the one saved before."
			}
			m.panel = panelScenarios
			// Once saved, as asked, the switch that waited for it.
			keep := inputDoneMsg{mode: mode, text: val, placeholder: m.input.Placeholder, then: m.saveThen}
			m.saveThen = ""
			return m, m.sendInput(sessions.SaveScenario{Name: val}, what, keep)
		case inputRationale:
			n := moveNumber(m.st.History, m.whySeq)
			what := fmt.Sprintf("Added a reason to move %d.", n)
			if val == "" {
				what = fmt.Sprintf("Cleared the reason for move %d.", n)
			}
			keep := inputDoneMsg{mode: mode, text: val, placeholder: m.input.Placeholder, seq: m.whySeq}
			return m, m.sendInput(sessions.SetRationale{Seq: m.whySeq, Why: val}, what, keep)
		case inputRemove:
			return m, m.removeNamed(val)
		case inputDecline, inputAgree:
			return m, m.answer(mode == inputAgree, val)
		case inputGainShare:
			g, err := parseGainShare(m.st.Place, val)
			if err != nil {
				m.startInput(inputGainShare, m.input.Placeholder, val) // the text stays, to be put right
				m.in.note = "✗ " + sentence(err.Error())
				return m, nil
			}
			return m, m.do(g, "Recorded the gain-share: "+gainShareText(m.st.Place, g.GainShareTerms)+".")
		case inputSignOff:
			so, err := parseSignOff(val)
			if err != nil {
				m.startInput(inputSignOff, m.input.Placeholder, val)
				m.in.note = "✗ " + sentence(err.Error())
				return m, nil
			}
			what := "You signed the plan off as agreed."
			if !so.Agreed {
				what = "You signed the plan off as not agreed."
			}
			return m, m.do(so, what)
		case inputPanelName:
			if val == "" {
				m.setStatus("A community panel needs a name, e.g. Residents' panel.", true)
				return m, nil
			}
			m.openPriorities(val)
			return m, nil
		}
		return m, m.sendMove(val)
	}
	return m, m.typeInput(msg)
}

// newInput is the one-line text field for a move's why or a scenario's
// name: no blinking (every blink would redraw every participant's screen)
// and no ctrl+v, which would read the clipboard of the machine the app runs
// on, not the participant's; terminal paste still arrives as a PasteMsg.
func newInput(st *Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.KeyMap.Paste.SetEnabled(false)
	in.KeyMap.AcceptSuggestion.SetEnabled(false)
	in.KeyMap.NextSuggestion.SetEnabled(false)
	in.KeyMap.PrevSuggestion.SetEnabled(false)
	s := textinput.DefaultDarkStyles()
	s.Cursor.Blink = false
	s.Focused.Text, s.Blurred.Text = lipgloss.NewStyle(), lipgloss.NewStyle()
	s.Focused.Placeholder, s.Blurred.Placeholder = st.Muted, st.Muted
	s.Focused.Prompt, s.Blurred.Prompt = lipgloss.NewStyle(), lipgloss.NewStyle()
	in.SetStyles(s)
	return in
}

// startInput opens the text field for mode with a placeholder and a value.
func (m *Model) startInput(mode inputMode, placeholder, value string) {
	m.mode, m.in = mode, inputState{}
	m.input.Reset()
	m.input.Placeholder = placeholder
	m.input.CharLimit = m.inputLimit() // the session's own, said as it nears
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.setStatus("", false)
	m.input.Focus()
}

// pageSize is how many silos pgup/pgdn step.
func (m *Model) pageSize() int { return max(1, m.com.layout().boardH-2) }

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

// View draws the screen from the room's shared parts and this screen's own
// (status, a move under way); it changes nothing.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = m.ascii("totalplace: "+m.st.Place.Name, 1<<10, true)
	return v
}

// render draws the whole screen as a string from one frame, the same one
// the mouse is hit-tested against.
func (m *Model) render() string {
	c := m.com
	if c.width == 0 || c.height == 0 {
		return m.ascii("totalplace: starting…", minWidth, true)
	}
	f := m.frame()
	l := f.l
	if l.tooSmall {
		return m.renderTooSmall()
	}
	if l.projector {
		return m.renderProjector(f)
	}
	header := m.renderHeader(c.width)
	var board, pn []string
	var sep string
	if m.showHlp {
		board = fit(m.ascii(m.renderHelp(c.width, l.bodyH), c.width, false), c.width, l.bodyH)
	} else {
		board = padLines(m.renderBoard(&f.board), l.boardW, l.boardH)
		pn = append([]string{m.renderTabs(l.panelW)}, m.renderPanel(l.panelW, l.panelH)...)
		if l.wide {
			sep = m.part(sepKey{}, func() any { return m.ascii(m.com.styles.Muted.Render("│"), 1, false) }).(string)
		} else {
			board = append(board, padLines(pn, l.panelW, l.bodyH-l.boardH)...)
			pn = nil
		}
	}
	status := m.ascii(m.renderStatus(c.width), c.width, true)
	keys := m.renderKeyLine(c.width)
	// One allocation for the frame: on a server every screen of a room
	// draws a frame for each change, and growing the builder was a
	// measurable share of it.
	size := len(header) + len(status) + len(keys) + 3
	for i, line := range board {
		size += len(line) + 1
		if i < len(pn) {
			size += len(sep) + len(pn[i])
		} else if sep != "" {
			size += len(sep)
		}
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(header)
	b.WriteByte('\n')
	for i, line := range board { // each already fitted to its column
		b.WriteString(line)
		if sep != "" {
			b.WriteString(sep)
			if i < len(pn) {
				b.WriteString(pn[i])
			}
		}
		b.WriteByte('\n')
	}
	b.WriteString(status)
	b.WriteByte('\n')
	b.WriteString(keys)
	return b.String()
}

func (m *Model) renderTooSmall() string {
	c := m.com
	msg := fmt.Sprintf("totalplace needs a window of at least %d×%d; this one is %d×%d.\nMake it larger, or the text smaller. (q quits)",
		minWidth, minHeight, c.width, c.height)
	return m.ascii(strings.Join(fit(lipgloss.NewStyle().Width(c.width).Render(msg), c.width, c.height), "\n"), c.width, true)
}

// sepKey names the column separator, rendered once.
type sepKey struct{}

// padLines cuts or pads lines (each exactly w cells already) to exactly h,
// padding with blank lines of w cells.
func padLines(lines []string, w, h int) []string {
	if len(lines) >= h {
		return lines[:h]
	}
	blank := strings.Repeat(" ", w)
	for len(lines) < h {
		lines = append(lines, blank)
	}
	return lines
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

// waiting is the open proposals this participant may answer in the
// screen's state. Asked several times a frame, it went through every
// proposal and, each time, every participant: on a server of 200 screens
// 3% of the CPU (BenchmarkParticipants/200). A state never changes, so
// once a state is enough.
func (m *Model) waiting() []sessions.Proposal {
	if m.wait.st != m.st {
		m.wait = waitingMemo{st: m.st, proposals: m.st.ProposalsFor(m.who)}
	}
	return m.wait.proposals
}

type waitingMemo struct {
	st        *sessions.State
	proposals []sessions.Proposal
}
