package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"totalplace/internal/testplace"
	"totalplace/model"
	"totalplace/sessions"
)

// TestHeadlineCountsPools: a pool changes the allocation as a move does,
// so the headline counts both.
func TestHeadlineCountsPools(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.do(sessions.TogglePool{Pool: "neet"})
	s := tt.waitText("1 pool")
	if head := strings.Split(s, "\n")[1]; strings.Contains(head, "moves") || !strings.Contains(head, "can move · 1 pool") {
		t.Errorf("a pool alone: headline %q", head)
	}
	tt.do(sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 2e6}})
	s = tt.waitText("1 move · 1 pool")
	if head := strings.Split(s, "\n")[1]; !strings.Contains(head, "£3.86bn a year") || !strings.Contains(head, "can move · 1 move · 1 pool") {
		t.Errorf("headline at 80 columns: %q", head)
	}

	pj := startTerm(t, 120, 40, Options{Projector: true})
	pj.waitText("a year in total")
	pj.do(sessions.TogglePool{Pool: "neet"})
	s = pj.waitText("moves made", "pool")
	if labels := lineWith(s, "moves made"); !strings.Contains(labels, "pool") {
		t.Errorf("the projector's headline does not count the pool: %q", labels)
	}
}

// TestCursorStartsOnMovableSilo: the board opens on the first silo that
// can give money, so a first enter starts a move (the state pension,
// first on the board, is all entitlement).
func TestCursorStartsOnMovableSilo(t *testing.T) {
	for _, opts := range []Options{{}, {Projector: true}} {
		tt := startTerm(t, 80, 24, opts)
		p := tt.sess.State().Place
		s := tt.waitText("State pension")
		if got := cursorSilo(s, p); got != "Working-age benefits" {
			t.Errorf("projector %v: cursor starts on %q, want Working-age benefits:\n%s", opts.Projector, got, s)
		}
		tt.key(tea.KeyEnter)
		tt.waitText("Move from Working-age benefits to")
	}
}

// TestPreviewSaysCosts: a move that makes an agency pay more says so in
// the preview line, in words, as a saving would be.
func TestPreviewSaysCosts(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{}, colorprofile.Ascii)
	tt.waitText("State pension")
	// Less adult social care: more emergency admissions, which the NHS pays for.
	tt.startMove("Adult social care", "Housing", "20")
	s := tt.waitText("preview: not yet moved", "NHS costs £", "more by 2035")
	if line := lineWith(s, "preview: not yet moved"); strings.Contains(line, "NHS saves") {
		t.Errorf("a cost read as a saving: %q", line)
	}
}

// TestSaveAsksBeforeReplacing: saving under a saved scenario's name asks
// first; esc goes back to the name as typed, enter replaces.
func TestSaveAsksBeforeReplacing(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan A")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A”.")
	tt.move("asc", "earlyhelp", 2e6)
	tt.waitText("1 move")

	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan  A ") // the session folds spaces: the same name
	tt.key(tea.KeyEnter)
	s := tt.waitText("“Plan A” exists: replace it?", "esc keeps typing")
	if !strings.Contains(lineWith(s, "Save scenario as:"), "Plan  A") {
		t.Errorf("the name typed left the field:\n%s", s)
	}
	if st := tt.sess.State(); len(st.Scenarios) != 1 || len(st.Scenarios[0].Scenario.Moves) != 0 {
		t.Fatalf("saved before asking: %+v", st.Scenarios)
	}
	// esc: back to typing, the name kept; a letter typed goes into it.
	tt.key(tea.KeyEscape)
	tt.waitFor("the question gone", func(s string) bool { return !strings.Contains(s, "exists: replace it?") })
	tt.key(tea.KeyEnter)
	tt.waitText("“Plan A” exists: replace it?")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A”, replacing the one saved before.")
	if st := tt.sess.State(); len(st.Scenarios) != 1 || len(st.Scenarios[0].Scenario.Moves) != 1 {
		t.Fatalf("not replaced: %+v", st.Scenarios)
	}

	// Typing on after the question saves under the new name, unasked.
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan A")
	tt.key(tea.KeyEnter)
	tt.waitText("exists: replace it?")
	tt.typeText("2")
	tt.waitText("Plan A2")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A2”.")
	if n := len(tt.sess.State().Scenarios); n != 2 {
		t.Errorf("%d scenarios saved, want 2", n)
	}
}

// TestPasteAmount: a paste at the amount step is typed text.
func TestPasteAmount(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.startMove("Adult social care", "Early help", "")
	tt.tm.Send(tea.PasteMsg{Content: "£7.5m\n"})
	tt.waitText("Move £7.5m a year from Adult social care to Early help")
	tt.tm.Send(tea.PasteMsg{Content: strings.Repeat("9", 40)})
	tt.waitText("too long for an amount")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £7.5m a year")
	if mv := tt.sess.State().Scenario.Moves; len(mv) != 1 || mv[0].Amount != 7.5e6 {
		t.Errorf("moves %+v", mv)
	}
}

