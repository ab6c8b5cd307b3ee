package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"totalplace/model"
	"totalplace/report"
)

// renderReport writes the readable simulate report, laid out for 80 columns.
func renderReport(b *strings.Builder, st styles, p *model.Place, s model.Scenario, r *model.Result) {
	last := len(r.Years) - 1
	horizon := r.Years[last]
	span := fmt.Sprintf("%d to %d", r.Years[0], horizon)

	title := p.Name
	if p.Illustrative && !strings.Contains(strings.ToLower(title), "illustrative") {
		title += " (illustrative)"
	}
	b.WriteString(st.title.Render(title))
	b.WriteByte('\n')
	var about []string
	for _, s := range []string{p.Kind, p.Region} {
		if s != "" {
			about = append(about, s)
		}
	}
	about = append(about, "£ a year at "+p.PriceYear+" prices", span)
	para(b, st.dim, strings.Join(about, " · "), 0)

	// Headline.
	hl := report.HeadlineOf(p, s, r)
	total, la, movable := hl.Total, hl.LocalAuthority, hl.Movable
	b.WriteByte('\n')
	kv := table{header: []string{"", ""}, shrink: 1}
	kv.add("Total public spend", model.FormatMoney(total)+" a year")
	if pop := p.Population.Value; pop > 0 {
		kv.add("Per head", model.FormatMoney(total/pop)+" ("+thousands(pop)+" people)")
	}
	kv.add("Through local authorities", share(la, total)+" ("+model.FormatMoney(la)+")")
	kv.add("Can move locally", share(movable, total)+" ("+model.FormatMoney(movable)+"; the rest is fixed or a floor)")
	kv.renderRows(b, 2, reportWidth)

	// Scenario.
	section(b, st, "Scenario")
	if len(s.Moves) == 0 && len(s.Pools) == 0 {
		para(b, lipgloss.Style{}, "No moves: this is the baseline, carrying on as now. Add --move FROM:TO:AMOUNT[@YEAR] to move money.", 2)
	}
	for _, m := range s.Moves {
		para(b, lipgloss.Style{}, fmt.Sprintf("Move %s a year from %s to %s from %d, %s.",
			model.FormatMoney(m.Amount), siloName(p, m.From), siloName(p, m.To), startYear(p, m), m.Target), 2)
	}
	for _, pr := range r.Pools {
		if pr.Active {
			pool := p.Pools[p.PoolIndex(pr.ID)]
			para(b, lipgloss.Style{}, fmt.Sprintf("Pool %s: saving %s a year by %d (its administration today: %s of %s a year).",
				pool.Name, model.FormatMoney(pr.Saving[last]), horizon, model.FormatMoney(pool.AdminCost.Value), model.FormatMoney(pool.CohortSpend.Value)), 2)
		}
	}

	// Outcomes.
	section(b, st, fmt.Sprintf("Outcomes in %d (place average)", horizon))
	ot := table{header: []string{"OUTCOME", "NOW", strconv.Itoa(horizon), "CHANGE", "RANGE"}, right: []bool{false, true, true, false, true}}
	gt := table{header: []string{"OUTCOME", "GAP NOW → " + strconv.Itoa(horizon), "SII NOW → " + strconv.Itoa(horizon), "CHANGE"}, right: []bool{false, true, true, false}}
	for i := range r.Outcomes {
		or := &r.Outcomes[i]
		o := &p.Outcomes[i]
		scen := or.Place[model.Central][last]
		change := scen - or.Baseline
		dec := max(decimalsFor(or.Baseline, 3), decimalsFor(change, 2))
		lo, hi := or.Place[model.Low][last], or.Place[model.High][last]
		lo, hi = math.Min(lo, hi), math.Max(lo, hi)
		name := o.Name
		if o.Unit != "" {
			name += " (" + o.Unit + ")"
		}
		ot.add(name, fixed(or.Baseline, dec), fixed(scen, dec), changeWords(st, change, dec, o.HigherIsBetter), fixed(lo, dec)+"–"+fixed(hi, dec))

		gap := or.Gap[model.Central][last]
		sii := or.SII[model.Central][last]
		gdec := max(decimalsFor(or.GapBaseline, 3), decimalsFor(gap-or.GapBaseline, 2))
		sdec := max(decimalsFor(or.SIIBaseline, 3), decimalsFor(sii-or.SIIBaseline, 2))
		gt.add(o.Name,
			fixed(or.GapBaseline, gdec)+" → "+fixed(gap, gdec),
			fixed(or.SIIBaseline, sdec)+" → "+fixed(sii, sdec),
			gapWords(st, gap-or.GapBaseline, gdec))
	}
	ot.render(b, st, 2, reportWidth)
	para(b, st.dim, report.RangeNote, 2)

	section(b, st, "Inequality: most against least deprived fifth")
	gt.render(b, st, 2, reportWidth)
	para(b, st.dim, "Gap: how much worse the most deprived fifth fares than the least deprived. SII: the slope index of inequality across all neighbourhoods. Smaller is fairer.", 2)

	// Ledger.
	section(b, st, fmt.Sprintf("Who invests and who saves, %s", span))
	lt := table{header: []string{"AGENCY", "GIVES", "GETS", "WITHIN", "SAVES", "FREED", "NET", "NPV", "PAYBACK"}, right: []bool{false, true, true, true, true, true, true, true, false}}
	for _, l := range report.Ledger(p, s, r) {
		if !l.Active() {
			continue
		}
		lt.add(agencyLabel(p, l.Agency), model.FormatMoney(l.GivesUp), model.FormatMoney(l.Gets), model.FormatMoney(l.Within), model.FormatMoney(l.Saves), model.FormatMoney(l.NonCash), signed(l.Net), signed(l.NPV), paybackOf(l.PaybackYear, l.NeverPaysBack, horizon))
	}
	if len(lt.rows) == 0 {
		para(b, lipgloss.Style{}, "Nothing moves, so no agency invests or saves.", 2)
	} else {
		para(b, lipgloss.Style{}, report.Penalty(p, r, s), 2)
		lt.render(b, st, 2, reportWidth)
		para(b, st.dim, "Totals over the horizon. "+report.LedgerNote("gives", "gets", "within", "saves", "freed", "net", "npv", "payback"), 2)
		for _, line := range placeLines(p, r, horizon) {
			para(b, lipgloss.Style{}, line, 2)
		}
		if cases := report.CasesOf(p, r); len(cases) > 0 {
			ct := table{header: []string{"OUTCOME", "CASES AVOIDED", "RANGE", "COST PER CASE"}, right: []bool{false, true, true, true}}
			for _, c := range cases {
				cost := "–"
				if c.HasCost {
					cost = model.FormatMoney(c.CostPerCase)
				}
				ct.add(p.Outcomes[p.OutcomeIndex(c.Outcome)].Name, thousands(c.Avoided), thousands(c.Low)+" to "+thousands(c.High), cost)
			}
			ct.render(b, st, 2, reportWidth)
			para(b, st.dim, "Cases avoided: fewer people in the worse state, summed over the years (a minus: more). Cost per case: the extra money put into the effects on that outcome (each silo's increase times the share of its pounds that buys the effect) per case avoided.", 2)
		}
	}

	// Need against spend.
	section(b, st, "Need against spend, by local fifth")
	nt := table{header: []string{"FIFTH", "PEOPLE", "NEED", "SPEND NOW", "SPEND " + strconv.Itoa(horizon)}, right: []bool{false, true, true, true, true}}
	labels := [5]string{"1 most deprived", "2", "3", "4", "5 least deprived"}
	for q, f := range r.NeedSpend {
		nt.add(labels[q], thousands(f.Population), percent(f.NeedShare), percent(f.SpendBaseline), percent(f.SpendScenario))
	}
	nt.render(b, st, 2, reportWidth)
	para(b, st.dim, "Shares of the place's need (people weighted by deprivation) and of its spend.", 2)

	// Notes.
	section(b, st, "Notes")
	assumed, figures := countAssumptions(p)
	if p.Illustrative {
		para(b, st.warn, "This place is illustrative: its figures are derived or assumed, not an official count.", 2)
	}
	para(b, lipgloss.Style{}, fmt.Sprintf("%d of its %d figures are assumptions; the place file says why for each. Results are differences from carrying on as now, not forecasts.", assumed, figures), 2)
	for _, w := range r.AllWarnings(p) {
		para(b, st.warn, "Warning: "+w, 2)
	}
}

