package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"totalplace/internal/plantest"
	"totalplace/internal/testplace"
	"totalplace/model"
	"totalplace/report"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// scripted opens the scripted workshop, retimed, from a fresh directory.
func scripted(t *testing.T) *sessions.State {
	t.Helper()
	dir := t.TempDir()
	id, err := plantest.Script(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := plantest.Retime(dir, id); err != nil {
		t.Fatal(err)
	}
	s, err := sessions.Open(dir, plantest.ID, sampleplaces.Open)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.State()
}

func build(t *testing.T, st *sessions.State, scenario string) *Plan {
	t.Helper()
	pl, err := Build(st, Options{Scenario: scenario})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// TestPlanSaysWhoProposedAgreedAndWhy: each move in the plan names who
// made or proposed it and who agreed, with their reasons as the journal
// has them; the declined proposal is listed with who declined and why.
func TestPlanSaysWhoProposedAgreedAndWhy(t *testing.T) {
	st := scripted(t)
	pl := build(t, st, "")
	if len(pl.Moves) != len(st.Scenario.Moves) {
		t.Fatalf("%d moves in the plan, %d in the allocation", len(pl.Moves), len(st.Scenario.Moves))
	}
	var agreed *Move
	for i := range pl.Moves {
		m := &pl.Moves[i]
		if m.Seq == 0 || m.ProposedBy == "" || m.ProposedAt.IsZero() {
			t.Errorf("move %d has no journal event: %+v", m.Number, m)
		}
		if m.How == "agreed" {
			agreed = m
		}
	}
	if agreed == nil {
		t.Fatal("no agreed move in the plan")
	}
	propose := sessions.EventAt(st.History, sessions.EventAt(st.History, agreed.Seq).Target)
	if agreed.ProposedBy != propose.Who || agreed.AgreedBy != sessions.EventAt(st.History, agreed.Seq).Who || agreed.ProposalWhy != propose.Why {
		t.Errorf("agreed move: proposed by %q (%q), agreed by %q; journal: proposed by %q (%q)", agreed.ProposedBy, agreed.ProposalWhy, agreed.AgreedBy, propose.Who, propose.Why)
	}
	if agreed.AnswerWhy == "" || agreed.AnswerWhy == agreed.ProposalWhy {
		t.Errorf("the answer's own reason is lost: %q", agreed.AnswerWhy)
	}
	if len(pl.NotAgreed) != 1 || pl.NotAgreed[0].Status != "declined" || pl.NotAgreed[0].AnswerWhy == "" || pl.NotAgreed[0].AnsweredBy == "" {
		t.Errorf("not agreed: %+v", pl.NotAgreed)
	}
	// A reason given after the move is the move's reason in the plan.
	for _, ev := range st.History {
		if ev.Kind == sessions.KindWhy {
			found := false
			for _, m := range pl.Moves {
				found = found || (m.Seq == ev.Target && m.Why == ev.Why)
			}
			if !found {
				t.Errorf("the reason given later (%q) is not on its move", ev.Why)
			}
		}
	}
	if len(pl.History) != len(st.History) {
		t.Errorf("history has %d items, the journal %d events", len(pl.History), len(st.History))
	}
	if n := len(pl.Participants); n != len(st.Participants) {
		t.Errorf("%d participants, the session has %d", n, len(st.Participants))
	}
}

// TestPlanOfASavedScenario: --scenario gives that scenario's moves and
// results, not the current allocation's; an unknown name says which exist.
func TestPlanOfASavedScenario(t *testing.T) {
	st := scripted(t)
	cur := build(t, st, "")
	saved := build(t, st, plantest.Scenario)
	ns := st.Scenarios[0]
	if len(saved.Moves) != len(ns.Scenario.Moves) || len(saved.Moves) == len(cur.Moves) {
		t.Fatalf("scenario has %d moves, saved %d, current %d", len(saved.Moves), len(ns.Scenario.Moves), len(cur.Moves))
	}
	for _, m := range saved.Moves {
		if m.Seq == 0 {
			t.Errorf("saved move %d is not matched to its event", m.Number)
		}
	}
	if saved.Scenario.Name != plantest.Scenario || saved.Scenario.SavedBy == "" || saved.Scenario.SavedAt.IsZero() {
		t.Errorf("scenario info: %+v", saved.Scenario)
	}
	want := ns.Result.Outcomes[0].Place[model.Central]
	if got := saved.Outcomes[0].Years[len(want)-1].Central; math.Abs(got-want[len(want)-1]) > 1e-6 {
		t.Errorf("saved scenario's outcome %v, its result %v", got, want[len(want)-1])
	}
	_, err := Build(st, Options{Scenario: "Prevention frist"})
	if !errors.Is(err, ErrUnknownScenario) || !strings.Contains(err.Error(), `"Prevention first"`) {
		t.Errorf("unknown scenario: %v", err)
	}
}

// TestExportsAreReproducible: two sessions scripted at different moments
// and retimed alike give the same bytes in every format, and a session
// whose journal has other times gives other bytes: every time in the plan
// comes from the journal, never the clock.
func TestExportsAreReproducible(t *testing.T) {
	a := build(t, scripted(t), "")
	time.Sleep(1100 * time.Millisecond) // another second on the clock
	b := build(t, scripted(t), "")
	for name, write := range writers() {
		var x, y bytes.Buffer
		if err := write(&x, a); err != nil {
			t.Fatal(err)
		}
		if err := write(&y, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) {
			t.Errorf("%s: the same session gave different bytes", name)
		}
	}
	c := *b
	c.History = append([]HistoryItem(nil), b.History...)
	c.History[0].Time = c.History[0].Time.Add(time.Hour)
	var x, y bytes.Buffer
	Markdown(&x, a)
	Markdown(&y, &c)
	if bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("a different journal time did not show")
	}
}

func writers() map[string]func(*bytes.Buffer, *Plan) error {
	return map[string]func(*bytes.Buffer, *Plan) error{
		"md":   func(b *bytes.Buffer, p *Plan) error { return Markdown(b, p) },
		"html": func(b *bytes.Buffer, p *Plan) error { return HTML(b, p) },
		"json": func(b *bytes.Buffer, p *Plan) error { return JSON(b, p) },
		"csv": func(b *bytes.Buffer, p *Plan) error {
			for _, tb := range CSVTables(p) {
				if err := tb.Write(b); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

var schemaOnce = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	return c.Compile(filepath.Join("..", "docs", "plan-schema.json"))
})

func validate(t *testing.T, doc []byte) error {
	t.Helper()
	sch, err := schemaOnce()
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(v)
}

// TestJSONMatchesTheSchema: the JSON export validates against
// docs/plan-schema.json, which allows no field it does not describe and
// requires every field the plan always has; a document missing one or
// with one more fails, so the schema and the code cannot drift apart.
func TestJSONMatchesTheSchema(t *testing.T) {
	for _, sc := range []string{"", plantest.Scenario} {
		var b bytes.Buffer
		if err := JSON(&b, build(t, scripted(t), sc)); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, b.Bytes()); err != nil {
			t.Fatalf("scenario %q: %v", sc, err)
		}
		var doc map[string]any
		json.Unmarshal(b.Bytes(), &doc)
		moves := doc["moves"].([]any)
		delete(moves[0].(map[string]any), "how")
		bad, _ := json.Marshal(doc)
		if validate(t, bad) == nil {
			t.Error("a move without how passed the schema")
		}
		doc["moves"].([]any)[0].(map[string]any)["how"] = "direct"
		doc["surprise"] = 1
		bad, _ = json.Marshal(doc)
		if validate(t, bad) == nil {
			t.Error("an undescribed field passed the schema")
		}
	}
	// The accountability sections, filled in, validate too.
	pl := build(t, scripted(t), "")
	pl.Priorities.Votes = []Vote{{Seq: 3, By: "chris", Name: "Chris", Points: []Points{{Outcome: "neet", Points: 10}}, Time: pl.Session.Started}}
	pl.Asks.Asks = []Ask{{Seq: 4, By: "chris", From: "state_pension", To: "employment_support", Amount: 1e6, AsIfAllowed: []AskOutcome{{Outcome: "neet", Direction: "better"}}}}
	pl.SignOff.Records = []Signature{{Seq: 5, Who: "nadia", Agreed: true, Time: pl.Session.Updated}}
	pl.Ledger.GainShares = []GainShare{{Saver: "county", Investor: "pcc", Share: 0.5, Years: 5}}
	var b bytes.Buffer
	JSON(&b, pl)
	if err := validate(t, b.Bytes()); err != nil {
		t.Fatal(err)
	}
}

// TestEvidenceListsEveryFigure: every figure of the place is listed with
// its provenance, cited ones against a source the place has, and the
// counts add up.
func TestEvidenceListsEveryFigure(t *testing.T) {
	p, err := sampleplaces.Open("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	ev := evidenceOf(p)
	if ev.Cited+ev.Assumed != len(ev.Figures) || ev.Cited == 0 || ev.Assumed == 0 {
		t.Fatalf("cited %d + assumed %d, figures %d", ev.Cited, ev.Assumed, len(ev.Figures))
	}
	uses := 0
	for _, s := range ev.Sources {
		uses += s.Figures
	}
	if uses != ev.Cited {
		t.Errorf("sources carry %d figures, %d are cited", uses, ev.Cited)
	}
	found := false
	for _, f := range ev.Figures {
		if (f.Source == "") == (f.Assumption == "") {
			t.Errorf("%s: source %q, assumption %q", f.What, f.Source, f.Assumption)
		}
		if f.What == "silos · nhs · budget" {
			found = f.Value == p.Silos[p.SiloIndex("nhs")].Budget.Value
		}
	}
	if !found {
		t.Error("the NHS silo's budget is not listed under its name")
	}
}

// TestCombinePoints: each vote counts the same however many points it
// gives; the weights sum to 1.
func TestCombinePoints(t *testing.T) {
	w := combinePoints([]Vote{
		{Points: []Points{{"a", 10}}},
		{Points: []Points{{"a", 5}, {"b", 5}}},
		{Points: []Points{{"b", 2}, {"c", 2}}}, // 4 points: counted as shares
		{Points: nil},                          // no points: not a vote
	})
	want := map[string]float64{"a": 0.5, "b": 1.0 / 3, "c": 1.0 / 6}
	sum := 0.0
	for k, v := range want {
		if math.Abs(w[k]-v) > 1e-12 {
			t.Errorf("%s: %v, want %v", k, w[k], v)
		}
		sum += w[k]
	}
	if math.Abs(sum-1) > 1e-12 || len(w) != 3 {
		t.Errorf("weights %v sum to %v", w, sum)
	}
	if combinePoints(nil) != nil {
		t.Error("no votes gave weights")
	}
}

// TestGainShareInThePlan: on the small test place, the plan's ledger
// moves exactly report.GainShares' payments, saver to investor, year by
// year (the arithmetic the workshop's panel shows, pinned in report), the
// place's total does not change, and an investor who moved nothing gets
// nothing back.
func TestGainShareInThePlan(t *testing.T) {
	p := testplace.New(40)
	prep := model.Prepare(p)
	// Police pays for the county's early help; the county saves later.
	sc := model.Scenario{Moves: []model.Move{{From: "policing", To: "earlyhelp", Amount: 4e6}}}
	r, err := prep.NewEngine().Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	a := allocation{scenario: sc, result: r}
	var saver string
	for _, al := range r.Ledger {
		if al.Agency != "police" && al.TotalSavings > 1 {
			saver = al.Agency
			break
		}
	}
	if saver == "" {
		t.Fatal("no agency saves from police's move in the test place")
	}
	ag := gainAgreement{Saver: saver, Investor: "police", Share: 0.5, Years: 3}
	gl, err := report.GainShares(model.Prepare(p), sc, r, []report.GainShareTerms{{Saver: saver, Investor: "police", Share: 0.5, Years: 3}})
	if err != nil {
		t.Fatal(err)
	}
	byYear, out := gainShares(prep, p, a, []gainAgreement{ag}, gl, nil)
	want := gl.Payments[0].PerYear
	total := 0.0
	for y := range r.Years {
		if math.Abs(byYear["police"][y]-want[y]) > 1e-6 || math.Abs(byYear[saver][y]+byYear["police"][y]) > 1e-6 {
			t.Errorf("year %d: police gets %v, %s returns %v; report pays %v", y, byYear["police"][y], saver, -byYear[saver][y], want[y])
		}
		total += want[y]
	}
	if len(out) != 1 || out[0].Returned != money(total) || total <= 0 || out[0].Savings < out[0].Returned {
		t.Errorf("agreement: %+v, want returned %v", out, money(total))
	}
	reverse, err := report.GainShares(prep, sc, r, []report.GainShareTerms{{Saver: "police", Investor: saver, Share: 1, Years: 10}})
	if err != nil {
		t.Fatal(err)
	}
	byYear, out = gainShares(prep, p, a, []gainAgreement{{Saver: "police", Investor: saver, Share: 1, Years: 10}}, reverse, nil)
	if out[0].Returned != 0 || byYear[saver][len(r.Years)-1] != 0 {
		t.Errorf("nothing invested, yet %v returned", out[0].Returned)
	}
}

// TestMarkdownKeepsTypedTextPlain: what participants typed cannot break a
// table or become a link or emphasis.
func TestMarkdownKeepsTypedTextPlain(t *testing.T) {
	pl := build(t, scripted(t), "")
	var b bytes.Buffer
	Markdown(&b, pl)
	md := b.String()
	for _, line := range strings.Split(md, "\n") {
		if strings.Contains(line, "Care") && strings.Contains(line, "budgets are at their floor") && !strings.Contains(line, `Care \| budgets`) {
			t.Errorf("a typed pipe is not escaped: %s", line)
		}
	}
	if strings.Contains(md, " *crime* ") {
		t.Error("typed asterisks would render as emphasis")
	}
	var h bytes.Buffer
	HTML(&h, pl)
	if strings.Contains(h.String(), "<script") || !strings.Contains(h.String(), "Pat O&#39;Neill") {
		t.Error("typed text is not escaped in the HTML")
	}
}

func TestMain(m *testing.M) {
	os.Exit(m.Run())
}
