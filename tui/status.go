package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// renderStatus is one line: the move under way, the text being typed, or
// the last answer from the session (refusals in full).
func (m *Model) renderStatus(w int) string {
	return strings.Join(fit(strings.Join(m.statusLines(w), "\n"), w, 1+m.com.statusExtra), "\n")
}

// statusLines is the status text wrapped to w: two lines at most, or up
// to three for a move under way (Model.movePrompt). fitStatus sizes the
// layout from the same lines.
func (m *Model) statusLines(w int) []string {
	st := m.com.styles
	var s string
	switch {
	case m.quitConfirm:
		s = st.StatusErr.Render(m.status)
	case m.switchTo != "":
		s = st.StatusErr.Render(m.switchPrompt())
	case m.mode != inputNone && m.mode != inputWhy: // a field of its own; a move's why is in movePrompt
		label, context := "Save scenario as: ", ""
		switch m.mode {
		case inputRationale:
			label = fmt.Sprintf("Reason for move %d: ", moveNumber(m.st.History, m.whySeq))
		case inputRemove:
			label = "Remove from the workshop: "
		case inputGainShare:
			label = "Gain-share: "
		case inputSignOff:
			label = "Sign the plan off: "
		case inputPanelName:
			label = "Community panel's name: "
		case inputDecline, inputAgree:
			label = "Decline, because: "
			if m.mode == inputAgree {
				label = "Agree, because: "
			}
			if pr, ok := m.openProposal(m.answering); ok {
				// The proposal gives way to the field on a narrow screen.
				context = fmt.Sprintf("%s's proposal of %s · ", m.participantName(pr.By), moveText(m.st.Place, pr.Move))
			}
		}
		lines := []string{m.inputLine(context, label, w)}
		switch {
		case m.in.replace != "":
			lines = append(lines, wrapLines(st.StatusErr.Render(st.text(m.replacePrompt())), w, 2)...)
		case m.in.note != "":
			lines = append(lines, wrapLines(st.StatusErr.Render(st.text(m.in.note)), w, 2)...)
		}
		return lines
	case m.console:
		s = st.StatusMove.Render(st.text(m.consolePrompt()))
	case m.drag != nil || m.mv.stage != stageIdle:
		return m.movePrompt(w, m.promptMax())
	case m.status != "" && m.statusErr:
		s = st.StatusErr.Render(st.text(m.status))
	case len(m.waiting()) > 0:
		// A proposal waiting for this agency comes before any news: the
		// news of the last answer leads into the next question.
		s = st.StatusMove.Render(st.text(m.proposalPrompt(m.waiting())))
		if m.status != "" {
			s = st.StatusInfo.Render(st.text(m.status)) + st.Muted.Render(" · ") + s
		}
	case m.status != "":
		s = st.StatusInfo.Render(st.text(m.status))
		// What someone is doing now comes before old news, which stays
		// until esc: otherwise a screen that has shown any message never
		// sees anyone else's drag again.
		if od := m.othersDoing(); od != "" {
			s = st.StatusMove.Render(od) + st.Muted.Render(" · ") + s
		}
	case m.othersDoing() != "":
		s = st.StatusMove.Render(m.othersDoing())
	default:
		return m.standingHint(w)
	}
	return wrapLines(s, w, 2)
}

// hintMemo is the standing hint as last drawn: the status line of most
// frames, asked for twice a frame (fitStatus and the draw) on every
// screen of a large room, and the same until the width or who this
// screen is changes.
type hintMemo struct {
	w         int
	styles    *Styles
	who, join string // the participant and role text; the join hint
	lines     []string
}

// barredFromMoving reports whether the session would refuse this
// participant a move now, asked once per state.
func (m *Model) barredFromMoving() bool {
	if m.barredFor != m.st {
		m.barred, m.barredFor = m.st.MayDo(m.who, sessions.KindMove) != nil, m.st
	}
	return m.barred
}

