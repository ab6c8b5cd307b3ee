package tui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"totalplace/model"
	"totalplace/sessions"

	tea "charm.land/bubbletea/v2"
)

func TestLedgerWording(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Primary care")
	tt.startMove("Primary care", "Early help", "10m")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £10m a year from Primary care to Early help.")
	tt.key('3')

	// The NHS gives up £10m a year for ten years; DWP saves through fewer
	// NEET young people and more people in work.
	r := tt.sess.State().Result
	var dwp model.AgencyLedger
	for _, l := range r.Ledger {
		if l.Agency == "dwp" {
			dwp = l
		}
	}
	want := fmt.Sprintf("Prevention penalty, over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves %s", model.FormatMoney(dwp.TotalSavings))
	s := tt.waitFor(want, func(s string) bool { return strings.Contains(panelSideText(s), want) })
	if strings.Contains(s, "less received") {
		t.Errorf("the old legend is back:\n%s", s)
	}
	nhs := lineWith(s, "NHS   ")
	if f := strings.Fields(strings.SplitN(nhs, "│", 2)[1]); len(f) < 5 || f[1] != "£100m" || f[2] != "–" {
		t.Errorf("NHS row should give up £100m and get nothing: %q", nhs)
	}
	county := lineWith(s, "County council   ")
	if f := strings.Fields(strings.SplitN(county, "│", 2)[1]); len(f) < 6 || f[2] != "–" || f[3] != "£100m" {
		t.Errorf("the county gets £100m to spend and gives up nothing: %q", county)
	}
}

// The ledger's yearly figure holds only from the last start year when an
// agency's moves start in different years, and ten years cannot say
// "never"; nor is "not paid back" said where no payback is in view.
func TestLedgerYearlyFigureStaggered(t *testing.T) {
	tt := startTerm(t, 160, 60, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "earlyhelp", Amount: 10e6, Year: 2028}})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "publichealth", Amount: 5e6}})
	tt.key('3')
	s := tt.waitText("2 moves", "gives up")
	txt := panelSideText(s)
	// 8 years of £10m and 10 of £5m; £15m a year only from 2028.
	if !strings.Contains(txt, "NHS invests £130m (£15m a year by 2035)") && !strings.Contains(txt, "NHS gives up £130m (£15m a year by 2035)") {
		t.Errorf("headline yearly figure wrong:\n%s", txt)
	}
	// "Not paid back by" only when the NHS's yearly net has turned
	// positive (on course, but late); otherwise no payback is in view and
	// the row says nothing about one. Never "never".
	var nhs model.AgencyLedger
	for _, l := range tt.sess.State().Result.Ledger {
		if l.Agency == "nhs" {
			nhs = l
		}
	}
	if strings.Contains(txt, "not paid back by 2035") != nhs.NeverPaysBack || strings.Contains(txt, "never pays back") {
		t.Errorf("payback note does not match the ledger (on course but late: %v):\n%s", nhs.NeverPaysBack, txt)
	}
}

// One move starting after the base year says from when; the years before
// it show "–", never "+£0".
func TestLedgerLateStartNoPlusZero(t *testing.T) {
	tt := startTerm(t, 160, 70, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "earlyhelp", Amount: 10e6, Year: 2028}})
	tt.key('3')
	s := tt.waitText("1 move", "Whole place, year by year", "2035")
	if txt := panelSideText(s); !strings.Contains(txt, "£80m (£10m a year from 2028)") {
		t.Errorf("late start not said:\n%s", txt)
	}
	if regexp.MustCompile(`\+£0(\s|$)`).MatchString(s) {
		t.Errorf("“+£0” shown where “–” is meant:\n%s", s)
	}
	_, row, _ := strings.Cut(lineWith(s, "2026      "), "│")
	if f := strings.Fields(row); !slices.Equal(f, []string{"2026", "–", "–", "–"}) {
		t.Errorf("2026 row = %q, want 2026 – – –", row)
	}
}

func TestLedgerWordingByKindOfMove(t *testing.T) {
	t.Run("into prevention", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("primary", "earlyhelp", 10e6)
		tt.key('3')
		s := panelSideText(tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		}))
		if !strings.Contains(s, "Prevention penalty, over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves") {
			t.Errorf("penalty headline: %s", s)
		}
		if strings.Contains(s, "net net") || !strings.Contains(s, "that stays in the place, so it is no cost to it") {
			t.Errorf("header or net explanation: %s", s)
		}
	})
	t.Run("out of prevention", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("publichealth", "acute", 5e6)
		tt.key('3')
		s := panelSideText(tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		}))
		if strings.Contains(s, "Prevention penalty") || !strings.Contains(s, "Over 10 years, 2026–2035: County council gives up £50m (£5m a year)") {
			t.Errorf("money out of prevention is no prevention penalty: %s", s)
		}
	})
	t.Run("within one agency", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("asc", "earlyhelp", 5e6)
		tt.key('3')
		s := tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		})
		p := panelSideText(s)
		if !strings.Contains(p, "County council moves £50m within its budget") || strings.Contains(p, "Prevention penalty") {
			t.Errorf("a move within one agency: %s", p)
		}
		county := lineWith(s, "County council  ")
		if f := strings.Fields(strings.SplitN(county, "│", 2)[1]); len(f) < 6 || f[2] != "–" || f[3] != "–" {
			t.Errorf("county row should neither give up nor get: %q", county)
		}
		// No one invested: nobody "never pays back"; knock-on costs say so.
		r := tt.sess.State().Result
		for _, l := range r.Ledger {
			line := lineWith(s, agencyName(tt.sess.State().Place, l.Agency)+"  ")
			if strings.Contains(line, "never pays back") {
				t.Errorf("%s moved nothing out and never pays back: %q", l.Agency, line)
			}
			if l.Invested < 0.5 && l.TotalSavings <= -0.5 && !strings.Contains(p, "costs "+model.FormatMoney(-l.TotalSavings)+" more") {
				t.Errorf("%s's knock-on cost not said: %s", l.Agency, p)
			}
		}
	})
}
