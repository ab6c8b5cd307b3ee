package model

import (
	"errors"
	"strings"
	"testing"
)

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
