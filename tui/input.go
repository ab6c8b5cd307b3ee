package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"totalplace/sessions"
)

// inputState is what the one-line text field keeps beside its text.
type inputState struct {
	// replace is the saved scenario an enter would replace: the screen
	// has asked, and a second enter confirms it.
	replace string
	// note says why the last key or paste did not all go in, or why the
	// session refused the text, until the next key.
	note string
}

// foldSpace is the session's normalisation of typed text: whitespace runs
// become one space, the ends trimmed. A name typed is compared with the
// saved ones as the session will compare it.
func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// savedNamed reports whether a scenario called name is saved already.
func (m *Model) savedNamed(name string) bool {
	return slices.ContainsFunc(m.st.Scenarios, func(ns sessions.NamedScenario) bool { return ns.Name == name })
}

// replacePrompt asks before a save replaces a saved scenario.
func (m *Model) replacePrompt() string {
	return "“" + m.in.replace + "” exists: replace it? enter replaces · esc keeps typing"
}

// inputLimit is the most characters the session takes for what the field
// collects: the field holds no more, and says so as the text nears it.
func (m *Model) inputLimit() int {
	if m.mode == inputSaveName {
		return sessions.MaxName
	}
	return sessions.MaxWhy
}

// inputWhat names what the field collects, for its notes.
func (m *Model) inputWhat() string {
	if m.mode == inputSaveName {
		return "a scenario's name"
	}
	return "a reason"
}

// inputCounter is "412/500" once the text is three quarters of the way to
// its limit, "500/500 full" at it; "" before.
func (m *Model) inputCounter() string {
	limit := m.input.CharLimit
	n := len([]rune(m.input.Value()))
	switch {
	case limit <= 0 || n*4 < limit*3:
		return ""
	case n >= limit:
		return fmt.Sprintf("%d/%d full", n, limit)
	}
	return fmt.Sprintf("%d/%d", n, limit)
}

// typeInput gives a key or a paste to the field and notes what the limit
// kept out, so text is never cut unsaid.
func (m *Model) typeInput(msg tea.Msg) tea.Cmd {
	before := len([]rune(m.input.Value()))
	add := 0
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		add = len([]rune(msg.Text))
	case tea.PasteMsg:
		add = len([]rune(msg.Content))
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	n, limit := len([]rune(m.input.Value())), m.input.CharLimit
	if got := n - before; add > 0 && got < add && limit > 0 && n >= limit {
		if _, paste := msg.(tea.PasteMsg); paste {
			m.in.note = fmt.Sprintf("Pasted text cut: %d of its %d characters went in, as %s holds at most %d.", got, add, m.inputWhat(), limit)
		} else {
			m.in.note = fmt.Sprintf("Full: %s holds at most %d characters.", m.inputWhat(), limit)
		}
	}
	return cmd
}

// pasteGoes reports whether a paste has somewhere to go: the text field,
// or the amount of a keyboard move.
func (m *Model) pasteGoes() bool {
	return m.mode != inputNone || (m.mv.stage == stageAmount && m.drag == nil)
}

// paste puts pasted text where typing would go.
func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	if m.mode != inputNone {
		m.in.note = ""
		return m.typeInput(msg)
	}
	m.pasteAmount(msg.Content)
	return nil
}

// maxTyped is the longest amount that can be typed.
const maxTyped = 16

// pasteAmount types pasted text into a move's amount, as if typed: it
// replaces an amount set with the arrows and adds to one being typed. A
// paste too long to be an amount is refused, and the note says so.
func (m *Model) pasteAmount(text string) {
	t := foldSpace(text)
	if t == "" {
		return
	}
	typed := m.mv.typed
	if !m.mv.typing {
		typed = ""
	}
	if len([]rune(typed+t)) > maxTyped {
		m.mv.note = "That paste is too long for an amount: type or paste e.g. 5m, 250k or 2.5m."
		return
	}
	m.mv.typing, m.mv.typed, m.mv.note, m.mv.refused = true, typed+t, "", ""
	m.readTyped()
}

// inputDoneMsg is the session's answer to text typed in the field, with
// the text, so that a refusal puts it back in the field rather than lose it.
type inputDoneMsg struct {
	doneMsg
	mode              inputMode
	text, placeholder string
	seq               uint64 // the move whose reason it is (inputRationale)
	then              string // the scenario to switch to once saved
}

// sendInput sends a command made from the field's text; keep says how to
// open the field again if the session refuses it.
func (m *Model) sendInput(cmd sessions.Command, what string, keep inputDoneMsg) tea.Cmd {
	c := m.do(cmd, what)
	return func() tea.Msg {
		msg := c()
		if d, ok := msg.(doneMsg); ok {
			keep.doneMsg = d
			return keep
		}
		return msg
	}
}

// inputAnswered goes on to the switch a save was waiting for, or on a
// refusal opens the field again with the text and the reason, unless
// something else has begun since.
func (m *Model) inputAnswered(msg inputDoneMsg) tea.Cmd {
	if msg.err == nil {
		if msg.then != "" {
			return m.switchScenario(msg.then)
		}
		return nil
	}
	if m.moving() || m.mode != inputNone || m.switchTo != "" {
		return nil // the status says what was refused
	}
	m.whySeq, m.saveThen = msg.seq, msg.then
	m.startInput(msg.mode, msg.placeholder, msg.text)
	m.in.note = "✗ " + sentence(msg.err.Error()) + " The text is kept: change it and press enter, or esc."
	return nil
}

// clickDuringMove is a click on the board while a keyboard move or some
// typing is under way: at the target step a click on a silo picks it as
// enter would (in projector mode, a click on an agency opens it); any
// other click says what is under way, and keeps it.
func (m *Model) clickDuringMove(msg tea.MouseMsg) {
	switch {
	case m.mode == inputWhy:
		m.in.note = "A move is under way: type its reason (or nothing) and press enter to make it, or esc to cancel it."
	case m.mode != inputNone:
		m.in.note = "Typing: enter saves, esc cancels."
	case m.mv.stage == stageTarget:
		if i := m.siloUnder(msg); i >= 0 {
			m.cursorTo(i)
			m.pickTarget()
			return
		}
		if row, ok := m.rowUnder(msg); ok && row.silo < 0 && m.com.projector {
			if to := m.receivers(row.agency, m.mv.from); len(to) > 0 {
				m.cursorTo(to[0]) // opens the agency: a second click picks
				return
			}
		}
		m.mv.note = "A move is under way: click the silo the money goes to (or choose it and press enter), or esc to cancel the move."
	default:
		m.mv.note = "A move is under way: enter goes on with it, esc cancels it. Nothing was dropped."
	}
}
