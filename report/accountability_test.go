package report

import (
	"math"
	"testing"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

func worcestershire(t *testing.T) *model.Place {
	t.Helper()
	p, err := sampleplaces.Load("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// All the priorities on one outcome make the score that outcome's
// percentage improvement, better counted up whichever way the outcome runs.
func TestPriorityScore(t *testing.T) {
	p := worcestershire(t)
	sc := model.Scenario{Moves: []model.Move{{From: "nhs", To: "public_health", Amount: 20e6}}}
	r := run(t, p, sc)
	for _, o := range r.Outcomes {
		k := p.OutcomeIndex(o.ID)
		want := o.Change() / math.Abs(o.Baseline) * 100
		if !p.Outcomes[k].HigherIsBetter {
			want = -want
		}
		score, parts := PriorityScore(p, r, map[string]float64{o.ID: 1})
		if math.Abs(score-want) > 1e-9 || len(parts) != 1 || parts[0].Outcome != o.ID {
			t.Errorf("%s alone: score %g (%+v), want %g", o.ID, score, parts, want)
		}
	}
	// Carrying on as now scores nothing, whatever the priorities.
	if score, _ := PriorityScore(p, run(t, p, model.Scenario{}), map[string]float64{"ae": 0.5, "hle_male": 0.5}); score != 0 {
		t.Errorf("no moves scored %g", score)
	}
}

// An ask of the centre: the place may not move the state pension, so the
// engine refuses the move; as if the centre allowed it, it runs, takes the
// money from the pension and buys public health's outcomes; it is
// addressed to DWP, and asks are totalled by department.
func TestAsksAsIfAllowed(t *testing.T) {
	p := worcestershire(t)
	ask := model.Move{From: "state_pension", To: "public_health", Amount: 5e6}
	if _, err := model.NewEngine(p).Run(model.Scenario{Moves: []model.Move{ask}}); err == nil {
		t.Fatal("the engine let the place move the state pension")
	}
	r, err := AsIfAllowed(p, model.Scenario{}, ask)
	if err != nil {
		t.Fatal(err)
	}
	i := p.SiloIndex("state_pension")
	if got := r.Silos[i].Allocated[len(r.Years)-1]; math.Abs(got-(p.Silos[i].Budget.Value-5e6)) > 1 {
		t.Errorf("the pension after the ask: %g", got)
	}
	changed := false
	for _, o := range r.Outcomes {
		changed = changed || o.Change() != 0
	}
	if !changed {
		t.Error("£5m more for public health bought nothing, as if allowed")
	}
	if p.Silos[i].Fixed.Value == 0 {
		t.Error("AsIfAllowed released the fixed part of the place itself, not of a copy")
	}
	if d := AskDepartment(p, ask); d != "dwp" {
		t.Errorf("the ask is addressed to %q", d)
	}
	totals := AsksByDepartment(p, []model.Move{ask, {From: "nhs", To: "public_health", Amount: 1e9}, {From: "sickness_disability", To: "early_help", Amount: 2e6}})
	if len(totals) != 2 || totals[0].Agency != "icb" || totals[1].Agency != "dwp" || totals[1].Asks != 2 || totals[1].Amount != 7e6 {
		t.Errorf("totals by department: %+v", totals)
	}
}
