package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"

	sampleplaces "totalplace/sample-places"
)

// simulate runs simulate --json and decodes it.
func simulate(t *testing.T, args ...string) simJSON {
	t.Helper()
	out := ok(t, append([]string{"simulate", "--json"}, args...)...)
	var j simJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		t.Fatalf("decoding simulate --json: %v\n%s", err, out)
	}
	return j
}

func siloByID(t *testing.T, j simJSON, id string) siloJSON {
	t.Helper()
	for _, s := range j.Silos {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no silo %q in the JSON", id)
	return siloJSON{}
}

// pickMove finds a silo that can give at least amount and another to receive it.
func pickMove(t *testing.T, j simJSON, amount float64) (from, to siloJSON) {
	t.Helper()
	for _, s := range j.Silos {
		if s.Movable >= amount {
			from = s
			break
		}
	}
	for _, s := range j.Silos {
		if s.ID != from.ID && s.Prevention {
			to = s
			break
		}
	}
	if from.ID == "" || to.ID == "" {
		t.Fatalf("no silo can give %v, or nothing to receive it", amount)
	}
	return from, to
}

func TestSimulateJSONHasEveryField(t *testing.T) {
	out := ok(t, "simulate", "--json", "--place", "gateshead")
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"place", "total_spend", "silos", "outcomes", "ledger", "years", "moves", "pools", "need_spend", "warnings"} {
		if _, found := m[k]; !found {
			t.Errorf("no %q in the JSON", k)
		}
	}
	j := simulate(t, "--place", "gateshead")
	if j.Place.ID != "gateshead" || len(j.Years) == 0 || len(j.NeedSpend) != 5 || len(j.Outcomes) == 0 {
		t.Errorf("place %q, %d years, %d fifths, %d outcomes", j.Place.ID, len(j.Years), len(j.NeedSpend), len(j.Outcomes))
	}
	for _, s := range j.Silos {
		if len(s.AllocatedByYear) != len(j.Years) {
			t.Errorf("%s: %d years allocated, want %d", s.ID, len(s.AllocatedByYear), len(j.Years))
		}
	}
	// With no moves the outcomes stay at their baselines and nobody invests.
	for _, o := range j.Outcomes {
		if o.Change != 0 || o.Scenario != o.Baseline || o.Low != o.Baseline || o.High != o.Baseline {
			t.Errorf("%s moved with no moves: %+v", o.ID, o)
		}
	}
	for _, l := range j.Ledger {
		if l.Invested != 0 || l.Savings != 0 || l.PaybackYear != nil {
			t.Errorf("%s has a ledger with no moves: %+v", l.Agency, l)
		}
	}
}

func TestSimulateConservesMoney(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 8e6)
	for _, args := range [][]string{
		nil,
		{"--move", fmt.Sprintf("%s:%s:8m@%d", from.ID, to.ID, base.Years[1]), "--target", "deprived"},
	} {
		j := simulate(t, args...)
		for y := range j.Years {
			var sum float64
			for _, s := range j.Silos {
				sum += s.AllocatedByYear[y]
			}
			if math.Abs(sum-j.TotalSpend) > 1 {
				t.Errorf("%v: %d allocates %.2f of %.2f", args, j.Years[y], sum, j.TotalSpend)
			}
		}
		var sum float64
		for _, s := range j.Silos {
			sum += s.Allocated
		}
		if math.Abs(sum-j.TotalSpend) > 1 {
			t.Errorf("%v: horizon allocates %.2f of %.2f", args, sum, j.TotalSpend)
		}
	}
}

