package plan

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"totalplace/model"
	"totalplace/report"
)

// Markdown writes the plan as a board paper: numbered sections, short
// tables and sentences that read as well in a plain-text email as rendered.
func Markdown(w io.Writer, pl *Plan) error {
	var b strings.Builder
	md := &mdWriter{b: &b}
	md.write(pl)
	_, err := io.WriteString(w, b.String())
	return err
}

type mdWriter struct{ b *strings.Builder }

func (m *mdWriter) f(format string, a ...any) { fmt.Fprintf(m.b, format, a...) }

func (m *mdWriter) para(s string) { m.f("%s\n\n", s) }

func (m *mdWriter) heading(level int, s string) {
	m.f("%s %s\n\n", strings.Repeat("#", level), s)
}

// table writes a Markdown table; right marks right-aligned columns.
func (m *mdWriter) table(header []string, right []bool, rows [][]string) {
	row := func(cells []string) {
		m.f("|")
		for _, c := range cells {
			m.f(" %s |", c)
		}
		m.f("\n")
	}
	row(header)
	m.f("|")
	for i := range header {
		if i < len(right) && right[i] {
			m.f("---:|")
		} else {
			m.f("---|")
		}
	}
	m.f("\n")
	for _, r := range rows {
		row(r)
	}
	m.f("\n")
}

// esc keeps what participants typed from being read as Markdown: a table
// cell's pipe, emphasis, links and HTML.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func quoted(s string) string {
	if s == "" {
		return "–"
	}
	return "“" + esc(s) + "”"
}

