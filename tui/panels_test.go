package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

func TestProvenanceShown(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Early help", "A assumed")
	// On the board: the assumed budget is marked after its amount, the cited one is not.
	if got := lineWith(s, "Early help"); !strings.Contains(got, "£12m A") {
		t.Errorf("assumed budget not marked: %q", got)
	}
	if got := lineWith(s, "Public health"); strings.Contains(got, " A ") {
		t.Errorf("cited budget marked as assumed: %q", got)
	}
	// The outcome whose baseline is assumed is marked too.
	if got := lineWith(s, "Young people NEET"); !strings.Contains(strings.SplitN(got, "│", 2)[1], "Young people NEET A ") {
		t.Errorf("assumed baseline not marked: %q", got)
	}

	tt.key('7')
	tt.selectSilo("Early help")
	s = tt.waitText("Silo: Early help", "Budget £12m a year  A assumed",
		"assumed: The budget book has no early help line; a tenth of children's", // wraps
		"how: 10% of £120m", "◆ prevention", "Can move all of it")
	if got := outcomeRow(s, "Young people NEET −0.08"); !strings.Contains(got, "(−0.04 to −0.12)") || !strings.Contains(got, "at most −3") {
		t.Errorf("effect of early help on NEET: %q", got)
	}
	if !strings.Contains(s, "What County council saves when outcomes improve") && strings.Contains(s, "Young people NEET:") {
		t.Errorf("spillovers listed under the wrong heading:\n%s", s)
	}

	tt.selectSilo("Public health")
	s = tt.waitText("Silo: Public health", "Budget £32m a year", "source: Testshire budget book 2025-26",
		"how: ring-fenced grant allocation", "Fixed £20m: ring-fenced grant", "Can move £12m of £32m",
		"Healthy life expectancy +0.02 years (+0.01 to +0.03)")
	if strings.Contains(lineWith(s, "Budget £32m a year"), "assumed") {
		t.Errorf("cited budget shown as assumed: %q", lineWith(s, "Budget £32m"))
	}
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

// The low–high range is shown at 120 columns, and at 80 in the Why panel.
func TestOutcomeRangeAt120And80(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.move("acute", "earlyhelp", 20e6)
	tt.key('1')
	s := tt.waitText("1 move", "low–high")
	if !rangeRe.MatchString(outcomeRow(s, "Healthy life expectancy")) {
		t.Errorf("no range at 120 columns:\n%s", s)
	}
	tt.resize(80, 24)
	tt.key('4')
	s = tt.waitText("Why Healthy life expectancy changes")
	if l := lineWith(s, "low–high"); !rangeRe.MatchString(l) {
		t.Errorf("no range in the Why panel at 80 columns:\n%s", s)
	}
}

// The gap panel's before, after and change agree as printed.
func TestGapFiguresAgree(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.move("acute", "earlyhelp", 20e6)
	tt.move("policing", "youth", 7e6)
	tt.key('2')
	s := tt.waitText("2 moves", "gap ")
	re := regexp.MustCompile(`gap (−?[\d.]+)%? → (−?[\d.]+)%?, ([+−±][\d.]+)`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		n++
		num := func(x string) float64 {
			v, err := strconv.ParseFloat(strings.NewReplacer("−", "-", "±", "", "+", "").Replace(x), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		dg := 0
		if _, frac, ok := strings.Cut(m[3], "."); ok {
			dg = len(frac)
		}
		if got := strconv.FormatFloat(num(m[2])-num(m[1]), 'f', dg, 64); got != strconv.FormatFloat(num(m[3]), 'f', dg, 64) {
			t.Errorf("%q: %s − %s = %s, shown %s", m[0], m[2], m[1], got, m[3])
		}
	}
	if n == 0 {
		t.Fatalf("no gap figures:\n%s", s)
	}
}

func TestAgreeDigits(t *testing.T) {
	if d := agreeDigits(13.44, 12.56, 1); d != 2 {
		t.Errorf("agreeDigits(13.44, 12.56, 1) = %d, want 2", d)
	}
	if d := agreeDigits(13.4, 12.6, 1); d != 1 {
		t.Errorf("agreeDigits(13.4, 12.6, 1) = %d, want 1", d)
	}
}

func TestPanelsScrollAt80x24(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('7')
	s := tt.waitText("Silo: Working-age benefits", "↓ more")
	if strings.Contains(s, "A made-up county for tests") {
		t.Fatalf("the whole place panel fits at 80x24? test is moot:\n%s", s)
	}
	// Scroll to the end: the last section shows, with "↑ more" and no "↓ more".
	for range 20 {
		tt.key(tea.KeyDown, tea.ModShift)
	}
	s = tt.waitText("A made-up county for tests", "↑ more")
	if strings.Contains(s, "↓ more") {
		t.Errorf("still more below at the end:\n%s", s)
	}
	// Need against spend and what cannot move come before the description.
	tt.key('7')
	for range 20 {
		tt.key(tea.KeyUp, tea.ModShift)
	}
	tt.waitText("Silo: Working-age benefits")

	// Who pays: biggest first, and the last row can be reached.
	tt.move("primary", "earlyhelp", 10e6)
	tt.do(sessions.TogglePool{Pool: tt.sess.State().Place.Pools[0].ID})
	tt.key('3')
	s = tt.waitText("By agency", "↓ more")
	r := tt.sess.State().Result
	last := r.Years[len(r.Years)-1]
	if strings.Contains(s, "Whole place, year by year") {
		t.Fatalf("the ledger fits at 80x24? test is moot:\n%s", s)
	}
	for range 30 {
		tt.key('J')
	}
	s = tt.waitFor("the end of the ledger", func(s string) bool { return !strings.Contains(s, "↓ more") })
	if !strings.Contains(s, "↑ more") || !regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(fmt.Sprint(last))+`\s`).MatchString(s) || strings.Contains(s, "↓ more") {
		t.Errorf("the ledger's last row (%d) is not shown at the end:\n%s", last, s)
	}
}

func TestGapDigitsAgreeWithVerdict(t *testing.T) {
	// Unit: a change that rounds away at the value's usual digits gets more.
	if dg := changeDigits(13.4, -0.02); numAt(13.43, dg) == numAt(13.41, dg) {
		t.Errorf("changeDigits(13.4, −0.02) = %d still shows equal numbers", dg)
	}
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Early help")
	tt.move("publichealth", "earlyhelp", 1e6)
	tt.key('2')
	s := tt.waitText("Gap between")
	re := regexp.MustCompile(`gap (\S+) → (\S+), (\S+) (▼ narrower|▲ wider|■ no change)`)
	n := 0
	for _, line := range strings.Split(s, "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		if m[4] != noChange && (m[1] == m[2] || m[3] == "±0") {
			t.Errorf("equal figures with a verdict: %q", line)
		}
		if m[4] == noChange && m[1] != m[2] {
			t.Errorf("different figures with no change: %q", line)
		}
	}
	if n == 0 {
		t.Fatalf("no gap rows:\n%s", s)
	}
	if strings.Contains(s, "■ same") {
		t.Errorf("two wordings for no change")
	}
}

func TestPanelsRender(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.keyboardMove("Children's services", "Early help", "10m")
	tt.waitText("Moved £10m")
	tt.key('2')
	tt.waitText("Gap between most and least deprived fifths", "most deprived", "least deprived")
	tt.key('3')
	tt.waitText("saves £", "net")
	tt.key('4')
	tt.key(tea.KeyRight) // NEET, the outcome early help moves
	s := tt.waitText("Why Young people NEET changes by 2035", "By move", "£10m Children's services → Early help")
	if !strings.Contains(lineWith(s, "£10m Children's services → Early help"), "█") {
		t.Errorf("why bar missing: %q", lineWith(s, "£10m Children"))
	}
	tt.key('7')
	tt.waitText("What cannot move, and why", "State pension: £954m of £954m, entitlement")
	tt.key(tea.KeyTab)
	tt.waitText("Pools: one service per cohort", "One service for NEET young people")
	tt.key(tea.KeyTab)
	tt.waitText("Community priorities", "Gain-share agreements", "Asks of the centre", "Sign-off")
	tt.key(tea.KeyTab)
	tt.waitText("Outcomes by 2035")
}
