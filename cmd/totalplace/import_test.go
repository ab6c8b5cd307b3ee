package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

const (
	file2Header = "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),Local Authority District name (2019)," +
		"Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile,Income Decile,Employment Decile," +
		"\"Education, Skills and Training Decile\",Health Deprivation and Disability Decile,Crime Decile," +
		"Barriers to Housing and Services Decile,Living Environment Decile\n"
	file6Header = "LSOA code (2011),LSOA name (2011),Total population: mid 2015 (excluding prisoners),Dependent Children aged 0-15: mid 2015 (excluding prisoners)," +
		"Population aged 16-59: mid 2015 (excluding prisoners),Older population aged 60 and over: mid 2015 (excluding prisoners)," +
		"Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)\n"
)

type lsoa struct {
	code, name, ladCode, lad string
	rank                     int
	pop                      float64
}

// imdFixture writes gzipped File 2 and File 6 for the given neighbourhoods.
func imdFixture(t *testing.T, dir string, rows []lsoa) (file2, file6 string) {
	t.Helper()
	var f2, f6 strings.Builder
	f2.WriteString(file2Header)
	f6.WriteString(file6Header)
	for _, r := range rows {
		d := 1 + (r.rank-1)*10/32844
		fmt.Fprintf(&f2, "%s,%q,%s,%q,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", r.code, r.name, r.ladCode, r.lad, r.rank, d, d, d, d, d, 11-d, d, 11-d)
		fmt.Fprintf(&f6, "%s,%q,%.0f,%.0f,%.0f,%.0f,%.0f\n", r.code, r.name, r.pop, r.pop*0.2, r.pop*0.6, r.pop*0.2, r.pop*0.62)
	}
	gz := func(name, s string) string {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return writeFile(t, dir, name, b.Bytes())
	}
	return gz("file2.csv.gz", f2.String()), gz("file6.csv.gz", f6.String())
}

func fixtureRows() []lsoa {
	var rows []lsoa
	for i := 0; i < 30; i++ {
		lad, code := "Alpha", "E07000901"
		if i%3 == 0 {
			lad, code = "Beta, Upper", "E07000902"
		}
		if i%5 == 0 {
			lad, code = "Gamma", "E07000903" // not asked for
		}
		rows = append(rows, lsoa{
			code: fmt.Sprintf("E0100%04d", i), name: fmt.Sprintf("%s %03d", strings.Fields(lad)[0], i),
			ladCode: code, lad: lad, rank: 1 + (i*7919)%32844, pop: float64(1200 + 37*i),
		})
	}
	return rows
}

func TestImportIMD(t *testing.T) {
	dir := t.TempDir()
	rows := fixtureRows()
	f2, f6 := imdFixture(t, dir, rows)
	out := filepath.Join(dir, "nbhds.toml")

	r := run(t, "", "import", "imd", "--lad", "Alpha", "--lad", "Beta, Upper", "--file2", f2, "--file6", f6, "--out", out)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var n int
	var pop float64
	for _, row := range rows {
		if row.lad != "Gamma" {
			n++
			pop += row.pop
		}
	}
	if want := fmt.Sprintf("%d neighbourhoods, population %s", n, thousands(pop)); !strings.Contains(r.stderr, want) {
		t.Errorf("summary = %q, want %q", r.stderr, want)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q with --out", r.stdout)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(written), "code = "); got != n {
		t.Errorf("%d rows written, want %d", got, n)
	}

	// Without --out the same rows go to stdout.
	if got := ok(t, "import", "imd", "--lad", "Alpha", "--lad", "Beta, Upper", "--file2", f2, "--file6", f6); got != string(written) {
		t.Errorf("stdout differs from --out file")
	}

	// The loader accepts the rows in place of a sample place's own.
	id := sampleplaces.IDs()[0]
	src, _ := sampleplaces.Source(id)
	placeFile := writeFile(t, dir, "imported.toml", spliceNeighbourhoods(t, src, written))
	if got := ok(t, "validate", placeFile); got != placeFile+": ok\n" {
		t.Fatalf("validate = %q", got)
	}
	p, err := model.Load(placeFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Neighbourhoods) != n || p.Neighbourhoods[0].District == "" {
		t.Errorf("loaded %d neighbourhoods, want %d", len(p.Neighbourhoods), n)
	}
	for _, nb := range p.Neighbourhoods {
		if nb.District == "Gamma" {
			t.Errorf("%s from a district not asked for", nb.Code)
		}
	}
	// And simulate runs on it.
	ok(t, "simulate", "--place", placeFile)
}

// spliceNeighbourhoods replaces the [neighbourhoods] table of a place file.
func spliceNeighbourhoods(t *testing.T, src, nbhds []byte) []byte {
	t.Helper()
	start := bytes.Index(src, []byte("\n[neighbourhoods]\n"))
	if start < 0 {
		t.Fatal("no [neighbourhoods] table in the sample place")
	}
	start++
	// The table ends at the next table header.
	next := regexp.MustCompile(`(?m)^\[`).FindIndex(src[start+1:])
	end := len(src)
	if next != nil {
		end = start + 1 + next[0]
	}
	var b bytes.Buffer
	b.Write(src[:start])
	b.Write(nbhds)
	b.WriteString("\n")
	b.Write(src[end:])
	return b.Bytes()
}

func TestImportIMDBadInputChangesNothing(t *testing.T) {
	dir := t.TempDir()
	f2, f6 := imdFixture(t, dir, fixtureRows())
	out := writeFile(t, dir, "keep.toml", []byte("untouched\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--lad", "Alpah"}, `"Alpah"`},
		{[]string{"--lad", "Alpha", "--file2", filepath.Join(dir, "nope.gz")}, "--file2"},
		{[]string{"--lad", "Alpha", "--file6", f2}, "File 6"},
		{[]string{"--lad", "Alpha", "--source", " "}, "--source"},
	} {
		args := append([]string{"import", "imd", "--file2", f2, "--file6", f6, "--out", out}, c.args...)
		msg := fails(t, args...)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%v: stderr = %q, want %q", c.args, msg, c.want)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "untouched\n" {
		t.Errorf("--out was changed by a failed import: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("left files behind: %v", entries)
	}
	if msg := fails(t, "import", "imd", "--file2", f2, "--file6", f6); !strings.Contains(msg, "lad") {
		t.Errorf("no --lad: stderr = %q", msg)
	}
}