func (m *mdWriter) write(pl *Plan) {
	p := pl.Place
	m.heading(1, "Local Public Service Plan: "+esc(p.Name))
	m.para(fmt.Sprintf("Of %s, from workshop session %s (%s to %s, %s; stage: %s). £ a year at %s prices, %d to %d.",
		esc(pl.Scenario.Label), pl.Session.ID, day(pl.Session.Started), day(pl.Session.Updated), plural(pl.Session.Events, "event", "events"),
		pl.Session.Stage, p.PriceYear, p.BaseYear, p.HorizonYear))
	if p.Illustrative {
		m.para("> **Illustrative figures.** This place's figures are derived or assumed, not an official count: Appendix A gives the source or the assumption behind every one.")
	}

	m.heading(2, "Summary")
	m.f("- **Total public spend:** %s a year", model.FormatMoney(p.TotalSpend))
	if p.Population > 0 {
		m.f(" (%s a head, %s people)", model.FormatMoney(p.TotalSpend/p.Population), model.GroupThousands(strconv.FormatFloat(p.Population, 'f', 0, 64)))
	}
	m.f(".\n")
	m.f("- **Through local authorities:** %s (%s a year); **can move locally:** %s (%s a year); the rest is fixed nationally or by law.\n",
		percentText(p.LocalShare), model.FormatMoney(p.LocalAuthority), percentText(p.MovableShare), model.FormatMoney(p.Movable))
	var moved float64
	for _, mv := range pl.Moves {
		moved += mv.Amount
	}
	m.f("- **The plan:** %s moving %s a year", plural(len(pl.Moves), "move", "moves"), model.FormatMoney(moved))
	if len(pl.Pools) > 0 {
		m.f(", %s", plural(len(pl.Pools), "pooled budget", "pooled budgets"))
	}
	m.f("; %s not agreed.\n", plural(len(pl.NotAgreed), "proposal", "proposals"))
	better, narrower := 0, 0
	for _, o := range pl.Outcomes {
		if o.Direction == "better" {
			better++
		}
	}
	for _, g := range pl.Gaps {
		if g.Direction == "narrower" {
			narrower++
		}
	}
	m.f("- **By %d:** %d of %d outcomes better than carrying on as now; the gap narrower in %d of %d.\n", p.HorizonYear, better, len(pl.Outcomes), narrower, len(pl.Gaps))
	m.f("- **Who invests and who saves:** %s\n", esc(pl.Ledger.Headline))
	if len(pl.Asks.Asks) > 0 {
		m.f("- **Asks of the centre:** %s totalling %s a year.\n", plural(len(pl.Asks.Asks), "ask", "asks"), model.FormatMoney(pl.Asks.Total))
	}
	m.f("- **Sign-off:** %d agreed, %d not agreed, %d awaited.\n\n", pl.SignOff.Agreed, pl.SignOff.NotAgreed, len(pl.SignOff.Awaiting))

	m.heading(2, "1. The place and its spend")
	if p.Description != "" {
		m.para(esc(p.Description))
	}
	var rows [][]string
	for _, a := range pl.Agencies {
		rows = append(rows, []string{esc(a.Name), a.Level, model.FormatMoney(a.Budget), model.FormatMoney(a.Fixed), model.FormatMoney(a.Movable),
			percentText(a.Share), model.FormatMoney(a.Planned)})
	}
	rows = append(rows, []string{"**All agencies**", "", model.FormatMoney(p.TotalSpend), model.FormatMoney(p.TotalSpend - p.Movable), model.FormatMoney(p.Movable), "100%", model.FormatMoney(p.TotalSpend)})
	m.table([]string{"Agency", "Level", "Spend a year", "Fixed", "Can move", "Share", fmt.Sprintf("Under the plan, %d", p.HorizonYear)},
		[]bool{false, false, true, true, true, true, true}, rows)
	m.para("Fixed: entitlements, ring-fenced grants and statutory floors that the place cannot move; the services behind each agency are in the JSON and CSV exports.")

	m.heading(2, "2. The agreed moves")
	if len(pl.Moves) == 0 {
		m.para("No money moves: this plan is carrying on as now.")
	} else {
		rows = nil
		for _, mv := range pl.Moves {
			prop, agreed := howText(pl, mv)
			why := quoted(mv.Why)
			if mv.AnswerWhy != "" && mv.ProposalWhy != "" {
				why = quoted(mv.ProposalWhy) + "; agreed: " + quoted(mv.AnswerWhy)
			}
			rows = append(rows, []string{strconv.Itoa(mv.Number), esc(moveWords(pl, mv)),
				strconv.Itoa(mv.StartYear), esc(prop), esc(agreed), why})
		}
		m.table([]string{"#", "Move", "Starts", "Proposed by", "Agreed by", "Why"}, []bool{true, false, true, false, false, false}, rows)
	}
	for _, q := range pl.Pools {
		m.para(fmt.Sprintf("Pooled: %s, freeing %s a year by %d (its administration today: %s of %s a year).", esc(q.Name), model.FormatMoney(q.Saving),
			p.HorizonYear, model.FormatMoney(q.Admin), model.FormatMoney(q.Cohort)))
	}
	if len(pl.NotAgreed) > 0 {
		m.heading(3, "Proposals not agreed")
		rows = nil
		for _, x := range pl.NotAgreed {
			answer := x.Status
			if x.AnsweredBy != "" {
				answer += " by " + esc(nameOf(pl.Participants, x.AnsweredBy))
			}
			if x.AnswerWhy != "" {
				answer += ": " + quoted(x.AnswerWhy)
			}
			rows = append(rows, []string{fmt.Sprintf("%s a year from %s to %s from %d", model.FormatMoney(x.Amount), esc(x.FromName), esc(x.ToName), x.StartYear),
				esc(nameOf(pl.Participants, x.ProposedBy)), quoted(x.Why), answer})
		}
		m.table([]string{"Proposal", "Proposed by", "Why", "Answer"}, nil, rows)
	}

	m.heading(2, "3. Expected outcomes")
	rows = nil
	for _, o := range pl.Outcomes {
		y := o.Years[len(o.Years)-1]
		rows = append(rows, []string{esc(o.Name + unitOf(o)), fig(o.Baseline), fig(y.Central), fig(y.Low) + "–" + fig(y.High),
			signedFig(o.Change) + " " + o.Direction})
	}
	m.table([]string{"Outcome", "Now", strconv.Itoa(p.HorizonYear), "Range", "Change"}, []bool{false, true, true, true, false}, rows)
	m.para("Range: the plan at the low and high ends of every uncertain figure. Changes are against carrying on as now, not forecasts.")
	for _, o := range pl.Outcomes {
		m.heading(3, esc(o.Name+unitOf(o))+" by year")
		rows = nil
		for _, y := range o.Years {
			rows = append(rows, []string{strconv.Itoa(y.Year), fig(y.Baseline), fig(y.Central), fig(y.Low) + "–" + fig(y.High)})
		}
		higher := "higher is better"
		if !o.HigherIsBetter {
			higher = "lower is better"
		}
		m.table([]string{"Year", "Carrying on", "Plan", "Range"}, []bool{true, true, true, true}, rows)
		m.para(strings.ToUpper(higher[:1]) + higher[1:] + ".")
	}

	m.heading(2, "4. Inequality: gaps before and after")
	rows = nil
	for _, g := range pl.Gaps {
		rows = append(rows, []string{esc(g.Name), fig(g.Before), fig(g.After), fig(g.AfterLow) + "–" + fig(g.AfterHigh), fig(g.SIIBefore) + " → " + fig(g.SIIAfter), g.Direction})
	}
	m.table([]string{"Outcome", "Gap now", "Gap " + strconv.Itoa(p.HorizonYear), "Range", "SII", "Gap is"}, []bool{false, true, true, true, true, false}, rows)
	m.para("Gap: how much worse the most deprived fifth of neighbourhoods fares than the least deprived (positive: the deprived fare worse). SII: the slope index of inequality across every neighbourhood. Smaller is fairer.")
	rows = nil
	for _, g := range pl.Gaps {
		cells := []string{esc(g.Name)}
		for q := range 5 {
			cells = append(cells, fig(g.FifthsBefore[q])+" → "+fig(g.FifthsAfter[q]))
		}
		rows = append(rows, cells)
	}
	m.table([]string{"Outcome by local fifth, now → " + strconv.Itoa(p.HorizonYear), "1 most deprived", "2", "3", "4", "5 least deprived"},
		[]bool{false, true, true, true, true, true}, rows)

	m.writeLedger(pl)
	m.writePriorities(pl)
	m.writeAsks(pl)

	m.heading(2, "8. Participants and sign-off")
	rows = nil
	for _, q := range pl.Participants {
		name := esc(nameOf(pl.Participants, q.ID))
		if q.Removed {
			name += " (removed)"
		}
		rows = append(rows, []string{name, q.Role, esc(q.AgencyName), stamp(q.Joined)})
	}
	m.table([]string{"Participant", "Role", "Agency", "Joined"}, nil, rows)
	if len(pl.SignOff.Records) == 0 {
		m.para("No one has signed off the plan yet.")
	} else {
		rows = nil
		for _, s := range pl.SignOff.Records {
			verdict := "agreed"
			if !s.Agreed {
				verdict = "**not agreed**"
			}
			if s.ChangedSince {
				verdict += " (before later changes)"
			}
			rows = append(rows, []string{esc(s.Name), esc(s.Agency), verdict, quoted(s.Comment), stamp(s.Time)})
		}
		m.table([]string{"Signed by", "Agency", "Plan", "Comment", "When"}, nil, rows)
	}
	if len(pl.SignOff.Awaiting) > 0 {
		names := make([]string, len(pl.SignOff.Awaiting))
		for i, n := range pl.SignOff.Awaiting {
			names[i] = esc(n)
		}
		m.para("Awaiting sign-off: " + strings.Join(names, ", ") + ".")
	}
	for _, w := range pl.Warnings {
		m.para("Warning: " + esc(w))
	}

	m.heading(2, "Appendix A. Sources and assumptions")
	ev := pl.Evidence
	m.para(fmt.Sprintf("%d figures lie behind these numbers: %d cited, %d assumed. Every assumption says why it was made.", ev.Cited+ev.Assumed, ev.Cited, ev.Assumed))
	rows = nil
	for _, s := range ev.Sources {
		rows = append(rows, []string{s.ID, esc(s.Title), esc(s.URL), strconv.Itoa(s.Figures)})
	}
	m.table([]string{"Source", "Title", "Where", "Figures"}, []bool{false, false, false, true}, rows)
	rows = nil
	for _, f := range ev.Figures {
		basis := "cited: " + f.Source
		if f.Assumption != "" {
			basis = "**assumed**: " + esc(f.Assumption)
		}
		if f.Note != "" {
			basis += " (" + esc(f.Note) + ")"
		}
		rows = append(rows, []string{esc(f.What), figureValue(f), basis})
	}
	m.table([]string{"Figure", "Value", "Basis"}, []bool{false, true, false}, rows)

	m.heading(2, "Appendix B. Event history")
	rows = nil
	for _, h := range pl.History {
		rows = append(rows, []string{strconv.FormatUint(h.Seq, 10), stamp(h.Time), esc(h.Name), esc(h.Text)})
	}
	m.table([]string{"#", "When", "Who", "What"}, []bool{true, false, false, false}, rows)
}