// standingHint says what to do next, and in a shared session who this
// screen is and what they may do.
func (m *Model) standingHint(w int) []string {
	who := ""
	if len(m.st.Participants) > 1 {
		// Only in a shared session does it help to say who this screen
		// is, and what they may do.
		who = m.participantName(m.who) + ", " + m.roleText() + " · "
	}
	if h := m.hint; h.lines != nil && h.w == w && h.styles == m.com.styles && h.who == who && h.join == m.joinHint {
		return h.lines
	}
	st := m.com.styles
	s := st.Muted.Render("Select a silo and press enter to move money from it, or drag its bar onto another silo.")
	if m.barredFromMoving() {
		// An observer, or moves frozen: say what they can do instead.
		s = st.Muted.Render("Look around: 1-9 or tab shows a panel, ↑/↓ a silo, f follows the facilitator's screen.")
	}
	if who != "" {
		s = st.Muted.Render(who) + s
	}
	if m.joinHint != "" {
		// The projected screen tells the room how to join.
		s = st.Bold.Render(m.joinHint) + st.Muted.Render(" · ") + s
	}
	lines := fit(s, w, 1) // a standing hint: not worth a panel line
	m.hint = hintMemo{w: w, styles: st, who: who, join: m.joinHint, lines: lines}
	return lines
}

// inputLine is a context, a label and the text field, which scrolls
// within what is left of the line; the context gives way first so the
// field keeps at least 40% of the line and the label stays whole.
func (m *Model) inputLine(context, label string, w int) string {
	st := m.com.styles
	least := max(24, w*40/100)
	room := w - ansi.StringWidth(context+label) - 1
	if room < least && context != "" {
		// Shortened, the context keeps its separator from the label.
		const sep = " · "
		body, hadSep := strings.CutSuffix(context, sep)
		keep := max(w-ansi.StringWidth(label)-least-1, 0)
		if hadSep {
			keep = max(keep-ansi.StringWidth(sep), 0)
		}
		context = ansi.Truncate(body, keep, "…")
		if hadSep && context != "" {
			context += sep
		}
		room = w - ansi.StringWidth(context+label) - 1
	}
	// Near the limit, a count after the field: the field gives it room.
	counter := m.inputCounter()
	if counter != "" {
		room -= ansi.StringWidth(counter) + 1
		if m.input.Value() != "" && len([]rune(m.input.Value())) >= m.input.CharLimit {
			counter = st.StatusErr.Render(counter)
		} else {
			counter = st.Muted.Render(counter)
		}
		counter = " " + counter
	}
	prompt := context + label
	if m.input.Width() != max(room, 1) {
		m.input.SetWidth(max(room, 1))
		m.input.SetCursor(m.input.Position()) // re-scroll to the new width
	}
	view := m.input.View()
	if counter != "" {
		view = padRight(view, max(room, 1)+1) // the field and its cursor
	}
	return st.StatusMove.Render(prompt) + view + counter
}

// renderKeyLine is the short help for the current stage, from the keymap,
// with the current panel's own keys when no move is under way.
// keyLineKey names a key line as screens share it.
type keyLineKey struct {
	w         int
	stage     stage
	mode      inputMode
	panel     panel
	projector bool
	asked     bool  // a proposal waits for this participant's answer
	barred    bool  // may not move money now (an observer; frozen)
	may       uint8 // which of the panels' role-bound keys this participant may use (panelKeyKinds)
}

// panelKeyKinds are the events behind panel keys that not every role may
// use; the key line offers each only to those who may.
func panelKeyKinds(k *KeyMap) []struct {
	b    key.Binding
	kind string
} {
	return []struct {
		b    key.Binding
		kind string
	}{{k.Vote, sessions.KindPriorities}, {k.GainShare, sessions.KindGainShare}, {k.EndGainShare, sessions.KindEndGainShare},
		{k.SignOff, sessions.KindSignOff}, {k.Rewind, sessions.KindRewind}, {k.EditWhy, sessions.KindWhy}}
}

// mayMask is which of panelKeyKinds this participant may use now.
func (m *Model) mayMask() uint8 {
	var mask uint8
	for i, c := range panelKeyKinds(m.com.keys) {
		if m.st.MayDo(m.who, c.kind) == nil {
			mask |= 1 << i
		}
	}
	return mask
}

// renderKeyLine is the key line for this screen's mode, shared by every
// screen of the room in that mode.
func (m *Model) renderKeyLine(w int) string {
	key := keyLineKey{w: w, stage: m.mv.stage, mode: m.mode, panel: m.panel, projector: m.com.projector,
		asked:  m.mv.stage == stageIdle && len(m.waiting()) > 0,
		barred: m.st.MayDo(m.who, sessions.KindMove) != nil, may: m.mayMask()}
	return m.part(key, func() any { return m.ascii(m.drawKeyLine(w), w, true) }).(string)
}

