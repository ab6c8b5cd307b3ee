package iod

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"totalplace/model"
)

// WriteTOML writes rows as the `[neighbourhoods]` table of a place file
// (docs/place-format.md), citing sourceID, one inline table per row.
func WriteTOML(w io.Writer, sourceID string, rows []model.Neighbourhood) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "[neighbourhoods]\nsource = %s\nrows = [\n", tomlString(sourceID))
	for _, n := range rows {
		fmt.Fprintf(bw, "  { code = %s, name = %s, district = %s, population = %s, children = %s, age16_59 = %s, age60_plus = %s, working_age = %s, imd_rank = %d",
			tomlString(n.Code), tomlString(n.Name), tomlString(n.District),
			num(n.Population), num(n.Children), num(n.Age16to59), num(n.Age60Plus), num(n.WorkingAge), n.IMDRank)
		for d, name := range model.DomainNames {
			fmt.Fprintf(bw, ", %s = %d", name, n.Deciles[d])
		}
		bw.WriteString(" },\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// tomlString quotes s as a TOML basic string. Go's strconv.Quote is not
// used because its \x escapes are not valid TOML.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