func (m *mdWriter) writeLedger(pl *Plan) {
	l := pl.Ledger
	horizon := pl.Place.HorizonYear
	m.heading(2, "5. Who invests and who saves")
	m.para(esc(l.Headline))
	if len(l.Rows) == 0 {
		return
	}
	gain := len(l.GainShares) > 0
	header := []string{"Agency", "Gives", "Gets", "Within", "Saves", "Net", "NPV", "Payback"}
	if gain {
		header = append(header, "Gain-share", "Net after")
	}
	row := func(r LedgerRow) []string {
		cells := []string{esc(r.Name), model.FormatMoney(r.GivesUp), model.FormatMoney(r.Gets), model.FormatMoney(r.Within), moneyText(r.Saves),
			signedMoney(r.Net), signedMoney(r.NPV), payback(r, horizon)}
		if gain {
			cells = append(cells, signedMoney(r.GainShare), signedMoney(r.NetAfterGainShare))
		}
		return cells
	}
	var rows [][]string
	for _, r := range l.Rows {
		rows = append(rows, row(r))
	}
	all := row(l.Place)
	all[0] = "**All agencies**"
	rows = append(rows, all)
	m.table(header, []bool{false, true, true, true, true, true, true, false, true, true}, rows)
	m.para(fmt.Sprintf("Totals %d–%d. %s NPV: net discounted at %s a year. %s", pl.Place.BaseYear, horizon,
		report.LedgerNote("gives", "gets", "within", "saves", "net"), rateText(pl.Place.DiscountRate), report.LedgerNote("payback")))
	m.para(l.InvestToSave)
	m.heading(3, "Net by year")
	header = []string{"Year"}
	for _, r := range l.Rows {
		header = append(header, esc(r.Name))
	}
	rows = nil
	for _, y := range pl.Place.Years {
		cells := []string{strconv.Itoa(y)}
		for _, r := range l.Rows {
			for _, ly := range l.Years {
				if ly.Agency == r.Agency && ly.Year == y {
					s := signedMoney(ly.Net)
					if gain && ly.GainShare != 0 {
						s += " (" + signedMoney(ly.NetAfter) + " after)"
					}
					cells = append(cells, s)
				}
			}
		}
		rows = append(rows, cells)
	}
	right := make([]bool, len(header))
	for i := range right {
		right[i] = true
	}
	m.table(header, right, rows)
	if gain {
		m.heading(3, "Gain-share agreements")
		for _, g := range l.GainShares {
			m.f("- %s returns %s of its cashable savings from %s's moves for %s: %s of %s over the horizon. %s\n", esc(g.SaverName), percentText(g.Share),
				esc(g.InvestorName), plural(g.Years, "year", "years"), model.FormatMoney(g.Returned), model.FormatMoney(g.Savings), quoted(g.Why))
		}
		m.f("\n")
		m.para(esc(l.GainShareMethod))
	}
	if len(l.MakeWhole) > 0 {
		m.heading(3, "What would make each investor whole")
		for _, x := range l.MakeWhole {
			if x.Enough {
				m.f("- %s returning %s of its savings from %s's moves (%s) would repay the %s %s is still out of pocket by %d.\n", esc(x.SaverName), percentText(x.Share),
					esc(x.InvestorName), model.FormatMoney(x.Savings), model.FormatMoney(x.Outlay), esc(x.InvestorName), horizon)
			} else {
				m.f("- Even all of %s's savings from %s's moves (%s) would not repay the %s it is still out of pocket by %d.\n", esc(x.SaverName), esc(x.InvestorName),
					model.FormatMoney(x.Savings), model.FormatMoney(x.Outlay), horizon)
			}
		}
		m.f("\n")
	}
}