func section(b *strings.Builder, st styles, title string) {
	b.WriteByte('\n')
	b.WriteString(st.heading.Render(title))
	b.WriteByte('\n')
}

// para word-wraps text to the report width, indented.
func para(b *strings.Builder, style lipgloss.Style, text string, indent int) {
	for _, line := range strings.Split(lipgloss.Wrap(text, reportWidth-indent, ""), "\n") {
		b.WriteString(strings.Repeat(" ", indent))
		b.WriteString(style.Render(strings.TrimRight(line, " ")))
		b.WriteByte('\n')
	}
}

// renderRows renders a table without its header row (a key-value list).
func (t *table) renderRows(b *strings.Builder, indent, width int) {
	var tmp strings.Builder
	t.render(&tmp, styles{}, indent, width)
	_, rest, _ := strings.Cut(tmp.String(), "\n")
	b.WriteString(rest)
}

func share(part, total float64) string {
	if total <= 0 {
		return "–"
	}
	return percent(part / total)
}

// changeWords says whether a change in an outcome is better or worse, in
// words as well as colour, so it reads the same without colour.
func changeWords(st styles, change float64, dec int, higherIsBetter bool) string {
	if fixed(math.Abs(change), dec) == fixed(0, dec) {
		return "no change"
	}
	arrow := "▲"
	if change < 0 {
		arrow = "▼"
	}
	text := arrow + " " + fixed(math.Abs(change), dec)
	if (change > 0) == higherIsBetter {
		return st.better.Render(text + " better")
	}
	return st.worse.Render(text + " worse")
}

