package report

import (
	"math"
	"strings"
	"testing"

	"totalplace/internal/testplace"
	"totalplace/model"
)

func run(t *testing.T, p *model.Place, sc model.Scenario) *model.Result {
	t.Helper()
	r, err := model.NewEngine(p).Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestHeadlineFollowsTheAllocation(t *testing.T) {
	p := testplace.New(50)
	base := HeadlineOf(p, model.Scenario{}, nil)
	// County and districts: 260+150+32+12 + 48+22 = £524m of £3,886m.
	if base.LocalAuthority != 524e6 || base.Total != 3856e6 {
		t.Fatalf("local authorities %v of %v, want 524m of 3856m", base.LocalAuthority, base.Total)
	}
	if got := base.LocalShare(); math.Abs(got-524.0/3856) > 1e-12 {
		t.Fatalf("local share %v", got)
	}
	if base.PerHead() != 3856e6/580000 {
		t.Fatalf("per head %v", base.PerHead())
	}
	// £10m a year from the NHS into public health from 2030: at the horizon
	// £10m more flows through local authorities; the total is unchanged.
	sc := model.Scenario{Moves: []model.Move{{From: "acute", To: "publichealth", Amount: 10e6, Year: 2030}}, Pools: []string{"neet"}}
	h := HeadlineOf(p, sc, run(t, p, sc))
	if h.LocalAuthority != 534e6 || h.Total != base.Total || h.Moves != 1 || h.Pools != 1 {
		t.Fatalf("after the move: %+v", h)
	}
	if h.Movable != base.Movable {
		t.Fatalf("what can move changed with a move: %v, was %v", h.Movable, base.Movable)
	}
}

func TestPenaltyNamesWhoInvestsAndWhoSaves(t *testing.T) {
	p := testplace.New(50)
	if got := Penalty(p, run(t, p, model.Scenario{}), model.Scenario{}); !strings.HasPrefix(got, "No money moved yet") {
		t.Fatalf("no moves: %q", got)
	}
	// Police money into the county's early help (prevention): NEET falls,
	// DWP saves years later. That is the prevention penalty.
	sc := model.Scenario{Moves: []model.Move{{From: "policing", To: "earlyhelp", Amount: 5e6, Year: 2028}}}
	r := run(t, p, sc)
	got := Penalty(p, r, sc)
	for _, want := range []string{"Prevention penalty, over 10 years, 2026–2035: ", "Police invests £40m (£5m a year from 2028)", "DWP"} {
		if !strings.Contains(got, want) {
			t.Errorf("penalty %q lacks %q", got, want)
		}
	}
	// Within one agency it is moving money within a budget, not an investment.
	sc = model.Scenario{Moves: []model.Move{{From: "asc", To: "earlyhelp", Amount: 2e6}}}
	got = Penalty(p, run(t, p, sc), sc)
	if !strings.Contains(got, "County council moves £20m within its budget") || strings.Contains(got, "Prevention penalty") {
		t.Errorf("within the county: %q", got)
	}
	f := FlowsOf(p, model.Scenario{Moves: []model.Move{
		{From: "policing", To: "earlyhelp", Amount: 5e6, Year: 2028},
		{From: "policing", To: "housing", Amount: 1e6},
	}}, 10)
	if f.Out["police"] != 5e6*8+1e6*10 || f.Prevention["police"] != 40e6 || f.OutYear["police"] != 6e6 || f.FirstYear["police"] != 2026 || f.LastYear["police"] != 2028 {
		t.Errorf("flows %+v", f)
	}
}

// The ledger's rows count only money that crosses agencies as given and
// got; a move inside one agency is Within. The CLI and the app both show
// these rows.
func TestLedgerRowsSplitWithinFromAcross(t *testing.T) {
	p := testplace.New(50)
	sc := model.Scenario{Moves: []model.Move{{From: "asc", To: "earlyhelp", Amount: 2e6}, {From: "policing", To: "earlyhelp", Amount: 1e6}}}
	rows := Ledger(p, sc, run(t, p, sc))
	by := map[string]LedgerRow{}
	for _, r := range rows {
		by[r.Agency] = r
	}
	if c := by["county"]; c.Within != 20e6 || c.Gets != 10e6 || c.GivesUp != 0 {
		t.Errorf("county: %+v", c)
	}
	if pol := by["police"]; pol.GivesUp != 10e6 || pol.Gets != 0 || pol.Within != 0 || !pol.Active() {
		t.Errorf("police: %+v", pol)
	}
	if by["schools"].Active() {
		t.Errorf("schools neither give, get nor save: %+v", by["schools"])
	}
	for i := 1; i < len(rows); i++ {
		if math.Abs(rows[i].Net) > math.Abs(rows[i-1].Net)+0.5 {
			t.Fatalf("rows not largest net first: %v then %v", rows[i-1].Net, rows[i].Net)
		}
	}
}

func TestVerbsAgreeWithAgencyNames(t *testing.T) {
	for _, c := range []struct{ name, verb, want string }{
		{"District councils", "invests", "invest"},
		{"Prisons and courts", "gives up", "give up"},
		{"DfE and schools", "saves", "save"},
		{"County council", "invests", "invests"},
		{"NHS ICB", "costs", "costs"},
		{"Police (PCC)", "moves", "moves"},
		{"Fire", "saves", "saves"},
	} {
		if got := agree(c.name, c.verb); got != c.want {
			t.Errorf("agree(%q, %q) = %q, want %q", c.name, c.verb, got, c.want)
		}
	}
}