func (m *mdWriter) writePriorities(pl *Plan) {
	pr := pl.Priorities
	m.heading(2, "6. Community priorities")
	if len(pr.Votes) == 0 {
		m.para("No priorities were recorded in this workshop.")
		return
	}
	if pr.Hidden {
		m.para("The facilitator kept the priorities hidden in the workshop; they are shown here in full.")
	}
	var rows [][]string
	for _, w := range pr.Combined {
		change, contribution := "–", "–" // not weighted, or no level to take a percentage of
		for _, x := range pr.ByOut {
			if x.Outcome == w.Outcome {
				change, contribution = signedFig(x.Change)+"%", signedFig(x.Contribution)+"%"
			}
		}
		rows = append(rows, []string{esc(w.Name), percentText(w.Weight), change, contribution})
	}
	m.table([]string{"Outcome", "Weight", "Better by " + strconv.Itoa(pl.Place.HorizonYear) + " (% of where it starts)", "Contribution"}, []bool{false, true, true, true}, rows)
	m.para(fmt.Sprintf("**Priority-weighted score: %s%%** better than carrying on as now (0%%). %s", signedFig(pr.Score), pr.Method))
	rows = nil
	for _, v := range pr.Votes {
		who := esc(v.Name)
		if v.Panel != "" {
			who = "community panel " + quoted(v.Panel) + ", entered by " + esc(v.Name)
		}
		var pts []string
		for _, p := range v.Points {
			pts = append(pts, fmt.Sprintf("%s %d", esc(outcomeName(pl, p.Outcome)), p.Points))
		}
		rows = append(rows, []string{who, strings.Join(pts, ", "), stamp(v.Time)})
	}
	m.table([]string{"Points from", "Points", "When"}, nil, rows)
}