func (m *Model) drawKeyLine(w int) string {
	h := m.helpModel(w)
	k := m.com.keys
	binds := k.shortHelp(m.mv.stage)
	if m.mode != inputNone && m.mode != inputWhy {
		binds = k.inputHelp(m.mode)
	}
	if m.in.replace != "" {
		binds = []key.Binding{withHelp(k.Pick, "replace it"), withHelp(k.Cancel, "keep typing")}
	}
	if m.mv.stage == stageIdle && m.mode == inputNone {
		if m.st.MayDo(m.who, sessions.KindMove) != nil {
			// An observer, or a partner while moves are frozen: offer only
			// what they can do.
			binds = slices.DeleteFunc(binds, func(b key.Binding) bool {
				return key.Matches(tea.KeyPressMsg{Code: tea.KeyEnter}, b) || slices.Contains(b.Keys(), "u") || slices.Contains(b.Keys(), "U")
			})
		}
		if len(m.waiting()) > 0 {
			binds = append([]key.Binding{withHelpKey(k.Agree, "a/d", "agree/decline proposal")}, binds...)
		}
		if extra := m.active().help(k); extra != nil {
			// Only the keys this participant's role may use now: an
			// observer is not offered sign-off, nor a partner rewind.
			may := m.mayMask()
			extra = slices.DeleteFunc(slices.Clone(extra), func(b key.Binding) bool {
				for i, c := range panelKeyKinds(k) {
					if slices.Equal(b.Keys(), c.b.Keys()) {
						return may&(1<<i) == 0
					}
				}
				return false
			})
			binds = append(append(binds[:2:2], extra...), binds[2:]...)
		}
	}
	if m.com.ascii {
		// In their ASCII forms before the line is fitted to the width.
		for i, b := range binds {
			binds[i] = withHelpKey(b, m.ascii(b.Help().Key, 1<<10, true), m.ascii(b.Help().Desc, 1<<10, true))
		}
	}
	return h.ShortHelpView(binds)
}

func (m *Model) helpModel(w int) help.Model {
	st := m.com.styles
	h := help.New()
	h.SetWidth(w)
	h.Styles.ShortKey = st.HelpKey
	h.Styles.ShortDesc = st.HelpDesc
	h.Styles.FullKey = st.HelpKey
	h.Styles.FullDesc = st.HelpDesc
	h.Styles.ShortSeparator = st.Muted
	h.Styles.FullSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	if m.com.ascii {
		h.ShortSeparator, h.FullSeparator, h.Ellipsis = " | ", "    ", "..."
	}
	return h
}

// renderHelp is the help overlay, centred in the body: every binding of
// the keymap, in as many columns as fit.
func (m *Model) renderHelp(w, h int) string {
	st := m.com.styles
	var items []string // column-major, in the keymap's order
	// In ASCII, each key and description in its ASCII form before the
	// columns are measured.
	text := func(s string) string { return m.ascii(s, 1<<10, true) }
	keyW := 0
	for _, g := range m.com.keys.fullHelp() {
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(text(b.Help().Key)))
		}
	}
	itemW := 0
	for _, g := range m.com.keys.fullHelp() {
		for _, b := range g {
			it := st.HelpKey.Render(padRight(text(b.Help().Key), keyW)) + "  " + st.HelpDesc.Render(text(b.Help().Desc))
			itemW = max(itemW, ansi.StringWidth(it))
			items = append(items, it)
		}
	}
	inner := max(w-6, 20)
	cols := max(1, min(len(m.com.keys.fullHelp()), (inner+2)/(itemW+2)))
	rows := (len(items) + cols - 1) / cols
	var lines []string
	for r := range rows {
		var line strings.Builder
		for c := range cols {
			if k := c*rows + r; k < len(items) {
				line.WriteString(padRight(items[k], itemW+2))
			}
		}
		lines = append(lines, strings.TrimRight(line.String(), " "))
	}
	// The board's marks, in two rows of three so they fit 80×24.
	marks := [][]string{
		{glyphMovable + " can move", glyphAllFixed + " all fixed", glyphPrev + " prevention"},
		{glyphFixed + " fixed", glyphPartFixed + " part fixed", "A assumed, not cited"},
	}
	markW := (min(inner, cols*(itemW+2)) - 7) / 3
	var markLines []string
	for i, row := range marks {
		lead := "Marks  "
		if i > 0 {
			lead = "       "
		}
		var line strings.Builder
		line.WriteString(st.HelpKey.Render(lead))
		for _, mk := range row {
			line.WriteString(padRight(st.HelpDesc.Render(mk), markW))
		}
		markLines = append(markLines, strings.TrimRight(line.String(), " "))
	}
	proj := ""
	if m.com.projector {
		proj = " Projector: the cursor's agency opens into its silos; a drag keeps the board still; drop on a closed agency to choose its service."
	}
	// The fullest note that leaves the box whole in h lines.
	fixed := "Fixed: entitlements, ring-fences, floors. Panel 7 shows a silo's sources."
	var box string
	for i, note := range []string{
		fixed + " shift+↑/↓ (J/K) or the wheel scroll a panel. Changes carry a sign; outcomes say better or worse." + proj,
		fixed + proj,
		strings.TrimSpace(proj),
		"",
		"", // and no blank lines: the keys and marks must show
	} {
		gap := "\n\n"
		if i == 4 {
			gap = "\n"
		}
		body := st.Title.Render("totalplace: keys") + gap + strings.Join(lines, "\n") + gap + strings.Join(markLines, "\n") + "\n"
		if note != "" {
			body += lipgloss.NewStyle().Width(min(inner, cols*(itemW+2))).Render(st.Muted.Render(text(note))) + "\n"
		}
		box = st.HelpBox.Render(body + st.Muted.Render("Press any key to close."))
		if lipgloss.Height(box) <= h {
			break
		}
	}
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// renderTabs is the panel switcher; tabAt maps a click back to a tab.
// Both walk tabLabels, so a click lands on the tab drawn there.
// tabsKey names a tab bar as screens share it.
type tabsKey struct {
	w     int
	panel panel
}

