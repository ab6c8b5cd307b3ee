package model

import (
	"errors"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the loader's golden files")

func TestParseValid(t *testing.T) {
	p, err := Load("testdata/valid.toml")
	if err != nil {
		t.Fatalf("valid place refused:\n%v", err)
	}
	if p.ID != "testshire" || p.Kind != "county" || !p.Illustrative || p.BaseYear != 2026 {
		t.Errorf("place header: got id %q kind %q illustrative %v base year %d", p.ID, p.Kind, p.Illustrative, p.BaseYear)
	}
	if p.Population.Value != 10_000 || p.Population.Source != "ons" || p.Population.Year != "2019" {
		t.Errorf("population: got %+v", p.Population)
	}

	// Defaults.
	if p.HorizonYears != 10 {
		t.Errorf("horizon: got %d, want the default 10", p.HorizonYears)
	}
	if p.DiscountRate.Value != 0.035 || p.DiscountRate.Source != greenBookID || p.SourceIndex(greenBookID) < 0 {
		t.Errorf("discount rate: got %+v, want 0.035 citing the Green Book, which must be among the sources", p.DiscountRate)
	}
	if p.Need.Domain != DomainIMD || p.Need.ByDecile[0].Value != 2 || p.Need.ByDecile[9].Value != 1 || !p.Need.ByDecile[4].IsAssumption() {
		t.Errorf("default need: got domain %v, decile 1 %+v, decile 10 %+v", p.Need.Domain, p.Need.ByDecile[0], p.Need.ByDecile[9])
	}
	if got, want := p.Need.ByDecile[3].Value, 2-3.0/9; math.Abs(got-want) > 1e-12 {
		t.Errorf("need decile 4: got %v, want %v on the straight line", got, want)
	}

	eh := p.Silos[p.SiloIndex("early-help")]
	if eh.Budget.Value != 5e6 || eh.Budget.Low != 4e6 || eh.Budget.High != 6e6 || eh.Budget.Note == "" || eh.Budget.Year != "2017-18" {
		t.Errorf("early help budget: got %+v", eh.Budget)
	}
	if eh.Fixed != (Param{}) || eh.Floor.Value != 1e6 || eh.Floor.Low != 1e6 || eh.Floor.High != 1e6 || !eh.Floor.IsAssumption() {
		t.Errorf("early help fixed %+v floor %+v: want no fixed part and a floor whose range defaults to its value", eh.Fixed, eh.Floor)
	}
	if eh.Distribution != "children" || !eh.Prevention {
		t.Errorf("early help: distribution %q prevention %v", eh.Distribution, eh.Prevention)
	}
	pen := p.Silos[p.SiloIndex("pensions")]
	if pen.Distribution != "population" || pen.FixedReason != "entitlement" || pen.Movable() != 0 {
		t.Errorf("pensions: distribution %q reason %q movable %v", pen.Distribution, pen.FixedReason, pen.Movable())
	}

	if len(p.Neighbourhoods) != 3 || p.NeighbourhoodSource != "ons" {
		t.Fatalf("neighbourhoods: got %d from %q", len(p.Neighbourhoods), p.NeighbourhoodSource)
	}
	n := p.Neighbourhoods[p.NeighbourhoodIndex("E01000002")]
	if n.Population != 3500 || n.Age60Plus != 900 || n.IMDRank != 16000 || n.Deciles[DomainEducation] != 6 || n.Deciles[DomainEnvironment] != 5 {
		t.Errorf("neighbourhood E01000002: got %+v", n)
	}

	neet := p.Outcomes[p.OutcomeIndex("neet")]
	b := neet.Baseline
	if neet.RateBase != "percent" || neet.Cohort != "age16_59" || neet.Min != 0 || neet.Max != 100 || neet.HigherIsBetter {
		t.Errorf("neet: got %+v", neet)
	}
	if b.Domain != DomainEducation || b.Shape != "geometric" || b.D1.Value != 12 || b.D10.Value != 3 || b.ScaleTo == nil || b.ScaleTo.Value != 6 || b.ByDecile != nil {
		t.Errorf("neet baseline: got %+v", b)
	}
	le := p.Outcomes[p.OutcomeIndex("life-exp")]
	if le.RateBase != "none" || le.Cohort != "total" || !math.IsInf(le.Min, -1) || !math.IsInf(le.Max, 1) {
		t.Errorf("life expectancy defaults: got rate base %q cohort %q min %v max %v", le.RateBase, le.Cohort, le.Min, le.Max)
	}
	if len(le.Baseline.ByDecile) != 10 || le.Baseline.ByDecile[9].Value != 83 || le.Baseline.Domain != DomainIMD {
		t.Errorf("life expectancy baseline: got %+v", le.Baseline)
	}

	ef := p.Effects[0]
	if ef.Targeting != "need" || ef.NeedDomain != DomainIMD || ef.PerMillion.Low != -1 || ef.MaxEffect.Value != 2 || ef.YearsToFull.Value != 3 {
		t.Errorf("effect: got %+v", ef)
	}
	sp := p.Spillovers[0]
	if sp.CostPerCase.High != 6000 || sp.LagYears.Value != 2 || sp.Cashable.Value != 0.5 || sp.Silo != "" || sp.Note == "" {
		t.Errorf("spillover: got %+v", sp)
	}
	pool := p.Pools[p.PoolIndex("families")]
	if len(pool.Silos) != 2 || pool.Saving.High != 800_000 || pool.AdminCost.Value != 2e6 {
		t.Errorf("pool: got %+v", pool)
	}
}

// TestParseKeepsOwnGreenBook: a file that already cites the Green Book under
// its id must not get a second copy of the source.
func TestParseKeepsOwnGreenBook(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(data), "[[sources]]", "[[sources]]\nid = \"hmt-green-book\"\ntitle = \"Green Book\"\nwhat = \"our own citation\"\n\n[[sources]]", 1)
	p, err := Parse("own.toml", []byte(own))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range p.Sources {
		if s.ID == greenBookID {
			n++
			if s.What != "our own citation" {
				t.Errorf("the file's own Green Book source was replaced: %+v", s)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d sources with id %s, want 1", n, greenBookID)
	}
}

// TestGolden checks every broken place against the exact problems expected.
// Run with -update to rewrite the .golden files, then read them by eye.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/broken/*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken place files: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".toml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(filepath.Base(file), data)
			if p != nil || err == nil {
				t.Fatalf("broken place accepted")
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is %T, want Problems: %v", err, err)
			}
			for i := 1; i < len(ps); i++ {
				if ps[i].Line < ps[i-1].Line || ps[i].Line == ps[i-1].Line && ps[i].Col < ps[i-1].Col {
					t.Errorf("problems out of order: %v before %v", ps[i-1], ps[i])
				}
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".toml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./model -run TestGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	p, err := Load("testdata/no-such-place.toml")
	if p != nil || err == nil {
		t.Fatal("missing file loaded")
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error should wrap fs.ErrNotExist: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "no-such-place.toml") || !strings.Contains(msg, "cannot read place file") {
		t.Errorf("unclear error: %q", msg)
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "a.toml", Line: 3, Col: 7, Path: "silos[0].id", Msg: "bad"}
	if got, want := p.String(), "a.toml:3:7: silos[0].id: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p.Path = ""
	if got, want := p.String(), "a.toml:3:7: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ps := Problems{p, p}
	if got, want := ps.Error(), "a.toml:3:7: bad\na.toml:3:7: bad"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
