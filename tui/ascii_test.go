package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"totalplace/model"
	"totalplace/sessions"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

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

func TestNoColor(t *testing.T) {
	// Control: with colour, the agencies are coloured.
	col := startTerm(t, 160, 50, Options{})
	col.waitText("State pension")
	if colourCodes(col.rawOutput()) == 0 {
		t.Fatal("no colour escapes even with a colour terminal: the NO_COLOR check below would prove nothing")
	}

	tt := startTerm(t, 160, 50, Options{}, colorprofile.Ascii)
	tt.waitText("State pension")
	tt.keyboardMove("Adult social care", "Public health", "22m")
	s := tt.waitText("Moved £22m")
	if n := colourCodes(tt.rawOutput()); n != 0 {
		t.Errorf("NO_COLOR output has %d colour codes", n)
	}
	// Meaning survives without colour: signs, arrows, words, glyphs.
	for _, want := range []string{"−£22m", "+£22m", "▲ better", "▲ worse", glyphFixed, glyphMovable, glyphLock} {
		if !strings.Contains(s, want) {
			t.Errorf("NO_COLOR screen lacks %q", want)
		}
	}
}
