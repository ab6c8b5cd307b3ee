package plan

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// Table is one tidy table of the plan: a row per observation, a column
// per variable, ids beside names, plain numbers (£ as whole pounds, shares
// 0–1) so a spreadsheet can sum and pivot them.
type Table struct {
	Name   string // file name without .csv
	Header []string
	Rows   [][]string
}

// Write writes the table as CSV (RFC 4180, header first).
func (t Table) Write(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// CSVTables are the plan's tables, one per concern: spend (by silo),
// moves, outcomes (by year), gaps (by fifth), ledger (by agency and year),
// priorities (by vote and outcome) and asks.
func CSVTables(pl *Plan) []Table {
	n := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	i := func(v int) string { return strconv.Itoa(v) }
	b := func(v bool) string { return strconv.FormatBool(v) }
	t := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format(time.RFC3339)
	}

	spend := Table{Name: "spend", Header: []string{"agency", "agency_name", "silo", "silo_name", "type", "prevention", "budget", "fixed", "movable", "planned_at_horizon", "fixed_reason", "budget_assumed"}}
	for _, a := range pl.Agencies {
		for _, s := range a.Silos {
			spend.Rows = append(spend.Rows, []string{a.ID, a.Name, s.ID, s.Name, s.Type, b(s.Prevention), n(s.Budget), n(s.Fixed), n(s.Movable), n(s.Planned), s.FixedReason, b(s.Assumed)})
		}
	}

	moves := Table{Name: "moves", Header: []string{"number", "seq", "status", "from", "from_name", "from_agency", "to", "to_name", "to_agency", "amount", "start_year", "target",
		"how", "proposed_by", "proposed_at", "answered_by", "answered_at", "why", "answer_why"}}
	for _, m := range pl.Moves {
		moves.Rows = append(moves.Rows, []string{i(m.Number), strconv.FormatUint(m.Seq, 10), "in plan", m.From, m.FromName, m.FromAgency, m.To, m.ToName, m.ToAgency,
			n(m.Amount), i(m.StartYear), m.Target, m.How, m.ProposedBy, t(m.ProposedAt), m.AgreedBy, t(m.AgreedAt), firstOf(m.ProposalWhy, m.Why), m.AnswerWhy})
	}
	for _, x := range pl.NotAgreed {
		moves.Rows = append(moves.Rows, []string{"", strconv.FormatUint(x.Seq, 10), x.Status, x.From, x.FromName, x.Agency, x.To, x.ToName, "",
			n(x.Amount), i(x.StartYear), "", "proposal", x.ProposedBy, t(x.ProposedAt), x.AnsweredBy, t(x.AnsweredAt), x.Why, x.AnswerWhy})
	}

	outcomes := Table{Name: "outcomes", Header: []string{"outcome", "outcome_name", "unit", "higher_is_better", "year", "carrying_on", "plan", "low", "high"}}
	for _, o := range pl.Outcomes {
		for _, y := range o.Years {
			outcomes.Rows = append(outcomes.Rows, []string{o.ID, o.Name, o.Unit, b(o.HigherIsBetter), i(y.Year), n(y.Baseline), n(y.Central), n(y.Low), n(y.High)})
		}
	}

	gaps := Table{Name: "gaps", Header: []string{"outcome", "outcome_name", "fifth", "now", "at_horizon"}}
	for _, g := range pl.Gaps {
		for q := range 5 {
			gaps.Rows = append(gaps.Rows, []string{g.Outcome, g.Name, i(q + 1), n(g.FifthsBefore[q]), n(g.FifthsAfter[q])})
		}
		gaps.Rows = append(gaps.Rows, []string{g.Outcome, g.Name, "gap", n(g.Before), n(g.After)}, []string{g.Outcome, g.Name, "sii", n(g.SIIBefore), n(g.SIIAfter)})
	}

	ledger := Table{Name: "ledger", Header: []string{"agency", "agency_name", "year", "gave_up", "received", "saves", "saves_low", "saves_high", "net", "cumulative", "gain_share", "net_after_gain_share"}}
	for _, y := range pl.Ledger.Years {
		ledger.Rows = append(ledger.Rows, []string{y.Agency, agencyName(pl, y.Agency), i(y.Year), n(y.GaveUp), n(y.Received), n(y.Saves), n(y.SavesLow), n(y.SavesHigh),
			n(y.Net), n(y.Cumulative), n(y.GainShare), n(y.NetAfter)})
	}

	prios := Table{Name: "priorities", Header: []string{"seq", "by", "by_name", "panel", "time", "outcome", "outcome_name", "points", "combined_weight"}}
	weight := map[string]float64{}
	for _, w := range pl.Priorities.Combined {
		weight[w.Outcome] = w.Weight
	}
	for _, v := range pl.Priorities.Votes {
		for _, p := range v.Points {
			prios.Rows = append(prios.Rows, []string{strconv.FormatUint(v.Seq, 10), v.By, v.Name, v.Panel, t(v.Time), p.Outcome, outcomeName(pl, p.Outcome), i(p.Points), n(weight[p.Outcome])})
		}
	}

	asks := Table{Name: "asks", Header: []string{"seq", "by", "by_name", "time", "department", "department_name", "from", "from_name", "to", "to_name", "amount", "start_year", "blocked", "why"}}
	for _, x := range pl.Asks.Asks {
		asks.Rows = append(asks.Rows, []string{strconv.FormatUint(x.Seq, 10), x.By, x.Name, t(x.Time), x.Department, x.DepartmentName, x.From, x.FromName, x.To, x.ToName,
			n(x.Amount), i(x.StartYear), x.Blocked, x.Why})
	}
	return []Table{spend, moves, outcomes, gaps, ledger, prios, asks}
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func agencyName(pl *Plan, id string) string {
	for _, a := range pl.Agencies {
		if a.ID == id {
			return a.Name
		}
	}
	return id
}