func TestSimulateMoveShiftsExactlyTheAmount(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 2.5e6)
	start := base.Years[2]
	j := simulate(t, "--move", fmt.Sprintf("%s:%s:2.5m@%d", from.ID, to.ID, start))
	gotFrom, gotTo := siloByID(t, j, from.ID), siloByID(t, j, to.ID)
	if d := from.Allocated - gotFrom.Allocated; math.Abs(d-2.5e6) > 1e-3 {
		t.Errorf("%s gave %.2f, want 2,500,000", from.ID, d)
	}
	if d := gotTo.Allocated - to.Allocated; math.Abs(d-2.5e6) > 1e-3 {
		t.Errorf("%s received %.2f, want 2,500,000", to.ID, d)
	}
	// Before the start year nothing moves.
	for y, year := range j.Years {
		want := 0.0
		if year >= start {
			want = 2.5e6
		}
		if d := gotTo.AllocatedByYear[y] - to.AllocatedByYear[y]; math.Abs(d-want) > 1e-3 {
			t.Errorf("%d: %s received %.2f, want %.2f", year, to.ID, d, want)
		}
	}
	for _, s := range j.Silos {
		if s.ID != from.ID && s.ID != to.ID && s.Allocated != siloByID(t, base, s.ID).Allocated {
			t.Errorf("%s changed though not in the move", s.ID)
		}
	}
	if len(j.Moves) != 1 || j.Moves[0].Year != start || j.Moves[0].Amount != 2.5e6 {
		t.Errorf("moves = %+v", j.Moves)
	}
	// The ledger: the giving agency invested, the receiving one received,
	// 2.5m for each year of the move.
	years := 0.0
	for _, y := range j.Years {
		if y >= start {
			years++
		}
	}
	for _, l := range j.Ledger {
		var gave, got float64
		if l.Agency == from.Agency {
			gave = 2.5e6 * years
		}
		if l.Agency == to.Agency {
			got = 2.5e6 * years
		}
		if math.Abs(l.Invested-gave) > 1e-3 || math.Abs(l.Received-got) > 1e-3 {
			t.Errorf("%s invested %.2f and received %.2f, want %.2f and %.2f", l.Agency, l.Invested, l.Received, gave, got)
		}
	}
}

func TestSimulateRefusesMoreThanASiloCanGive(t *testing.T) {
	base := simulate(t)
	var from siloJSON
	for _, s := range base.Silos {
		if s.Locked > 0 && s.Movable > 0 {
			from = s
			break
		}
	}
	if from.ID == "" {
		t.Skip("no silo with a locked part")
	}
	_, to := pickMove(t, base, 0)
	if to.ID == from.ID {
		t.Skip("no other silo")
	}
	amount := fmt.Sprintf("%gm", math.Ceil(from.Movable/1e6)+1)
	msg := fails(t, "simulate", "--move", from.ID+":"+to.ID+":"+amount)
	if !strings.Contains(strings.ToLower(msg), strings.ToLower(from.Name)) || !strings.Contains(msg, "refused") || !strings.Contains(msg, from.ID) {
		t.Errorf("stderr = %q; want a refusal naming %s (%q)", msg, from.ID, from.Name)
	}
}

func TestSimulateMalformedMove(t *testing.T) {
	base := simulate(t)
	for _, c := range []struct{ move, want string }{
		{"a:b", `--move "a:b": expected FROM:TO:AMOUNT[@YEAR][:TARGET], e.g. `},
		{"a:b:5m:d:e", `--move "a:b:5m:d:e": expected FROM:TO:AMOUNT[@YEAR][:TARGET]`},
		{":b:5m", `FROM is empty`},
		{"a: :5m", `TO is empty`},
		{"a:b:lots", `AMOUNT "lots" is not an amount`},
		{"a:b:5m@soon", `YEAR "soon" is not a calendar year: expected one of ` + fmt.Sprint(base.Years[0])},
		{"nope:b:5m", `unknown silo "nope"`},
	} {
		msg := fails(t, "simulate", "--move", c.move)
		if !strings.Contains(msg, c.want) {
			t.Errorf("--move %q: stderr = %q, want %q", c.move, msg, c.want)
		}
	}
	// The example in the message is a move this place accepts.
	msg := fails(t, "simulate", "--move", "a:b")
	example := strings.TrimSpace(msg[strings.Index(msg, "e.g. ")+len("e.g. "):])
	ok(t, "simulate", "--move", example)
}

func TestSimulateOtherBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--place", "atlantis"}, `"atlantis" is neither a sample place`},
		{[]string{"--place", "missing.toml"}, `missing.toml`},
		{[]string{"--pool", "nope"}, `unknown pool "nope"`},
		{[]string{"--target", "rich"}, `--target "rich": expected place or deprived`},
	} {
		msg := fails(t, append([]string{"simulate"}, c.args...)...)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%v: stderr = %q, want %q", c.args, msg, c.want)
		}
	}
}

func TestSimulateTargetDeprived(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 10e6)
	move := fmt.Sprintf("%s:%s:10m", from.ID, to.ID)
	wide := simulate(t, "--move", move)
	deprived := simulate(t, "--move", move, "--target", "deprived")
	if deprived.Moves[0].Target == wide.Moves[0].Target {
		t.Errorf("targets both %q", wide.Moves[0].Target)
	}
	if deprived.NeedSpend[0].SpendScenario <= wide.NeedSpend[0].SpendScenario {
		t.Errorf("most deprived fifth's share of spend %.4f targeted, %.4f not: targeting did not reach it",
			deprived.NeedSpend[0].SpendScenario, wide.NeedSpend[0].SpendScenario)
	}
}

