package sampleplaces

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"totalplace/model"
	"totalplace/model/iod"
)

// want holds the figures each place must reproduce: LSOA counts and
// populations from data-brief §3.3, totals from §6.1-6.3.
var want = map[string]struct {
	districts []string
	lsoas     int
	people    float64
	total     float64
}{
	"worcestershire": {[]string{"Bromsgrove", "Malvern Hills", "Redditch", "Worcester", "Wychavon", "Wyre Forest"}, 364, 577914, 5.17e9},
	"gateshead":      {[]string{"Gateshead"}, 126, 201724, 1.98e9},
	"lewisham":       {[]string{"Lewisham"}, 169, 294999, 3.04e9},
}

func TestIDs(t *testing.T) {
	if got := strings.Join(IDs(), ","); got != "worcestershire,gateshead,lewisham" {
		t.Fatalf("IDs() = %s", got)
	}
	for _, id := range IDs() {
		if _, ok := want[id]; !ok {
			t.Errorf("%s has no expected figures in this test", id)
		}
	}
}

func TestEveryPlaceLoads(t *testing.T) {
	for _, id := range IDs() {
		p, err := Load(id)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		w := want[id]
		var people float64
		for _, n := range p.Neighbourhoods {
			people += n.Population
		}
		if len(p.Neighbourhoods) != w.lsoas || people != w.people {
			t.Errorf("%s: %d neighbourhoods with %.0f people; want %d and %.0f", id, len(p.Neighbourhoods), people, w.lsoas, w.people)
		}
		if p.Population.Value != people {
			t.Errorf("%s: population %.0f, but the neighbourhoods hold %.0f", id, p.Population.Value, people)
		}
		if p.ID != id || !p.Illustrative || p.PriceYear != "2017-18" || p.BaseYear != 2026 {
			t.Errorf("%s: id %q illustrative %v price year %q base year %d", id, p.ID, p.Illustrative, p.PriceYear, p.BaseYear)
		}
		if got := p.TotalSpend(); math.Abs(got-w.total)/w.total > 0.02 {
			t.Errorf("%s: total spend £%.3fbn, more than 2%% from the brief's £%.2fbn", id, got/1e9, w.total/1e9)
		}
		if len(p.Outcomes) < 6 || len(p.Effects) == 0 || len(p.Spillovers) == 0 {
			t.Errorf("%s: %d outcomes, %d effects, %d spillovers", id, len(p.Outcomes), len(p.Effects), len(p.Spillovers))
		}
	}
}

// agencyTotals sums budgets by agency and by agency kind.
func agencyTotals(p *model.Place) (byAgency map[string]float64, byKind map[model.AgencyKind]float64) {
	byAgency, byKind = map[string]float64{}, map[model.AgencyKind]float64{}
	kind := map[string]model.AgencyKind{}
	for _, a := range p.Agencies {
		kind[a.ID] = a.Kind
	}
	for _, s := range p.Silos {
		byAgency[s.Agency] += s.Budget.Value
		byKind[kind[s.Agency]] += s.Budget.Value
	}
	return byAgency, byKind
}

