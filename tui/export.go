package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

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
			if err := writeAtomic(path, b.Bytes()); err != nil {
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

// writeAtomic writes a whole file or none: a new file, synced, renamed
// over the old.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // nothing left after the rename
	if _, err = tmp.Write(data); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
