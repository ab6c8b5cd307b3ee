package model

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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

// TestPositions checks the position index on the constructs that move
// paths around: dotted keys, a sub-table of an array of tables, quoted keys,
// non-ASCII text before a value and arrays of inline tables.
func TestPositions(t *testing.T) {
	doc := "[place]\nname = \"Bérénice £\"\nx = = 1\n" // invalid after name: the index must stop cleanly
	ix := buildPosIndex([]byte(doc), []byte(doc), rowSpans{})
	if l, c := ix.lineCol(ix.lookup("place.name")); l != 2 || c != 8 {
		t.Errorf("place.name at %d:%d, want 2:8", l, c)
	}
	doc = strings.Join([]string{
		`[[silos]]`,                        // 1
		`id = "a"`,                         // 2
		`[[silos]]`,                        // 3
		`  budget.value = 5`,               // 4
		`[silos.extra]`,                    // 5
		`"quoted key" = "é€"`,              // 6
		`[x]`,                              // 7
		`rows = [ { a = 1 },`,              // 8
		`         { a = 2, b = [1, 2] } ]`, // 9
	}, "\n")
	ix = buildPosIndex([]byte(doc), []byte(doc), rowSpans{})
	for path, want := range map[string][2]int{
		"silos[0]":                  {1, 1},
		"silos[0].id":               {2, 6},
		"silos[1]":                  {3, 1},
		"silos[1].budget":           {4, 3},
		"silos[1].budget.value":     {4, 18},
		"silos[1].budget.low":       {4, 3}, // missing: its parent
		"silos[1].extra":            {5, 1},
		"silos[1].extra.quoted key": {6, 16},
		"x.rows":                    {8, 8},
		"x.rows[0]":                 {8, 10},
		"x.rows[1].a":               {9, 16},
		"x.rows[1].b":               {9, 23},
		"x.rows[1].b[1]":            {9, 27},
		"nowhere":                   {1, 1},
	} {
		l, c := ix.lineCol(ix.lookup(path))
		if l != want[0] || c != want[1] {
			t.Errorf("%s at %d:%d, want %d:%d", path, l, c, want[0], want[1])
		}
	}
}

// bigFile writes a valid place with n generated neighbourhood rows.
func bigFile(n int) []byte {
	data, err := os.ReadFile("testdata/valid.toml")
	if err != nil {
		panic(err)
	}
	s := string(data)
	start := strings.Index(s, "rows = [")
	end := strings.Index(s[start:], "]\n") + start + 2
	var b strings.Builder
	b.WriteString(s[:start])
	b.WriteString("rows = [\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  { code = \"E%08d\", name = \"Neighbourhood %d\", district = \"District %d\", population = %d, children = 300, age16_59 = 900, age60_plus = 300, working_age = 950, imd_rank = %d, imd = %d, income = %d, employment = %d, education = %d, health = %d, crime = %d, housing = %d, environment = %d },\n",
			i, i, i%300, 1500+i%700, i+1, 1+i*10/n, 1+i%10, 1+(i/3)%10, 1+(i/7)%10, 1+(i/11)%10, 1+(i/13)%10, 1+(i/17)%10, 1+(i/19)%10)
	}
	b.WriteString("]\n")
	b.WriteString(s[end:])
	return []byte(b.String())
}

// TestParseManyRows checks rows decoded in several chunks: problems in
// different chunks are each found at their own line and column.
func TestParseManyRows(t *testing.T) {
	const n = 3 * rowChunk / 2
	data := string(bigFile(n))
	p, err := Parse("many.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Neighbourhoods) != n || p.Neighbourhoods[n-1].Code != fmt.Sprintf("E%08d", n-1) {
		t.Fatalf("got %d neighbourhoods, the last %+v", len(p.Neighbourhoods), p.Neighbourhoods[len(p.Neighbourhoods)-1])
	}
	for _, tc := range []struct {
		from, to string
		at       int // where in to the problem points: the value, or an unknown key
		path     string
	}{
		{fmt.Sprintf("imd_rank = %d,", n), "imd_rank = 40000,", 11, fmt.Sprintf("neighbourhoods.rows[%d].imd_rank", n-1)},
		{"imd_rank = 3,", "imd_rank = 0,", 11, "neighbourhoods.rows[2].imd_rank"},
		{"imd_rank = 600,", "imd_rnk = 600,", 0, "neighbourhoods.rows[599].imd_rnk"},
	} {
		broken := strings.Replace(data, tc.from, tc.to, 1)
		_, err := Parse("many.toml", []byte(broken))
		var ps Problems
		if !errors.As(err, &ps) {
			t.Fatalf("%s: want problems, got %v", tc.path, err)
		}
		i := strings.Index(broken, tc.to) + tc.at
		line, col := strings.Count(broken[:i], "\n")+1, i-strings.LastIndex(broken[:i], "\n")
		found := false
		for _, pr := range ps {
			if pr.Path == tc.path {
				found = true
				if pr.Line != line || pr.Col != col {
					t.Errorf("%s at %d:%d, want %d:%d", tc.path, pr.Line, pr.Col, line, col)
				}
			}
		}
		if !found {
			t.Errorf("no problem at %s in:\n%v", tc.path, err)
		}
	}
}

// raceEnabled: timings under the race detector mean nothing.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}

func TestParseEnglandIsFast(t *testing.T) {
	if testing.Short() || raceEnabled() {
		t.Skip("a timing test: not in -short or -race runs")
	}
	data := bigFile(imdMaxRank)
	start := time.Now()
	p, err := Parse("england.toml", data)
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Neighbourhoods) != imdMaxRank {
		t.Fatalf("got %d neighbourhoods", len(p.Neighbourhoods))
	}
	// Typically a quarter of a second; generous for slow machines.
	if took > time.Second {
		t.Errorf("parsing England took %v, want well under a second", took)
	}
}

