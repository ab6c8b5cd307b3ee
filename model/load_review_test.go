package model

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func validFile(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestReviewBOMPlaceFile: a place file saved by Notepad or exported from
// Excel starts with a UTF-8 byte order mark. Parse reports
// "1:1: invalid TOML: invalid character at start of key: U+00EF 'ï'",
// which names a character the file does not contain. Expected: the mark is
// skipped (positions unchanged), giving the same place as without it.
func TestReviewBOMPlaceFile(t *testing.T) {
	data := validFile(t)
	want, err := Parse("valid.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("bom.toml", []byte("\ufeff"+data))
	if err != nil {
		t.Fatalf("a UTF-8 byte order mark makes a valid file invalid:\n%v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("with a byte order mark the place differs")
	}
}

// TestReviewCRLFPlaceFile (passes): CRLF line endings give the same place on
// both the fast rows path and the whole-document path, and the same
// positions for a problem in a row after non-ASCII text.
func TestReviewCRLFPlaceFile(t *testing.T) {
	data := validFile(t)
	want, err := Parse("valid.toml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	crlf := strings.ReplaceAll(data, "\n", "\r\n")
	for _, fast := range []bool{true, false} {
		got, err := parse("crlf.toml", []byte(crlf), fast)
		if err != nil {
			t.Fatalf("fast=%v: %v", fast, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fast=%v: CRLF file gives a different place", fast)
		}
	}
	const from = `name = "Test 001B", district = "Testing", population = 3500`
	bad := strings.Replace(crlf, from, `name = "Tést 0€1B", district = "Testing", population = -3`, 1)
	for _, fast := range []bool{true, false} {
		_, err := parse("crlf.toml", []byte(bad), fast)
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != 1 {
			t.Fatalf("fast=%v: want one problem, got %v", fast, err)
		}
		if p := ps[0]; p.Line != 61 || p.Col != 80 || p.Path != "neighbourhoods.rows[1].population" {
			t.Errorf("fast=%v: got %v, want 61:80 at neighbourhoods.rows[1].population", fast, p)
		}
	}
}

// TestReviewDuplicateKeyInRow: a key given twice inside a neighbourhood row
// (here the second row's population) is reported as
// "many.toml:59:3: neighbourhoods.rows[0]: defined twice" — the wrong row, a
// column in the middle of `rows = [`, and without saying which key. In a
// file of 32,844 rows that sends the user to the wrong place. The same
// happens to any inline table: `population = { value = 1, ..., value = 3 }`
// says "place.population: defined twice". Expected: the problem names the
// row and the key that is repeated.
func TestReviewDuplicateKeyInRow(t *testing.T) {
	data := validFile(t)
	const from = `name = "Test 001B", district = "Testing", population = 3500`
	bad := strings.Replace(data, from, from+`, population = 1`, 1)
	_, err := Parse("dup.toml", []byte(bad))
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	p := ps[0]
	if p.Line != 61 || !strings.HasPrefix(p.Path, "neighbourhoods.rows[1]") || !strings.Contains(p.Msg, "population") {
		t.Errorf("got %v\nwant it on line 61, at neighbourhoods.rows[1], naming population", p)
	}
	bad = strings.Replace(data, `population = { value = 10_000, source = "ons", year = 2019 }`, `population = { value = 10_000, source = "ons", year = 2019, value = 3 }`, 1)
	_, err = Parse("dup.toml", []byte(bad))
	if !errors.As(err, &ps) || len(ps) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	if p := ps[0]; !strings.Contains(p.Path+p.Msg, "value") {
		t.Errorf("got %v\nwant the repeated key (value) named", p)
	}
}

// TestReviewZeroNeedWeightsAccepted: [need] by_decile accepts weights of 0
// (every decile, or the deciles a place's neighbourhoods are in), which leaves
// need-targeted effects with weights that cannot be normalised (see
// TestReviewZeroNeedWeightsKeepPlaceAndGridTogether): the place mean moves
// and no neighbourhood does. Expected: a problem, or the engine falling back.
func TestReviewZeroNeedWeightsAccepted(t *testing.T) {
	data := validFile(t)
	var b strings.Builder
	b.WriteString("\n[need]\nby_decile = [")
	for i := 0; i < 10; i++ {
		b.WriteString(`{ value = 0, assumption = "x" }, `)
	}
	b.WriteString("]\n")
	p, err := Parse("need.toml", []byte(strings.Replace(data, "[[outcomes]]", b.String()+"\n[[outcomes]]", 1)))
	if err != nil {
		t.Skipf("refused, as it should be: %v", err)
	}
	// Accepted: then a need-targeted effect must still land somewhere.
	e := NewEngine(p)
	// Money out of the need-targeted silo moves its outcome by need too.
	var from, to string
	for _, ef := range p.Effects {
		if ef.Targeting == "need" {
			from = ef.Silo
		}
	}
	for _, s := range p.Silos {
		if s.ID != from {
			to = s.ID
		}
	}
	if from == "" || to == "" {
		t.Skip("no need-targeted effect")
	}
	r, err := e.Run(Scenario{Moves: []Move{{From: from, To: to, Amount: 1e6}}})
	if err != nil {
		t.Fatal(err)
	}
	years := len(r.Years)
	for o, or := range r.Outcomes {
		op := &e.outcomes[o]
		var grid float64
		for n := range p.Neighbourhoods {
			grid += or.Neighbourhood[n*years+years-1] * op.cohort[n]
		}
		if d := grid/op.cohortTotal - or.Place[Central][years-1]; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: all-zero need weights accepted, and the place mean moves %v more than its neighbourhoods", or.ID, d)
		}
	}
}
