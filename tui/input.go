package tui

import (
	"slices"
	"strings"

	"totalplace/sessions"
)

// inputState is what the one-line text field keeps beside its text.
type inputState struct {
	// replace is the saved scenario an enter would replace: the screen
	// has asked, and a second enter confirms it.
	replace string
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