// renderTabs is the tab bar, shared by every screen of the room on the
// same panel.
func (m *Model) renderTabs(w int) string {
	return m.part(tabsKey{w: w, panel: m.panel}, func() any { return m.ascii(m.drawTabs(w), w, true) }).(string)
}

func (m *Model) drawTabs(w int) string {
	st := m.com.styles
	var b strings.Builder
	for p, label := range m.tabLabels(w) {
		if p > 0 {
			b.WriteByte(' ')
		}
		if panel(p) == m.panel {
			b.WriteString(st.TabActive.Render(label))
		} else {
			b.WriteString(st.TabInactive.Render(label))
		}
	}
	return b.String()
}

// tabLabels are the tab labels: full names when they fit in w, then short
// names, else numbers with only the current tab named. Tabs are one space
// apart; the current one has a cell of padding either side.
func (m *Model) tabLabels(w int) []string {
	for _, names := range [][panelCount]string{panelNames, panelShortNames, panelTinyNames} {
		parts := make([]string, panelCount)
		width := 2 + int(panelCount) - 1
		for p := range panelCount {
			name := names[p]
			if p == m.panel {
				name = panelNames[p]
			}
			parts[p] = fmt.Sprintf("%d %s", p+1, name)
			width += ansi.StringWidth(parts[p])
		}
		if width <= w {
			return parts
		}
	}
	parts := make([]string, panelCount)
	for p := range panelCount {
		parts[p] = fmt.Sprint(p + 1)
		if p == m.panel {
			parts[p] = fmt.Sprintf("%d %s", p+1, panelNames[p])
		}
	}
	return parts
}

// tabAt is the tab drawn at column x of the tab bar, or -1.
func (m *Model) tabAt(x, w int) panel {
	for p, s := range m.tabLabels(w) {
		n := ansi.StringWidth(s) + 1 // the label and the space after it
		if panel(p) == m.panel {
			n += 2
		}
		if x >= 0 && x < n {
			return panel(p)
		}
		x -= n
	}
	return -1
}

// panelKey names a panel's content as the screens of a room share it:
// the panel, its size, the item it has chosen and the preview it shows.
// Every input of a panel's renderer besides the state is here.
type panelKey struct {
	panel     panel
	w, h      int
	sel, sel2 int
	histSel   uint64
	preview   *model.Result
	projector bool
	presence  uint64 // History names who is here
}

// panelText is a panel's whole content, each line at most w cells, and
// the line of History's chosen move (-1 elsewhere).
type panelText struct {
	lines []string
	focus int
}

