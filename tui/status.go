package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// renderStatus is one line: the move under way, the text being typed, or
// the last answer from the session (refusals in full).
func (m *Model) renderStatus(w int) string {
	st := m.ctx.styles
	var s string
	switch {
	case m.quitConfirm:
		s = st.StatusErr.Render(m.status)
	case m.mode == inputSaveName:
		s = st.StatusMove.Render("Save scenario as: ") + m.input.View(st)
	case m.drag != nil:
		s = st.StatusMove.Render(m.dragStatus())
	case m.mv.stage != stageIdle:
		s = st.StatusMove.Render(m.moveLine())
	case m.status != "" && m.statusErr:
		s = st.StatusErr.Render(m.status)
	case m.status != "":
		s = st.StatusInfo.Render(m.status)
	default:
		who := m.who
		for _, p := range m.st.Participants {
			if p.ID == m.who && p.Name != "" {
				who = p.Name
			}
		}
		s = st.Muted.Render(fmt.Sprintf("%s · select a silo and press enter to move money from it, or drag its bar onto another", who))
	}
	return fit(s, w, 1)[0]
}

// renderKeyLine is the short help for the current stage, from the keymap.
func (m *Model) renderKeyLine(w int) string {
	h := m.helpModel(w)
	return h.ShortHelpView(m.ctx.keys.shortHelp(m.mv.stage))
}

func (m *Model) helpModel(w int) help.Model {
	st := m.ctx.styles
	h := help.New()
	h.SetWidth(w)
	h.Styles.ShortKey = st.HelpKey
	h.Styles.ShortDesc = st.HelpDesc
	h.Styles.FullKey = st.HelpKey
	h.Styles.FullDesc = st.HelpDesc
	h.Styles.ShortSeparator = st.Muted
	h.Styles.FullSeparator = st.Muted
	h.Styles.Ellipsis = st.Muted
	return h
}

// renderHelp is the help overlay, centred in the body: every binding of
// the keymap, in as many columns as fit.
func (m *Model) renderHelp(w, h int) string {
	st := m.ctx.styles
	var items []string // column-major, in the keymap's order
	keyW := 0
	for _, g := range m.ctx.keys.fullHelp() {
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
	}
	itemW := 0
	for _, g := range m.ctx.keys.fullHelp() {
		for _, b := range g {
			it := st.HelpKey.Render(padRight(b.Help().Key, keyW)) + "  " + st.HelpDesc.Render(b.Help().Desc)
			itemW = max(itemW, ansi.StringWidth(it))
			items = append(items, it)
		}
	}
	inner := max(w-6, 20)
	cols := max(1, min(len(m.ctx.keys.fullHelp()), (inner+2)/(itemW+2)))
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
	note := "Bars: " + glyphMovable + " can move, " + glyphFixed + " fixed (entitlements, ring-fences, floors). Changes carry a sign; outcomes say better or worse."
	body := st.Title.Render("totalplace: keys") + "\n\n" + strings.Join(lines, "\n") + "\n\n" +
		lipgloss.NewStyle().Width(min(inner, cols*(itemW+2))).Render(st.Muted.Render(note)) + "\n" +
		st.Muted.Render("Press any key to close.")
	box := st.HelpBox.Render(body)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// renderTabs is the panel switcher; tabAt maps a click back to a tab.
func (m *Model) renderTabs(w int) string {
	st := m.ctx.styles
	parts := m.tabParts(w)
	for p := range parts {
		if panel(p) == m.panel {
			parts[p] = st.TabActive.Render(parts[p])
		} else {
			parts[p] = st.TabInactive.Render(parts[p])
		}
	}
	return strings.Join(parts, "")
}

// tabParts are the tab labels: full names when they fit in w, else numbers
// with only the current tab named. Each is drawn with one cell of padding
// either side.
func (m *Model) tabParts(w int) []string {
	parts := make([]string, panelCount)
	width := 0
	for p := range panelCount {
		parts[p] = fmt.Sprintf("%d %s", p+1, panelNames[p])
		width += len([]rune(parts[p])) + 2
	}
	if width <= w {
		return parts
	}
	for p := range panelCount {
		if p != m.panel {
			parts[p] = fmt.Sprint(p + 1)
		}
	}
	return parts
}

// tabAt is the tab drawn at column x of the tab bar, or -1.
func (m *Model) tabAt(x, w int) panel {
	for p, s := range m.tabParts(w) {
		n := len([]rune(s)) + 2
		if x >= 0 && x < n {
			return panel(p)
		}
		x -= n
	}
	return -1
}

// renderPanel draws the chosen detail panel.
func (m *Model) renderPanel(w, h int) string {
	if m.st.Result == nil {
		return "Calculating…"
	}
	switch m.panel {
	case panelGap:
		return m.renderGap(w, h)
	case panelLedger:
		return m.renderLedger(w, h)
	case panelWhy:
		return m.renderWhy(w, h)
	case panelScenarios:
		return m.renderScenarios(w, h)
	case panelHistory:
		return m.renderHistory(w, h)
	case panelPlace:
		return m.renderPlace(w, h)
	}
	return m.renderOutcomes(w, h)
}