// Total Place's Worcestershire findings (data-brief §1.2): more than £4.4bn,
// less than a quarter through the local authorities, DWP the largest element.
func TestWorcestershireReproducesTotalPlace(t *testing.T) {
	p, err := Load("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	total := p.TotalSpend()
	if total <= 4.4e9 {
		t.Errorf("total £%.2fbn, want more than £4.4bn", total/1e9)
	}
	byAgency, byKind := agencyTotals(p)
	if share := byKind[model.AgencyLocalAuthority] / total; share >= 0.25 {
		t.Errorf("local authorities hold %.1f%%, want under 25%%", 100*share)
	}
	dwp, ok := byAgency["dwp"]
	if !ok {
		t.Fatal("no dwp agency")
	}
	for id, v := range byAgency {
		if id != "dwp" && v >= dwp {
			t.Errorf("%s (£%.0fm) is at least as large as DWP (£%.0fm)", id, v/1e6, dwp/1e6)
		}
	}
	if len(p.Pools) == 0 {
		t.Fatal("no NEET pool")
	}
	// The pilot's 2009-10 figures at the place's 2017-18 prices (× 1.1436,
	// the GDP deflator); the saving is entered as its cashable part only.
	const up = 1.1436
	pool := p.Pools[0]
	if pool.CohortSpend.Value < 8e6*up-1 || math.Abs(pool.AdminCost.Value-4e5*up) > 1 || pool.Saving.Value < 1e6 || pool.Saving.Value > 2.5e6*up {
		t.Errorf("pool %s: cohort spend %.0f, admin %.0f, saving %.0f", pool.ID, pool.CohortSpend.Value, pool.AdminCost.Value, pool.Saving.Value)
	}
}

var paramSource = regexp.MustCompile(`(?m)^(budget = \{[^}\n]*?), source = "[^"]*"`)

// Provenance is enforced by the loader, not just by convention.
func TestLoaderRefusesUncitedParameter(t *testing.T) {
	for _, id := range IDs() {
		src, _ := Source(id)
		loc := paramSource.FindSubmatchIndex(src)
		if loc == nil {
			t.Fatalf("%s: no cited budget to strip", id)
		}
		bad := append(append(append([]byte(nil), src[:loc[0]]...), src[loc[2]:loc[3]]...), src[loc[1]:]...)
		if bytes.Equal(bad, src) {
			t.Fatal("nothing removed")
		}
		if _, err := model.Parse(id+".toml", bad); err == nil {
			t.Errorf("%s: a budget without source or assumption was accepted", id)
		}
	}
}

func TestLoadUnknown(t *testing.T) {
	_, err := Load("birmingham")
	if err == nil || !strings.Contains(err.Error(), "worcestershire, gateshead, lewisham") {
		t.Errorf("err = %v; want the known ids listed", err)
	}
	if _, ok := Source("birmingham"); ok {
		t.Error("Source of an unknown id succeeded")
	}
}

func TestListAndOpen(t *testing.T) {
	infos, err := List()
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range infos {
		w := want[in.ID]
		if in.ID != IDs()[i] || in.Neighbourhoods != w.lsoas || in.Population != w.people || in.TotalSpend <= 0 || in.Name == "" {
			t.Errorf("List()[%d] = %+v", i, in)
		}
	}
	if p, err := Open("gateshead"); err != nil || p.ID != "gateshead" {
		t.Errorf("Open(gateshead) = %v", err)
	}
	src, _ := Source("lewisham")
	path := filepath.Join(t.TempDir(), "mine.toml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := Open(path); err != nil || p.ID != "lewisham" {
		t.Errorf("Open(%s) = %v", path, err)
	}
	if _, err := Open("nowhere"); err == nil || !strings.Contains(err.Error(), "lewisham") {
		t.Errorf("Open(nowhere) = %v; want the ids listed", err)
	}
}

// The neighbourhood blocks must be exactly what the importer writes today;
// run `go run ./sample-places/internal/gen` when this fails.
func TestNeighbourhoodsAreGenerated(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "imd2019")
	if _, err := os.Stat(filepath.Join(dir, iod.File2Name)); err != nil {
		t.Skip("IoD2019 files not present:", err)
	}
	for _, id := range IDs() {
		rows, err := iod.ReadDir(dir, want[id].districts)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := iod.WriteTOML(&b, "iod2019", rows); err != nil {
			t.Fatal(err)
		}
		src, _ := Source(id)
		if !bytes.HasSuffix(src, b.Bytes()) || !bytes.Contains(src, []byte("\n\n"+b.String())) {
			t.Errorf("%s: the [neighbourhoods] block is stale or hand-edited; regenerate it", id)
		}
	}
}

// Every pound that can move does something: a silo with a movable part has
// at least one effect (cited or a flagged assumption), so no cut is free;
// and a cut from each such silo makes some outcome worse.
func TestEveryMovableSiloHasAnEffect(t *testing.T) {
	for _, id := range IDs() {
		p, err := Load(id)
		if err != nil {
			t.Fatal(err)
		}
		e := model.NewEngine(p)
		// A silo with no effect of its own that can take money in.
		inert := ""
		for i, s := range p.Silos {
			if inert == "" && p.WhyCannotReceive(i) == "" && !slices.ContainsFunc(p.Effects, func(ef model.Effect) bool { return ef.Silo == s.ID }) {
				inert = s.ID
			}
		}
		if inert == "" {
			t.Fatalf("%s: no silo without effects can receive money", id)
		}
		for _, s := range p.Silos {
			if s.Movable() < 1e5 {
				continue
			}
			var n int
			for _, ef := range p.Effects {
				if ef.Silo == s.ID {
					n++
				}
			}
			if n == 0 {
				t.Errorf("%s: %s can move %s but has no effect", id, s.ID, model.FormatMoney(s.Movable()))
				continue
			}
			// Move its movable part's tenth to a silo with no effect of its own.
			r, err := e.Run(model.Scenario{Moves: []model.Move{{From: s.ID, To: inert, Amount: s.Movable() / 10}}})
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			worse := false
			for i, or := range r.Outcomes {
				d := or.Change()
				if p.Outcomes[i].HigherIsBetter {
					d = -d
				}
				worse = worse || d > 1e-9
			}
			if !worse {
				t.Errorf("%s: cutting %s makes no outcome worse", id, s.ID)
			}
		}
	}
}