// TestSimulatePerMoveTarget: each move can carry its own target, as in the
// app, so a workshop can be replayed exactly.
func TestSimulatePerMoveTarget(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 10e6)
	plain := fmt.Sprintf("%s:%s:5m", from.ID, to.ID)
	targeted := simulate(t, "--move", plain+":deprived", "--move", plain)
	if targeted.Moves[0].Target != "most deprived fifth" || targeted.Moves[1].Target == targeted.Moves[0].Target {
		t.Errorf("targets %q and %q; want only the first targeted", targeted.Moves[0].Target, targeted.Moves[1].Target)
	}
	global := simulate(t, "--move", plain+"@"+fmt.Sprint(base.Years[0])+":deprived", "--move", plain+":deprived")
	both := simulate(t, "--move", plain, "--move", plain, "--target", "deprived")
	if global.NeedSpend[0].SpendScenario != both.NeedSpend[0].SpendScenario {
		t.Errorf("per-move deprived %.6f and --target deprived %.6f disagree", global.NeedSpend[0].SpendScenario, both.NeedSpend[0].SpendScenario)
	}
	if !(targeted.NeedSpend[0].SpendScenario < both.NeedSpend[0].SpendScenario) {
		t.Errorf("one targeted move of two (%.6f) should put less in the most deprived fifth than two (%.6f)",
			targeted.NeedSpend[0].SpendScenario, both.NeedSpend[0].SpendScenario)
	}
	p, err := sampleplaces.Load("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	code := p.Neighbourhoods[0].Code
	one := simulate(t, "--move", plain+":"+code)
	if one.Moves[0].Target != "1 neighbourhood" {
		t.Errorf("LSOA target shown as %q", one.Moves[0].Target)
	}
}

// goldenScenario is a scenario every section of the report has something to say about.
func goldenScenario(t *testing.T, place string) []string {
	base := simulate(t, "--place", place)
	from, to := pickMove(t, base, 5e6)
	args := []string{"--move", fmt.Sprintf("%s:%s:5m@%d", from.ID, to.ID, base.Years[1])}
	for _, id := range []string{"adult_social_care", "police"} {
		for _, s := range base.Silos {
			if s.ID == id && s.ID != to.ID {
				args = append(args, "--move", fmt.Sprintf("%s:%s:2m", id, to.ID))
			}
		}
	}
	if p, err := sampleplaces.Load(place); err == nil && len(p.Pools) > 0 {
		args = append(args, "--pool", p.Pools[0].ID)
	}
	return append(args, "--place", place)
}

func TestSimulatePool(t *testing.T) {
	for _, id := range sampleplaces.IDs() {
		p, err := sampleplaces.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Pools) == 0 {
			continue
		}
		pool := p.Pools[0]
		j := simulate(t, "--place", id, "--pool", pool.ID)
		if len(j.Pools) != 1 || j.Pools[0].ID != pool.ID || j.Pools[0].Saving <= 0 {
			t.Fatalf("%s: pools = %+v", id, j.Pools)
		}
		// Pooling moves no money but frees administration: someone saves.
		if j.LedgerTotal.Savings <= 0 || j.LedgerTotal.Invested != 0 {
			t.Errorf("%s: ledger total %+v", id, j.LedgerTotal)
		}
		var sum float64
		for _, s := range j.Silos {
			sum += s.Allocated
		}
		if math.Abs(sum-j.TotalSpend) > 1 {
			t.Errorf("%s: pooling changed total spend: %.2f of %.2f", id, sum, j.TotalSpend)
		}
	}
}

func TestSimulateReportGolden(t *testing.T) {
	args := append([]string{"simulate"}, goldenScenario(t, "worcestershire")...)
	got := ok(t, args...)
	path := filepath.Join("testdata", "simulate-worcestershire.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(g), len(w)); i++ {
			if i >= len(g) || i >= len(w) || g[i] != w[i] {
				t.Errorf("totalplace %s differs from %s at line %d (go test -update rewrites it):\n got: %q\nwant: %q\n\n%s",
					strings.Join(args, " "), path, i+1, at(g, i), at(w, i), got)
				break
			}
		}
	}
}