// TestTextLimitsSaid: the field takes what the session takes, counts as
// the text nears the limit, says when a paste was cut, and a refusal
// leaves the text in the field.
func TestTextLimitsSaid(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	// A move's reason: 500 characters, not 200.
	tt.startMove("Adult social care", "Early help", "2")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.tm.Send(tea.PasteMsg{Content: strings.Repeat("r", 5000)})
	tt.waitText("500/500 full", "Pasted text cut: 500 of its 5000 characters went in, as a reason holds at most 500.")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £2m a year")
	if h := tt.sess.State().History; h[len(h)-1].Why != strings.Repeat("r", 500) {
		t.Errorf("reason of %d characters saved, want 500", len(h[len(h)-1].Why))
	}

	// A scenario's name: 80. The count shows from 60.
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText(strings.Repeat("n", 59))
	tt.waitText(strings.Repeat("n", 20))
	if s := tt.screen(); strings.Contains(s, "/80") {
		t.Errorf("a count long before the limit:\n%s", s)
	}
	tt.typeText("n")
	tt.waitText("60/80")
	tt.typeText(strings.Repeat("n", 25))
	tt.waitText("80/80 full", "Full: a scenario's name holds at most 80 characters.")

	// Refused (the session has closed): the field opens again, the text kept.
	tt.sess.Close()
	tt.key(tea.KeyEnter)
	s := tt.waitText("✗ Session is closed", "The text is kept")
	if !strings.Contains(lineWith(s, "Save scenario as:"), "nnnnnnnn") {
		t.Errorf("the name left the field:\n%s", s)
	}
}

// TestClickDuringKeyboardMove: a click never drops a keyboard move. At the
// target step a click on a silo picks it, as enter would; later, a click
// or a drag says the move is under way and keeps it.
func TestClickDuringKeyboardMove(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Public health")
	tt.selectSilo("Adult social care")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from Adult social care to")
	// A click away from the silos: the move stays, and the prompt says so.
	tt.tm.Send(tea.MouseClickMsg{X: 2, Y: 0, Button: tea.MouseLeft})
	tt.waitText("Move from Adult social care to", "A move is under way: click the silo the money goes to")
	// A click on a silo picks it.
	x, y, _ := findOnScreen(s, "Public health")
	tt.tm.Send(tea.MouseClickMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseReleaseMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
	tt.waitText("Move £1m a year from Adult social care to Public health")
	tt.typeText("4")
	tt.waitText("Move £4m a year from Adult social care to Public health")
	// At the amount step a drag from another silo moves nothing and keeps the move.
	x0, y0, _ := findOnScreen(s, "Children's services")
	x1, y1, _ := findOnScreen(s, "Early help")
	tt.drag(x0+2, y0, x1+22, y1)
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 22, Y: y1, Button: tea.MouseLeft})
	s = tt.waitText("Move £4m a year from Adult social care to Public health", "A move is under way: enter goes on with it, esc cancels it.")
	if n := len(tt.sess.State().Scenario.Moves); n != 0 {
		t.Fatalf("the drag moved money: %d moves", n)
	}
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.tm.Send(tea.MouseClickMsg{X: x0 + 2, Y: y0, Button: tea.MouseLeft})
	tt.waitText("why:", "A move is under way: type its reason")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £4m a year from Adult social care to Public health.")
}