func BenchmarkParseEngland(b *testing.B) {
	data := bigFile(imdMaxRank)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("england.toml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRowsFastPath checks that decoding the rows in chunks gives exactly
// what decoding the whole file does, for every test file.
func TestRowsFastPath(t *testing.T) {
	files, _ := filepath.Glob("testdata/broken/*.toml")
	files = append(files, "testdata/valid.toml")
	fast := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := findRows(data); ok {
			fast++
		}
		p1, err1 := parse(file, data, true)
		p2, err2 := parse(file, data, false)
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Errorf("%s: chunked rows give\n%v\nwhole file gives\n%v", file, err1, err2)
		}
		if !reflect.DeepEqual(p1, p2) {
			t.Errorf("%s: chunked rows and whole file give different places", file)
		}
	}
	if fast < len(files)/2 {
		t.Errorf("only %d of %d files took the fast path", fast, len(files))
	}
}

func TestFindRows(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		rows      int // -1: not found, so the file is decoded whole
	}{
		{"plain", "[neighbourhoods]\nsource = \"x\"\nrows = [\n  { code = \"a\" },\n  { code = \"b\" }, # two\n]\n", 2},
		{"brackets in strings", "[neighbourhoods]\nrows = [ { code = \"a]}\", name = 'b{' }, { code = \"c\\\"]\" } ]\n[[silos]]\nid = \"s\"\n", 2},
		{"lookalike in a multi-line string", "[place]\ndescription = \"\"\"\n[neighbourhoods]\nrows = [ { code = \"fake\" } ]\n\"\"\"\n[neighbourhoods]\nrows = [ { code = \"a\" } ]\n", 1},
		{"dotted key", "neighbourhoods.rows = [ { code = \"a\" } ]\n", -1},
		{"not inline tables", "[neighbourhoods]\nrows = [ 1, 2 ]\n", -1},
		{"empty", "[neighbourhoods]\nrows = []\n", -1},
		{"unterminated", "[neighbourhoods]\nrows = [ { code = \"a }\n", -1},
		{"twice", "[neighbourhoods]\nrows = [ { code = \"a\" } ]\nrows = [ { code = \"b\" } ]\n", -1},
	} {
		rs, ok := findRows([]byte(tc.doc))
		got := -1
		if ok {
			got = len(rs.spans)
			for _, sp := range rs.spans {
				if tc.doc[sp[0]] != '{' || tc.doc[sp[1]-1] != '}' {
					t.Errorf("%s: span %q is not an inline table", tc.name, tc.doc[sp[0]:sp[1]])
				}
			}
		}
		if got != tc.rows {
			t.Errorf("%s: found %d rows, want %d", tc.name, got, tc.rows)
		}
	}
}

// TestDuplicateKeyPointsAtTheRepeat: go-toml reports a key defined twice at
// the top-level key that holds it; the problem must name the repeated key and
// point at the repeat, in rows (fast path or whole document, any chunk) and
// in any inline table.
func TestDuplicateKeyPointsAtTheRepeat(t *testing.T) {
	valid := validFile(t)
	many := string(bigFile(3 * rowChunk / 2))
	for _, tc := range []struct {
		data, from, to string
		at             string // the repeat, within to
		path, key      string
	}{
		{valid, `population = 3500,`, `population = 3500, population = 1,`, `population = 1`, "neighbourhoods.rows[1].population", "population"},
		{valid, `"E01000003",`, `"E01000003", code = "x",`, `code = "x"`, "neighbourhoods.rows[2].code", "code"},
		{valid, `year = 2019 }`, `year = 2019, value = 3 }`, `value = 3`, "place.population.value", "value"},
		{valid, `year = 2019 }`, `year = 2019, year.x = 3 }`, `year.x`, "place.population.year.x", "year"},
		{valid, `price_year = "2017-18"`, `price_year = "2017-18"` + "\n" + `price_year = "x"`, `price_year = "x"`, "place.price_year", "price_year"},
		{many, `imd_rank = 601,`, `imd_rank = 601, imd_rank = 2,`, `imd_rank = 2`, "neighbourhoods.rows[600].imd_rank", "imd_rank"},
	} {
		broken := strings.Replace(tc.data, tc.from, tc.to, 1)
		i := strings.Index(broken, tc.to) + strings.Index(tc.to, tc.at)
		line, col := strings.Count(broken[:i], "\n")+1, i-strings.LastIndex(broken[:i], "\n")
		for _, fast := range []bool{true, false} {
			_, err := parse("dup.toml", []byte(broken), fast)
			var ps Problems
			if !errors.As(err, &ps) || len(ps) != 1 {
				t.Fatalf("%s fast=%v: want one problem, got %v", tc.path, fast, err)
			}
			p := ps[0]
			if p.Path != tc.path || p.Line != line || p.Col != col || !strings.Contains(p.Msg, `"`+tc.key+`" is defined twice`) {
				t.Errorf("fast=%v: got %v\nwant %d:%d at %s, naming %q", fast, p, line, col, tc.path, tc.key)
			}
		}
	}
}

// failingRow is the fallback for an error go-toml puts on the rows key
// itself: the first row that fails alone.
func TestFailingRow(t *testing.T) {
	data := []byte(`{ code = "a" }, { code = "b", code = "c" }, { code = 1 }`)
	chunk := [][2]int{{0, 14}, {16, 42}, {44, 56}}
	if r := failingRow(data, chunk); r != 1 {
		t.Errorf("failingRow = %d, want 1", r)
	}
	if r := failingRow(data, chunk[:1]); r != 0 {
		t.Errorf("no failing row: %d, want 0", r)
	}
}