func (m *mdWriter) writeAsks(pl *Plan) {
	a := pl.Asks
	m.heading(2, "7. Asks of the centre")
	if len(a.Asks) == 0 {
		m.para("No asks of the centre were recorded in this workshop.")
		return
	}
	var rows [][]string
	for _, d := range a.ByDepartment {
		rows = append(rows, []string{esc(d.Name), strconv.Itoa(d.Asks), model.FormatMoney(d.Amount)})
	}
	rows = append(rows, []string{"**All departments**", strconv.Itoa(len(a.Asks)), model.FormatMoney(a.Total)})
	m.table([]string{"Department", "Asks", "A year"}, []bool{false, true, true}, rows)
	for _, x := range a.Asks {
		m.f("- **%s a year from %s to %s from %d**, asked by %s: %s. Blocked today: %s.", model.FormatMoney(x.Amount), esc(x.FromName), esc(x.ToName),
			x.StartYear, esc(x.Name), quoted(x.Why), esc(x.Blocked))
		var outs []string
		for _, o := range x.AsIfAllowed {
			if o.Direction != "no change" {
				outs = append(outs, fmt.Sprintf("%s %s (%s)", esc(outcomeName(pl, o.Outcome)), signedFig(o.Change), o.Direction))
			}
		}
		if len(outs) > 0 {
			m.f(" If allowed (not allowed today), by %d: %s.", pl.Place.HorizonYear, strings.Join(outs, "; "))
		}
		m.f("\n")
	}
	m.f("\n")
	m.para(a.Note)
}