// TestSparklineZeroLine: every sparkline is drawn around zero (now), so
// no change is a flat line of its own, and a change from the first year,
// up or down, leaves it from the first cell.
func TestSparklineZeroLine(t *testing.T) {
	none := sparkline([]float64{0, 0, 0, 0})
	for _, c := range []struct {
		v    []float64
		want string
	}{
		{[]float64{0, 0, 0, 0}, "────"},
		{[]float64{2, 2, 2, 2}, "████"},       // a step up in the first year
		{[]float64{-2, -2, -2, -2}, "▁▁▁▁"},   // a step down in the first year
		{[]float64{0, 0, 1, 2}, "──▆█"},       // from a later year
		{[]float64{-1, -2, -3, -3}, "▃▂▁▁"},   // a fall phased in
		{[]float64{-1, 0, 1, 2}, "▂─▆█"},      // a cost, then a saving
		{[]float64{0.001, 0.5, 1, 1}, "▅▆██"}, // a small change still leaves the line
		{[]float64{0.00001, 0, 0, 0}, "────"}, // too small to print: no change
	} {
		if got := sparkline(c.v); got != c.want {
			t.Errorf("sparkline(%v) = %q, want %q", c.v, got, c.want)
		}
		if c.want != none && sparkline(c.v) == none {
			t.Errorf("sparkline(%v) draws as no change", c.v)
		}
	}

	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 20e6}})
	s := tt.waitText("1 move", "▼ better")
	if row := outcomeRow(s, "Healthy life"); !strings.Contains(row, "no change") || !strings.Contains(row, "──────────") {
		t.Errorf("an unchanged outcome is not a flat line: %q", row)
	}
	if row := outcomeRow(s, "Emergency admissions"); strings.Contains(row, "─") || !strings.Contains(row, "█") {
		t.Errorf("a changed outcome draws no change: %q", row)
	}
	if !strings.Contains(flat(panelSideText(s)), "─ no change · ▅▆▇█ up · ▃▂▁ down · each row scaled to its largest change") {
		t.Errorf("no legend for the sparklines:\n%s", panelSideText(s))
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

// TestPanelsFitAt120x40: the side panel at 120 columns is narrow; what
// the gap panel and the outcomes heading say wraps or moves to a line of
// its own rather than being cut, and the projector keeps each outcome's
// figure whatever the length of its name.
func TestPanelsFitAt120x40(t *testing.T) {
	// Long outcome names, as the sample places have.
	sess := newSessionWith(t, func(p *model.Place) {
		p.Outcomes[0].Name = "Healthy life expectancy at birth, males and females together"
		p.Outcomes[2].Name = "Emergency admissions to hospital of residents of any age"
	})
	// Less adult social care, more early help: admissions rise, NEET falls.
	if err := sess.Do("you", sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 20e6}}); err != nil {
		t.Fatal(err)
	}
	t.Run("outcomes", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{})
		s := tt.waitText("1 move", "▼ better")
		if !strings.Contains(flat(panelSideText(s)), "A baseline assumed, not cited") {
			t.Errorf("the outcomes heading lost what A means:\n%s", panelSideText(s))
		}
		golden.RequireEqual(t, s)
	})
	t.Run("gap", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{})
		tt.waitText("1 move")
		tt.key('2')
		s := tt.waitText("slope index")
		panel := flat(panelSideText(s))
		for _, want := range []string{"x loss", "· no change", "large gain", "(← → choose outcome)"} {
			if !strings.Contains(panel, want) {
				t.Errorf("the gap panel lost %q:\n%s", want, panelSideText(s))
			}
		}
		if n := strings.Count(panel, "slope index"); n != len(sess.State().Place.Outcomes) {
			t.Errorf("%d slope indices for %d outcomes:\n%s", n, len(sess.State().Place.Outcomes), panelSideText(s))
		}
		golden.RequireEqual(t, s)
	})
	t.Run("projector", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{Projector: true})
		s := tt.waitText("a year in total", "worse")
		r := sess.State().Result
		for _, o := range sess.State().Place.Outcomes {
			d := r.Outcomes[outcomeIndex(r, o.ID)].Change()
			if isZeroShown(d) {
				continue
			}
			if want := signedNum(d) + outcomeUnit(o); !strings.Contains(s, want) {
				t.Errorf("projector lost %s's figure %q:\n%s", o.Name, want, s)
			}
		}
		golden.RequireEqual(t, s)
	})
}

// TestWideScreenUsesItsWidth: past what the side panel uses, a wide
// screen gives the board longer bars rather than an empty half.
func TestWideScreenUsesItsWidth(t *testing.T) {
	tt := startTerm(t, 300, 80, Options{})
	s := tt.waitText("State pension", "1 Outcomes")
	pension := lineWith(s, "State pension")
	if n := strings.Count(barOf(pension), glyphFixed); n < 100 {
		t.Errorf("the largest silo's bar is %d cells on a 300-column screen:\n%s", n, pension)
	}
	// The panel is as wide as it can use, no wider.
	if board, _, ok := strings.Cut(pension, "│"); !ok || len([]rune(board)) < 300-120-1 {
		t.Errorf("the board is %d of 300 columns:\n%s", len([]rune(board)), pension)
	}
}

func TestLocaleIsASCII(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want bool
	}{
		{nil, false}, // nothing set: taken to be UTF-8
		{[]string{"LANG=en_GB.UTF-8"}, false},
		{[]string{"LANG=C.utf8"}, false},
		{[]string{"LANG=C"}, true},
		{[]string{"LANG=POSIX"}, true},
		{[]string{"LANG=en_GB.ISO-8859-1"}, true},
		{[]string{"LANG=en_GB.UTF-8", "LC_CTYPE=C"}, true},    // LC_CTYPE before LANG
		{[]string{"LC_CTYPE=C", "LC_ALL=en_US.UTF-8"}, false}, // LC_ALL before both
		{[]string{"LC_ALL=", "LC_CTYPE=", "LANG=C"}, true},    // empty is unset
		{[]string{"LC_ALL=C", "LANG=en_GB.UTF-8"}, true},
	} {
		if got := LocaleIsASCII(c.env); got != c.want {
			t.Errorf("LocaleIsASCII(%q) = %v, want %v", c.env, got, c.want)
		}
	}
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

