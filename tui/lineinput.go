package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// lineInput is a one-line text field for a move's reason or a scenario's
// name. bubbles/textinput would need github.com/atotto/clipboard, which is
// not in go.mod; this covers what a workshop needs: type, paste, erase.
type lineInput struct {
	value       []rune
	Placeholder string
	CharLimit   int
	focused     bool
}

func (in *lineInput) Reset()        { in.value = in.value[:0] }
func (in *lineInput) Focus()        { in.focused = true }
func (in *lineInput) Blur()         { in.focused = false }
func (in *lineInput) Value() string { return string(in.value) }

func (in *lineInput) insert(s string) {
	for _, r := range s {
		if r < ' ' || (in.CharLimit > 0 && len(in.value) >= in.CharLimit) {
			continue
		}
		in.value = append(in.value, r)
	}
}

// Update edits the value; it reports whether anything changed.
func (in *lineInput) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		in.insert(strings.ReplaceAll(msg.Content, "\n", " "))
		return true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace":
			if n := len(in.value); n > 0 {
				in.value = in.value[:n-1]
			}
			return true
		case "ctrl+u":
			in.Reset()
			return true
		case "ctrl+w":
			s := strings.TrimRight(string(in.value), " ")
			if i := strings.LastIndex(s, " "); i >= 0 {
				in.value = []rune(s[:i+1])
			} else {
				in.Reset()
			}
			return true
		}
		if msg.Text != "" {
			in.insert(msg.Text)
			return true
		}
	}
	return false
}

// View shows the value with a block cursor, or the placeholder when empty.
func (in *lineInput) View(st *Styles) string {
	cursor := ""
	if in.focused {
		cursor = st.Selected.Render(" ")
	}
	if len(in.value) == 0 {
		return cursor + st.Muted.Render(in.Placeholder)
	}
	return string(in.value) + cursor
}
