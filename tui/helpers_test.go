package tui

import (
	"regexp"
	"strings"
	"testing"

	"totalplace/internal/testplace"
	"totalplace/model"

	tea "charm.land/bubbletea/v2"

	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// sampleSession is a session on a bundled place.
func sampleSession(t *testing.T, id string) *sessions.Session {
	t.Helper()
	p, err := sampleplaces.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sessions.Create(t.TempDir(), id, p, sessions.Participant{ID: "you", Name: "You"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// startMove picks from and to by keyboard and types an amount, leaving the
// move at the amount step.
func (tt *term) startMove(from, to, amount string) {
	tt.t.Helper()
	tt.selectSilo(from)
	tt.key(tea.KeyEnter)
	tt.waitText("Move from " + from + " to")
	tt.selectSilo(to)
	tt.key(tea.KeyEnter)
	tt.waitText("(", "can move)")
	tt.typeText(amount)
}

// keyboardMove makes a whole move by keyboard: source, target, amount,
// no reason, confirmed.
func (tt *term) keyboardMove(from, to, amount string) {
	tt.t.Helper()
	tt.startMove(from, to, amount)
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyEnter)
}

func (tt *term) do(cmd sessions.Command) {
	tt.t.Helper()
	if err := tt.sess.Do("you", cmd); err != nil {
		tt.t.Fatal(err)
	}
}

// newSessionWith is newSession on the test place as edit changes it.
func newSessionWith(t *testing.T, edit func(p *model.Place)) *sessions.Session {
	t.Helper()
	p := testplace.New(120)
	edit(p)
	p.Index()
	s, err := sessions.Create(t.TempDir(), "testshire", p, sessions.Participant{ID: "you", Name: "You"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// nonASCII reports the first byte above 0x7f in b, with some context.
func nonASCII(b []byte) (string, bool) {
	for i, c := range b {
		if c >= 0x80 {
			return string(b[max(i-40, 0):min(i+40, len(b))]), true
		}
	}
	return "", false
}

// barOf is the bar cells of a board row: its █ and ▒ runes, in order.
func barOf(line string) string {
	var b strings.Builder
	for _, r := range line {
		if string(r) == glyphMovable || string(r) == glyphFixed {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var rangeRe = regexp.MustCompile(`\d+\.\d+–\d+\.\d+`)

// panelSideText is the side panel's text at a wide size (right of the
// separator), its wrapped lines joined and spaces collapsed, so a sentence
// can be found whatever the width.
func panelSideText(screen string) string {
	var parts []string
	for _, line := range strings.Split(screen, "\n") {
		if _, right, ok := strings.Cut(line, "│"); ok {
			parts = append(parts, right)
		}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// flat is the whole screen with spaces collapsed.
func flat(screen string) string { return strings.Join(strings.Fields(screen), " ") }

func (tt *term) move(from, to string, amount float64) {
	tt.t.Helper()
	tt.do(sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: amount}})
}

// cursorSilo is the silo the board's cursor marker is on, or "".
func cursorSilo(screen string, p *model.Place) string {
	for _, line := range strings.Split(screen, "\n") {
		rest, ok := strings.CutPrefix(line, "▸ ")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " ") // projector mode indents silos under their agency
		for _, s := range p.Silos {
			if strings.HasPrefix(rest, s.Name+" ") {
				return s.Name
			}
		}
	}
	return ""
}

// selectSilo moves the board cursor to the named silo one key at a time,
// waiting for each step to show, so no key is in flight when it stops.
func (tt *term) selectSilo(name string) {
	tt.t.Helper()
	p := tt.sess.State().Place
	first := p.Silos[tt.m.order[0]].Name
	tt.key(tea.KeyHome)
	cur := tt.waitFor("cursor at the top", func(s string) bool { return cursorSilo(s, p) == first })
	for range len(p.Silos) {
		at := cursorSilo(cur, p)
		if at == name {
			return
		}
		tt.key(tea.KeyDown)
		cur = tt.waitFor("cursor to move", func(s string) bool { return cursorSilo(s, p) != at && cursorSilo(s, p) != "" })
	}
	tt.t.Fatalf("could not select %q:\n%s", name, cur)
}

// drag sends a press, motions and a release as a terminal would.
func (tt *term) drag(x0, y0, x1, y1 int) {
	tt.tm.Send(tea.MouseClickMsg{X: x0, Y: y0, Button: tea.MouseLeft})
	steps := 4
	for i := 1; i <= steps; i++ {
		tt.tm.Send(tea.MouseMotionMsg{X: x0 + (x1-x0)*i/steps, Y: y0 + (y1-y0)*i/steps, Button: tea.MouseLeft})
	}
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourCodes counts SGR parameters that set a colour.
func colourCodes(out []byte) int {
	n := 0
	for _, m := range sgr.FindAllSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ';' || r == ':' }) {
			switch {
			case p == "38" || p == "48" || p == "58",
				len(p) == 2 && (p[0] == '3' || p[0] == '4') && p[1] <= '7',
				len(p) == 2 && p[0] == '9' && p[1] <= '7',
				len(p) == 3 && p[0] == '1' && p[1] == '0' && p[2] <= '7':
				n++
			}
		}
	}
	return n
}
