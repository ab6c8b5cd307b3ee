package plan

import (
	"fmt"
	"math"
	"slices"
	"time"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// Ledger is who invests and who saves, when: each agency's totals over the
// horizon (report.Ledger's rows, so the plan agrees with the CLI and the
// app), its figures year by year, and any gain-share agreements with each
// agency's position before and after them.
type Ledger struct {
	Headline string `json:"headline"` // report.Penalty
	// InvestToSave is the whole place's line in a sentence (report.PlaceTest).
	InvestToSave string       `json:"invest_to_save"`
	Rows         []LedgerRow  `json:"rows"`  // agencies that give, get, move or save, the largest first
	Place        LedgerRow    `json:"place"` // all agencies together
	Years        []LedgerYear `json:"years"` // Rows' agencies, year by year
	// GainShares are the agreements in force; MakeWhole, for each agency
	// still out of pocket, the share of one saver's savings that would
	// repay it; GainShareMethod how both were computed.
	GainShares      []GainShare `json:"gain_shares"`
	MakeWhole       []MakeWhole `json:"make_whole"`
	GainShareMethod string      `json:"gain_share_method"`
}

// LedgerRow is one agency's totals over the horizon. GainShare is what
// gain-share agreements move to it (negative: what it returns), and
// NetAfterGainShare its net after them.
type LedgerRow struct {
	Agency            string  `json:"agency"`
	Name              string  `json:"name"`
	GivesUp           float64 `json:"gives_up"`
	Gets              float64 `json:"gets"`
	Invests           float64 `json:"invests"` // gives beyond what comes back: its investment
	Within            float64 `json:"within"`
	Saves             float64 `json:"saves"`
	Net               float64 `json:"net"`
	NPV               float64 `json:"npv"`
	PaybackYear       int     `json:"payback_year"`
	NeverPaysBack     bool    `json:"never_pays_back"`
	GainShare         float64 `json:"gain_share"`
	NetAfterGainShare float64 `json:"net_after_gain_share"`
}

// LedgerYear is one agency's money in one year: given up, received,
// cashable savings (central, and the low and high ends), net, running net,
// and gain-share moved to it that year and its net after it.
type LedgerYear struct {
	Agency     string  `json:"agency"`
	Year       int     `json:"year"`
	GaveUp     float64 `json:"gave_up"`
	Received   float64 `json:"received"`
	Invests    float64 `json:"invests"`
	Saves      float64 `json:"saves"`
	SavesLow   float64 `json:"saves_low"`
	SavesHigh  float64 `json:"saves_high"`
	Net        float64 `json:"net"`
	Cumulative float64 `json:"cumulative"`
	GainShare  float64 `json:"gain_share"`
	NetAfter   float64 `json:"net_after"`
}

// GainShare is an agreement that an agency saving because another invested
// returns a share of those savings, and what it comes to.
type GainShare struct {
	Seq          uint64    `json:"seq"`
	By           string    `json:"by"`
	Saver        string    `json:"saver"`
	SaverName    string    `json:"saver_name"`
	Investor     string    `json:"investor"`
	InvestorName string    `json:"investor_name"`
	Share        float64   `json:"share"`
	Years        int       `json:"years"`
	Why          string    `json:"why"`
	Time         time.Time `json:"time"`
	// Savings are the saver's cashable savings from the investor's moves
	// over the horizon, and Returned what the agreement moves back.
	Savings  float64 `json:"savings"`
	Returned float64 `json:"returned"`
}

// MakeWhole is the share of one saver's savings from an investor's moves
// that would repay the investor's net outlay over the horizon. Enough is
// false when even all of them would not.
type MakeWhole struct {
	Investor     string  `json:"investor"`
	InvestorName string  `json:"investor_name"`
	Saver        string  `json:"saver"`
	SaverName    string  `json:"saver_name"`
	Outlay       float64 `json:"outlay"`
	Savings      float64 `json:"savings"`
	Share        float64 `json:"share"`
	Enough       bool    `json:"enough"`
}

// gainAgreement is a gain-share agreement as the session records it.
type gainAgreement struct {
	Seq             uint64
	By              string
	Saver, Investor string
	Share           float64
	Years           int
	Why             string
	Time            time.Time
}

func ledgerOf(st *sessions.State, a allocation) Ledger {
	p, r := st.Place, a.result
	t := report.InvestToSave(r)
	l := Ledger{Headline: report.Penalty(p, r, a.scenario), InvestToSave: t.Words(report.Period(p, r), moneyText, signedMoney, report.Payback(t.PaybackYear, t.NeverPaysBack, p.BaseYear+len(r.Years)-1)), Rows: []LedgerRow{}, Years: []LedgerYear{}, GainShares: []GainShare{}, MakeWhole: []MakeWhole{},
		GainShareMethod: gainShareMethod}
	ags := gainAgreementsOf(st)
	terms := make([]report.GainShareTerms, len(ags))
	for i, g := range ags {
		terms[i] = report.GainShareTerms{Saver: g.Saver, Investor: g.Investor, Share: g.Share, Years: g.Years}
	}
	// Once for the payments and for what would make investors whole: the
	// same arithmetic the workshop's Plan panel shows.
	gl, glErr := report.GainShares(st.Model, a.scenario, r, terms)
	byYear, shares := gainShares(st.Model, p, a, ags, gl, glErr)
	total := func(id string) float64 {
		var t float64
		for _, v := range byYear[id] {
			t += v
		}
		return t
	}
	for _, row := range report.Ledger(p, a.scenario, r) {
		if !row.Active() && total(row.Agency) == 0 {
			continue
		}
		x := LedgerRow{Agency: row.Agency, Name: report.AgencyName(p, row.Agency), GivesUp: money(row.GivesUp), Gets: money(row.Gets), Invests: money(row.Invests),
			Within: money(row.Within), Saves: money(row.Saves), Net: money(row.Net), NPV: money(row.NPV), PaybackYear: row.PaybackYear,
			NeverPaysBack: row.NeverPaysBack, GainShare: money(total(row.Agency))}
		x.NetAfterGainShare = money(row.Net + total(row.Agency))
		l.Rows = append(l.Rows, x)
	}
	pl := r.Place
	l.Place = LedgerRow{Agency: "", Name: "All agencies", GivesUp: money(pl.Invested), Gets: money(pl.TotalReceived), Invests: money(pl.NetInvested),
		Within: money(pl.TotalWithin), Saves: money(pl.TotalSavings),
		Net: money(last(pl.Cumulative)), NPV: money(pl.NPV), PaybackYear: pl.PaybackYear, NeverPaysBack: pl.NeverPaysBack}
	// Gain-share moves money between agencies: the place's net is unchanged.
	l.Place.NetAfterGainShare = l.Place.Net
	for _, row := range l.Rows {
		k := slices.IndexFunc(r.Ledger, func(al model.AgencyLedger) bool { return al.Agency == row.Agency })
		if k < 0 {
			continue
		}
		al := &r.Ledger[k]
		for y, year := range r.Years {
			gs := at(byYear[row.Agency], y)
			l.Years = append(l.Years, LedgerYear{Agency: row.Agency, Year: year, GaveUp: money(at(al.GaveUp, y)), Received: money(at(al.Received, y)),
				Invests: money(at(al.NetInvest, y)),
				Saves:   money(at(al.SavingsCashable[model.Central], y)), SavesLow: money(at(al.SavingsCashable[model.Low], y)),
				SavesHigh: money(at(al.SavingsCashable[model.High], y)), Net: money(at(al.Net, y)), Cumulative: money(at(al.Cumulative, y)),
				GainShare: money(gs), NetAfter: money(at(al.Net, y) + gs)})
		}
	}
	l.GainShares = shares
	if glErr == nil {
		l.MakeWhole = makeWhole(p, gl)
	}
	return l
}

func at(v []float64, i int) float64 {
	if i < len(v) {
		return v[i]
	}
	return 0
}

// gainShareMethod says how gain-share is counted, for every format to show.
const gainShareMethod = "A saver's savings from an investor's moves are its cashable savings (central) when only the investor's moves are made. " +
	"The agreed share of them is returned for the agreed years from the first year they arrive; the place's total is unchanged."

// savingsFrom is agency saver's cashable savings by year (central) when
// only investor's moves to other agencies are made: the simplest honest
// attribution of savings to whoever paid for them. nil when the investor
// moved nothing to others or the run is refused.
func savingsFrom(prep *model.Prepared, p *model.Place, a allocation, investor, saver string, cache map[string]*model.Result) []float64 {
	r, ok := cache[investor]
	if !ok {
		var sc model.Scenario
		for _, mv := range a.scenario.Moves {
			if siloAgency(p, mv.From) == investor && siloAgency(p, mv.To) != investor {
				sc.Moves = append(sc.Moves, mv)
			}
		}
		if len(sc.Moves) > 0 && prep != nil {
			r, _ = prep.NewEngine().RunLight(sc)
		}
		cache[investor] = r
	}
	if r == nil {
		return nil
	}
	for _, al := range r.Ledger {
		if al.Agency == saver {
			return al.SavingsCashable[model.Central]
		}
	}
	return nil
}

// gainShares applies the agreements with report.GainShares, the same
// arithmetic the workshop's Plan panel shows: what each moves, by agency
// and year (positive to the investor, negative from the saver), and each
// agreement's totals. Savings is the saver's cashable savings from the
// investor's moves alone over the horizon, for the reader to compare.
func gainShares(prep *model.Prepared, p *model.Place, a allocation, ags []gainAgreement, gl report.GainShareLedger, err error) (map[string][]float64, []GainShare) {
	years := len(a.result.Years)
	byYear := map[string][]float64{}
	out := []GainShare{}
	if len(ags) == 0 {
		return byYear, out
	}
	cache := map[string]*model.Result{}
	for i, g := range ags {
		x := GainShare{Seq: g.Seq, By: g.By, Saver: g.Saver, SaverName: report.AgencyName(p, g.Saver), Investor: g.Investor,
			InvestorName: report.AgencyName(p, g.Investor), Share: g.Share, Years: g.Years, Why: g.Why, Time: g.Time}
		for _, v := range savingsFrom(prep, p, a, g.Investor, g.Saver, cache) {
			x.Savings += max(v, 0)
		}
		if byYear[g.Saver] == nil {
			byYear[g.Saver] = make([]float64, years)
		}
		if byYear[g.Investor] == nil {
			byYear[g.Investor] = make([]float64, years)
		}
		if err == nil && i < len(gl.Payments) {
			for y, v := range gl.Payments[i].PerYear {
				if y < years {
					byYear[g.Saver][y] -= v
					byYear[g.Investor][y] += v
				}
			}
			x.Returned = gl.Payments[i].Total
		}
		x.Savings, x.Returned = money(x.Savings), money(x.Returned)
		out = append(out, x)
	}
	return byYear, out
}

// makeWhole lists, for each investor still out of pocket over the horizon
// once the agreements in force are counted, each agency its moves save
// and the share of those savings that would repay the rest: the same
// arithmetic (report.GainShares) as the workshop's Plan panel.
func makeWhole(p *model.Place, gl report.GainShareLedger) []MakeWhole {
	out := []MakeWhole{}
	for _, mw := range gl.MakeWhole {
		for _, sv := range mw.Savers {
			share := mw.Short / sv.Amount
			out = append(out, MakeWhole{Investor: mw.Investor, InvestorName: report.AgencyName(p, mw.Investor), Saver: sv.Agency,
				SaverName: report.AgencyName(p, sv.Agency), Outlay: money(mw.Short), Savings: money(sv.Amount), Share: ratio(math.Min(share, 1)), Enough: share <= 1})
		}
	}
	return out
}

// percentText writes a share as a percentage for the formats' words.
func percentText(v float64) string {
	s := fmt.Sprintf("%.0f%%", v*100)
	if v > 0 && v < 0.01 {
		s = "under 1%"
	}
	return s
}