func TestSimulateReportIsPlainAndFitsEightyColumns(t *testing.T) {
	for _, id := range sampleplaces.IDs() {
		args := append([]string{"simulate"}, goldenScenario(t, id)...)
		out := ok(t, args...)
		if strings.Contains(out, "\x1b[") {
			t.Errorf("%s: escape codes in output that is not a terminal", id)
		}
		for _, l := range strings.Split(out, "\n") {
			if w := lipgloss.Width(l); w > reportWidth {
				t.Errorf("%s: %d columns: %q", id, w, l)
			}
			if strings.HasSuffix(l, " ") {
				t.Errorf("%s: trailing space: %q", id, l)
			}
		}
		for _, want := range []string{"Total public spend", "Through local authorities", "Can move locally", "Outcomes in", "Inequality", "Who invests", "Need against spend", "assumptions"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q in the report", id, want)
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of output)"
}

// TestSimulateAmountsReadAsInTheApp: --move reads an amount as the app
// does, a bare number being £ millions, and refuses what is not an amount
// with the reason.
func TestSimulateAmountsReadAsInTheApp(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 5e6)
	move := func(amount string) string { return from.ID + ":" + to.ID + ":" + amount }
	for amount, want := range map[string]float64{"5": 5e6, "2.5": 2.5e6, "5 m": 5e6, "£1,250k": 1.25e6, "250k": 250e3} {
		if j := simulate(t, "--move", move(amount)); len(j.Moves) != 1 || j.Moves[0].Amount != want {
			t.Errorf("--move %q: moves %+v, want £%.0f", move(amount), j.Moves, want)
		}
	}
	for amount, want := range map[string]string{
		"0.0000001": "less than £1",
		"12500":     "so this is £12.5bn; for £12,500 type 12.5k",
		"-5m":       "sign",
		"1e6":       "exponent",
		"1,5m":      "commas only group thousands",
		"NaN":       "not a number",
	} {
		msg := fails(t, "simulate", "--move", move(amount))
		if !strings.Contains(msg, fmt.Sprintf("AMOUNT %q is not an amount: ", amount)) || !strings.Contains(msg, want) {
			t.Errorf("--move %q: stderr = %q, want %q", move(amount), msg, want)
		}
	}
}

// TestSimulateRefusesAmbiguousTargetsAndSuggestsIDs: an empty target or a
// repeated LSOA is refused rather than read as place-wide or counted twice,
// and a mistyped silo or place id gets the one meant.
func TestSimulateRefusesAmbiguousTargetsAndSuggestsIDs(t *testing.T) {
	base := simulate(t)
	from, to := pickMove(t, base, 5e6)
	p, err := sampleplaces.Load("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	a, b := p.Neighbourhoods[0].Code, p.Neighbourhoods[1].Code
	plain := from.ID + ":" + to.ID + ":5m"
	typo := func(id string) string { return id[:len(id)-2] + id[len(id)-1:] } // one letter dropped
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--move", plain + ":"}, "TARGET is empty"},
		{[]string{"--move", plain + ": ", "--target", "deprived"}, "TARGET is empty"},
		{[]string{"--move", plain + ":" + a + "+" + b + "+" + a}, "TARGET names " + a + " twice"},
		{[]string{"--move", plain + ":" + a + "++" + b}, "has an empty LSOA code"},
		{[]string{"--move", typo(from.ID) + ":" + to.ID + ":5m"}, fmt.Sprintf("unknown silo %q to move from; did you mean %q?", typo(from.ID), from.ID)},
		{[]string{"--move", from.ID + ":" + typo(to.ID) + ":5m"}, fmt.Sprintf("unknown silo %q to move to; did you mean %q?", typo(to.ID), to.ID)},
		{[]string{"--place", "gatehead"}, `did you mean "gateshead"?`},
		{[]string{"--place", "Lewisham"}, `did you mean "lewisham"?`},
	} {
		msg := fails(t, append([]string{"simulate"}, c.args...)...)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%q: stderr = %q, want %q", c.args, msg, c.want)
		}
	}
	// Two different codes are two neighbourhoods, in the JSON and the report.
	two := simulate(t, "--move", plain+":"+a+"+"+b)
	if two.Moves[0].Target != "2 neighbourhoods" {
		t.Errorf("two LSOAs targeted read %q", two.Moves[0].Target)
	}
	if out := ok(t, "simulate", "--move", plain+":"+a); strings.Contains(out, "1 neighbourhoods") {
		t.Errorf("the report says 1 neighbourhoods:\n%s", out)
	}
}
