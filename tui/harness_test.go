package tui

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"totalplace/internal/testplace"
	"totalplace/sessions"
)

// term runs the real model under teatest and replays its output through a
// terminal emulator, so tests assert on what a person would see.
type term struct {
	t    *testing.T
	tm   *teatest.TestModel
	sess *sessions.Session
	m    *Model

	mu  sync.Mutex
	emu *vt.Emulator
	raw bytes.Buffer // every byte the program wrote
}

func newSession(t *testing.T) *sessions.Session {
	t.Helper()
	s, err := sessions.Create(t.TempDir(), "testshire", testplace.New(120), sessions.Participant{ID: "you", Name: "You"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// startTerm runs the model at w×h. The output is not a TTY, so the colour
// profile is given: TrueColor as a modern terminal, Ascii as NO_COLOR.
func startTerm(t *testing.T, w, h int, opts Options, profile ...colorprofile.Profile) *term {
	t.Helper()
	return startTermOn(t, newSession(t), w, h, opts, profile...)
}

// startTermOn is startTerm on a session the test made.
func startTermOn(t *testing.T, sess *sessions.Session, w, h int, opts Options, profile ...colorprofile.Profile) *term {
	t.Helper()
	prof := colorprofile.TrueColor
	if len(profile) > 0 {
		prof = profile[0]
	}
	m := New(sess, "you", opts).(*Model)
	tt := &term{t: t, sess: sess, m: m, emu: vt.NewEmulator(w, h)}
	tt.tm = teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(prof)))

	// The emulator answers queries on its input pipe; drain it or Write blocks.
	go func() { _, _ = io.Copy(io.Discard, tt.emu) }()
	stop := make(chan struct{})
	pumped := make(chan struct{})
	go func() {
		defer close(pumped)
		buf := make([]byte, 32*1024)
		for {
			n, _ := tt.tm.Output().Read(buf)
			if n > 0 {
				tt.mu.Lock()
				tt.raw.Write(buf[:n])
				// Not a TTY: the renderer's bare \n needs a carriage return.
				_, _ = tt.emu.Write(bytes.ReplaceAll(buf[:n], []byte("\n"), []byte("\r\n")))
				tt.mu.Unlock()
				continue
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() {
		_ = tt.tm.Quit()
		tt.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		close(stop)
		<-pumped
		m.Close()
		if pw, ok := tt.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
	})
	return tt
}

// screen is the emulator's text, one string per row, trailing spaces cut.
func (tt *term) screen() string {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	w, h := tt.emu.Width(), tt.emu.Height()
	var b strings.Builder
	for y := range h {
		var line strings.Builder
		for x := 0; x < w; x++ {
			c := tt.emu.CellAt(x, y)
			if c == nil || c.Width == 0 {
				continue
			}
			if c.Content == "" {
				line.WriteByte(' ')
				continue
			}
			line.WriteString(c.Content)
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	return b.String()
}

func (tt *term) rawOutput() []byte {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	return bytes.Clone(tt.raw.Bytes())
}

// waitFor polls the screen until cond holds.
func (tt *term) waitFor(what string, cond func(s string) bool) string {
	tt.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tt.screen()
		if cond(s) {
			return s
		}
		time.Sleep(10 * time.Millisecond)
	}
	tt.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
	return s
}

func (tt *term) waitText(subs ...string) string {
	tt.t.Helper()
	return tt.waitFor(strings.Join(subs, " & "), func(s string) bool {
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				return false
			}
		}
		return true
	})
}

func (tt *term) resize(w, h int) {
	tt.mu.Lock()
	tt.emu.Resize(w, h)
	tt.mu.Unlock()
	tt.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

func (tt *term) key(code rune, mod ...tea.KeyMod) {
	k := tea.KeyPressMsg{Code: code}
	for _, m := range mod {
		k.Mod |= m
	}
	// Backspace (DEL) is a key, not text: with Text set, a text field
	// would read it as a character to insert.
	if code >= ' ' && code < tea.KeyUp && code != tea.KeyBackspace && len(mod) == 0 {
		k.Text = string(code)
	}
	tt.tm.Send(k)
}

func (tt *term) typeText(s string) { tt.tm.Type(s) }

// findOnScreen returns the column and row of the first cell of sub.
func findOnScreen(screen, sub string) (x, y int, ok bool) {
	for y, line := range strings.Split(screen, "\n") {
		if i := strings.Index(line, sub); i >= 0 {
			return len([]rune(line[:i])), y, true
		}
	}
	return 0, 0, false
}

// lineWith returns the first screen row containing sub.
func lineWith(screen, sub string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, sub) {
			return line
		}
	}
	return ""
}

// outcomeRow is the row naming an outcome joined with the next one, since
// a long name takes a line of its own.
func outcomeRow(screen, name string) string {
	lines := strings.Split(screen, "\n")
	for i, line := range lines {
		if strings.Contains(line, name) && i+1 < len(lines) {
			return line + "\n" + lines[i+1]
		}
	}
	return ""
}
