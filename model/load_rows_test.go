package model

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

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