// TestASCIIScreen: with Options.ASCII no byte above 0x7f reaches the
// terminal, whatever is on screen, and every line still fits.
func TestASCIIScreen(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			tt := startTerm(t, sz.w, sz.h, Options{ASCII: true})
			tt.waitText("State pension", "GBP")
			tt.do(sessions.TogglePool{Pool: "neet"})
			tt.do(sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 20e6}, Why: "falls “prevention” — £20m"})
			tt.waitText("1 move")
			tt.key('s')
			tt.typeText("plan £1")
			tt.key(tea.KeyEnter)
			tt.waitText("Saved")
			for _, k := range "12345678" {
				tt.key(k)
				tt.waitFor(fmt.Sprintf("panel %c", k), func(s string) bool { return strings.Contains(s, string(k)+" "+panelNames[k-'1']) })
			}
			tt.key('?')
			tt.waitText("totalplace: keys")
			tt.key(tea.KeyEscape)
			// A keyboard move under way, with its preview, and a drag.
			tt.key(tea.KeyEnter) // from Working-age benefits, where the cursor starts
			tt.waitText("Move from Working-age benefits to")
			tt.key(tea.KeyDown)
			tt.waitText("to: Employment support ?")
			tt.key(tea.KeyEnter)
			tt.waitText("can move)")
			tt.typeText("3")
			tt.waitText("preview: not yet moved")
			tt.key(tea.KeyEscape)
			s := tt.waitText("Move cancelled.")
			x, y, _ := findOnScreen(s, "Acute hospital care")
			tt.drag(x, y, x+20, y+2)
			tt.waitText("release on a silo")
			tt.tm.Send(tea.MouseReleaseMsg{X: x + 20, Y: 0, Button: tea.MouseLeft})
			tt.key('p')
			s = tt.waitText("a year in total")
			for i, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
				if n := ansi.StringWidth(l); n > sz.w {
					t.Errorf("row %d is %d wide: %q", i, n, l)
				}
			}
			if at, bad := nonASCII(tt.rawOutput()); bad {
				t.Errorf("a byte above 0x7f reached the terminal: …%q…", at)
			}
		})
	}
}

// TestASCIIColumns: the ASCII board keeps its columns, its figures bare
// with the unit named, and its marks told apart.
func TestASCIIColumns(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{ASCII: true})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "primary", To: "mental", Amount: 20e6}})
	s := tt.waitText("1 move", "Mental health")
	if head := strings.Split(s, "\n")[1]; !strings.HasPrefix(head, "GBP 3.86bn a year") {
		t.Errorf("headline %q", head)
	}
	legend := strings.Split(s, "\n")[2]
	for _, want := range []string{"# can move", ": fixed", "X all fixed", "x part fixed", "* prevention"} {
		if !strings.Contains(legend, want) {
			t.Errorf("legend lacks %q: %q", want, legend)
		}
	}
	// The share column ends in the same place on every silo's row,
	// changed or not.
	end := -1
	for _, name := range []string{"State pension", "Working-age benefits", "Acute hospital care", "Primary care", "Mental health"} {
		row := lineWith(s, name)
		if !strings.Contains(row, "%") {
			continue
		}
		if i := strings.LastIndex(row, "%"); end < 0 {
			end = i
		} else if i != end {
			t.Errorf("%s: share column ends at %d, not %d:\n%s", name, i, end, s)
		}
	}
	if row := lineWith(s, "Primary care"); !strings.Contains(row, " 160m ") || !strings.Contains(row, " -20m ") || !strings.Contains(row, "x  :") {
		t.Errorf("primary care row: %q", row)
	}
}

// TestASCIICoversEveryGlyph: every glyph the Unicode screens draw has an
// ASCII form, so none becomes "?".
func TestASCIICoversEveryGlyph(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.do(sessions.TogglePool{Pool: "neet"})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 20e6}, Why: "falls"})
	tt.waitText("1 move")
	seen := map[string]bool{}
	look := func(s string) {
		for _, r := range s {
			if r >= 0x80 {
				seen[string(r)] = true
			}
		}
	}
	for _, k := range "12345678?" {
		tt.key(k)
		time.Sleep(50 * time.Millisecond)
		look(tt.screen())
		if k == '?' {
			tt.key(tea.KeyEscape)
		}
	}
	tt.key('p')
	look(tt.waitText("a year in total"))
	for g := range seen {
		if _, ok := asciiSame[g]; !ok {
			t.Errorf("%q (%U) has no ASCII form", g, []rune(g)[0])
		}
	}
}