// gapWords says whether a gap narrowed (fairer) or widened.
func gapWords(st styles, change float64, dec int) string {
	if fixed(math.Abs(change), dec) == fixed(0, dec) {
		return "no change"
	}
	if change < 0 {
		return st.better.Render("narrower")
	}
	return st.worse.Render("wider")
}

// placeLines are the whole place's invest-to-save test and its social
// value, each in a sentence.
func placeLines(p *model.Place, r *model.Result, horizon int) []string {
	t := report.InvestToSave(r)
	money := func(v float64) string { return minus(model.FormatMoney(v)) }
	lines := []string{t.Words(report.Period(p, r), money, func(v float64) string { return minus(signed(v)) }, paybackOf(t.PaybackYear, t.NeverPaysBack, horizon))}
	if sv := report.Social(p, r); math.Abs(sv.QALYs) >= 0.05 || math.Abs(sv.QALYsLow) >= 0.05 || math.Abs(sv.QALYsHigh) >= 0.05 {
		lines = append(lines, fmt.Sprintf("Social value, beside the fiscal line: %s QALYs over the horizon (%s to %s), worth %s at %s a QALY discounted at %s (%s to %s). "+report.SocialNote,
			minus(qalys(sv.QALYs)), minus(qalys(sv.QALYsLow)), minus(qalys(sv.QALYsHigh)), minus(signed(sv.NPV)), model.FormatMoney(sv.PerQALY), percent(sv.HealthRate), minus(signed(sv.NPVLow)), minus(signed(sv.NPVHigh))))
	}
	return lines
}

func paybackOf(year int, never bool, horizon int) string { return report.Payback(year, never, horizon) }

func siloName(p *model.Place, id string) string {
	if i := p.SiloIndex(id); i >= 0 {
		return lowerFirst(p.Silos[i].Name)
	}
	return id
}

// lowerFirst lower-cases a leading capital so names read inside a sentence,
// leaving acronyms ("NHS") alone.
func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// agencyLabel is the agency's short name, for tables where its full name
// would wrap.
func agencyLabel(p *model.Place, id string) string {
	if a := p.AgencyIndex(id); a >= 0 {
		return p.Agencies[a].Label()
	}
	return id
}

// minus writes a leading minus sign as U+2212, so a wrapped sentence never
// breaks a figure from its sign.
func minus(s string) string { return strings.Replace(s, "-", "−", 1) }

// qalys is a count of QALYs: whole and grouped from a hundred, one
// decimal below.
func qalys(v float64) string {
	if math.Abs(v) >= 100 {
		s := thousands(math.Abs(v))
		if v < 0 {
			s = "-" + s
		}
		return s
	}
	return fixed(v, 1)
}
