package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"totalplace/internal/atomicfile"
	"totalplace/plan"
)

// The facilitator's console writes the workshop's Local Public Service
// Plan (X): as a board paper (Markdown) and a printable page (HTML) into
// PlanDir, off the UI loop; a screen on another machine is told the
// command that fetches it there.

// planWrittenMsg says where the plan went, or why it did not.
type planWrittenMsg struct {
	paths []string
	err   error
}

func (m *Model) exportPlan() tea.Cmd {
	switch {
	case m.planDir != "":
	case m.planHint != "":
		m.setStatus("Get the plan in your own terminal: "+m.planHint, false)
		return nil
	default:
		m.setStatus("This screen has nowhere to write the plan: use totalplace export.", false)
		return nil
	}
	st, dir := m.st, m.planDir
	m.setStatus("Writing the plan…", false)
	return func() tea.Msg {
		pl, err := plan.Build(st, plan.Options{})
		if err != nil {
			return planWrittenMsg{err: err}
		}
		var paths []string
		for _, f := range []struct {
			ext   string
			write func(*bytes.Buffer) error
		}{
			{".md", func(b *bytes.Buffer) error { return plan.Markdown(b, pl) }},
			{".html", func(b *bytes.Buffer) error { return plan.HTML(b, pl) }},
		} {
			var b bytes.Buffer
			if err := f.write(&b); err != nil {
				return planWrittenMsg{err: err}
			}
			path := filepath.Join(dir, st.ID+"-plan"+f.ext)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return planWrittenMsg{err: err}
			}
			if err := atomicfile.Write(path, b.Bytes(), 0o644); err != nil {
				return planWrittenMsg{err: err}
			}
			paths = append(paths, path)
		}
		return planWrittenMsg{paths: paths}
	}
}

func (m *Model) planWritten(msg planWrittenMsg) {
	if msg.err != nil {
		m.setStatus("✗ The plan was not written: "+sentence(msg.err.Error()), true)
		return
	}
	m.setStatus(fmt.Sprintf("Wrote the plan: %s (board paper) and %s (to print).", msg.paths[0], msg.paths[1]), false)
}
