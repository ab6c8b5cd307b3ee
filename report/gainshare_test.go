package report

import (
	"math"
	"testing"

	"totalplace/model"
)

// District council money from culture into public health saves the NHS
// (fewer A&E attendances) years later: the prevention penalty. (Police
// money would not do: less policing means more crime, which costs the NHS
// more than public health saves it.) The NHS returning half of those
// savings for five years moves exactly that from the NHS's net to the
// districts', year by year, changes no total, and what would make the
// districts whole is the share of everyone's savings from its move that
// covers what it is still out of pocket.
func TestGainShare(t *testing.T) {
	p := worcestershire(t)
	sc := model.Scenario{Moves: []model.Move{{From: "culture", To: "public_health", Amount: 5e6}}}
	r := run(t, p, sc)
	terms := GainShareTerms{Saver: "icb", Investor: "districts", Share: 0.5, Years: 5}
	g, err := GainShares(model.Prepare(p), sc, r, []GainShareTerms{terms})
	if err != nil {
		t.Fatal(err)
	}
	// The districts' move is the only one: its savings alone are r's.
	saved := ledgerOf(r, "icb").SavingsCashable[model.Central]
	first := -1
	for y, v := range saved {
		if v > 0 && first < 0 {
			first = y
		}
	}
	if first < 0 {
		t.Fatal("the NHS saves nothing from district money in public health: no penalty to close")
	}
	pay := g.Payments[0]
	for y := range saved {
		want := 0.0
		if y >= first && y < first+5 {
			want = 0.5 * saved[y]
		}
		if math.Abs(pay.PerYear[y]-want) > 1e-6 {
			t.Errorf("year %d: paid %g, want %g", y, pay.PerYear[y], want)
		}
	}
	var before, after float64
	for _, pos := range g.Positions {
		for y := range pos.Before {
			before += pos.Before[y]
			after += pos.After[y]
			d := pos.After[y] - pos.Before[y]
			switch pos.Agency {
			case "icb":
				if math.Abs(d+pay.PerYear[y]) > 1e-6 {
					t.Errorf("NHS year %d changes by %g, want −%g", y, d, pay.PerYear[y])
				}
			case "districts":
				if math.Abs(d-pay.PerYear[y]) > 1e-6 {
					t.Errorf("districts year %d changes by %g, want +%g", y, d, pay.PerYear[y])
				}
			default:
				if d != 0 {
					t.Errorf("%s, in no agreement, changes by %g in year %d", pos.Agency, d, y)
				}
			}
		}
	}
	if math.Abs(before-after) > 1e-3 {
		t.Errorf("gain-share changed the place's total: %g before, %g after", before, after)
	}
	if len(g.MakeWhole) != 1 || g.MakeWhole[0].Investor != "districts" {
		t.Fatalf("make whole: %+v", g.MakeWhole)
	}
	mw := g.MakeWhole[0]
	total := 0.0
	for _, s := range mw.Savers {
		total += s.Amount
	}
	pcc := g.Positions[0]
	for _, pos := range g.Positions {
		if pos.Agency == "districts" {
			pcc = pos
		}
	}
	if short := -sum(pcc.After); math.Abs(mw.Short-short) > 1e-3 || (mw.Possible && math.Abs(mw.Share-short/total) > 1e-12) || mw.Possible != (total >= short) {
		t.Errorf("make whole %+v: short %g, savers' total %g", mw, short, total)
	}
}