func (m *Model) panelKeyFor(w, h int) panelKey {
	c := m.active().chosen(m)
	k := panelKey{panel: m.panel, w: w, h: h, projector: m.com.projector, sel: c.sel, sel2: c.sel2, histSel: c.seq}
	if (m.panel == panelOutcomes || m.panel == panelLedger) && m.previewMove != nil {
		k.preview = m.preview // they show the move under way
	}
	if m.panel == panelHistory {
		k.presence = m.hereVersion
	}
	return k
}

// panelText is the chosen panel's content at w×h, shared by every screen
// of the room that shows the same.
func (m *Model) panelText(w, h int) panelText {
	return m.part(m.panelKeyFor(w, h), func() any {
		content, focus := "Calculating…", -1
		if m.st.Result != nil {
			content, focus = m.active().content(m, w, h)
		}
		content = m.ascii(content, w, true)
		lines := strings.Split(content, "\n")
		for i, l := range lines {
			if ansi.StringWidth(l) > w {
				lines[i] = ansi.Truncate(l, w, "…")
			}
		}
		return panelText{lines: lines, focus: focus}
	}).(panelText)
}

// panelArea is the panel content's size in the current layout.
func (m *Model) panelArea() (w, h int) {
	l := m.frame().l
	if l.projector {
		if l.wide {
			return l.panelW - 1, l.panelH - 1
		}
		return l.panelW, l.panelH - 1
	}
	return l.panelW, l.panelH
}

// panelOffset is the first line of a panel of total lines shown in h,
// from the offset asked for, kept in range.
func panelOffset(asked, total, h int) int {
	if total <= h || h < 3 {
		return 0
	}
	return min(max(asked, 0), total-(h-1))
}

// settlePanel keeps the panel's scroll in range after a change, and
// brings History's chosen move into view when it was stepped to. Update
// calls it; drawing only reads the result.
func (m *Model) settlePanel() {
	if m.st == nil || m.com.width == 0 || m.com.layout().tooSmall || m.showHlp {
		return
	}
	w, h := m.panelArea()
	if w <= 0 || h <= 0 {
		return
	}
	pt := m.panelText(w, h)
	sc := m.active().scroller()
	sc.total, sc.shown = len(pt.lines), h
	if sc.follow && pt.focus >= 0 {
		sc.follow = false
		if pt.focus < sc.off+1 {
			sc.off = max(pt.focus-1, 0)
		} else if pt.focus >= sc.off+h-2 {
			sc.off = pt.focus - h + 3
		}
	}
	sc.off = panelOffset(sc.off, len(pt.lines), h)
}

// renderPanel is the panel's content cut to h lines from its scroll
// offset, with a line saying what is above and below.
func (m *Model) renderPanel(w, h int) []string {
	st := m.com.styles
	if m.prio != nil && m.panel == panelPlan {
		return m.renderPriorities(w, h) // this screen's own, never shared
	}
	lines := m.panelText(w, h).lines
	if len(lines) <= h || h < 3 {
		return lines
	}
	off := panelOffset(m.active().scroller().off, len(lines), h)
	body := h
	if off > 0 {
		body--
	}
	end := off + body
	if end < len(lines) {
		end--
	}
	out := make([]string, 0, h)
	if off > 0 {
		out = append(out, m.ascii(st.Muted.Render(fmt.Sprintf("↑ more: %d %s above (shift+↑ or wheel)", off, report.Plural(off, "line", "lines"))), w, true))
	}
	out = append(out, lines[off:end]...)
	if n := len(lines) - end; n > 0 {
		out = append(out, m.ascii(st.Muted.Render(fmt.Sprintf("↓ more: %d %s below (shift+↓ or wheel)", n, report.Plural(n, "line", "lines"))), w, true))
	}
	return out
}

// scrollPanel moves the panel's view by d lines, within its content.
func (m *Model) scrollPanel(d int) {
	m.settlePanel()
	sc := m.active().scroller()
	maxOff := max(sc.total-(sc.shown-1), 0)
	if sc.total <= sc.shown {
		maxOff = 0
	}
	sc.off = min(max(sc.off+d, 0), maxOff)
}

// participantName is how a participant is shown everywhere (history,
// scenarios, status): their name, or their id when they gave none.
func (m *Model) participantName(id string) string {
	pt, ok := m.st.Participant(id)
	name := pt.Name
	if name == "" {
		name = id
	}
	if ok && pt.Guest {
		// No key vouches for the name: the room should know.
		name += " (guest)"
	}
	return name
}
