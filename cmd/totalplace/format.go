package main

import (
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"totalplace/model"
)

// reportWidth is the width reports are laid out for: readable on an
// 80-column terminal and in a pasted e-mail.
const reportWidth = 80

// styles colour the readable output. They always emit ANSI; colorOut strips
// or downgrades it to what the output can show.
type styles struct {
	title, heading, head, dim, better, worse, warn lipgloss.Style
}

func newStyles() styles {
	return styles{
		title:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		heading: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("6")),
		head:    lipgloss.NewStyle().Bold(true),
		dim:     lipgloss.NewStyle().Faint(true),
		better:  lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		worse:   lipgloss.NewStyle().Foreground(lipgloss.Color("1")),
		warn:    lipgloss.NewStyle().Foreground(lipgloss.Color("3")),
	}
}

// colorOut wraps w so colour reaches it only when it is a terminal, and
// never when NO_COLOR is set (colorprofile reads the environment).
func colorOut(w io.Writer) io.Writer {
	return colorprofile.NewWriter(w, os.Environ())
}

// table is a simple aligned table: no borders, two spaces between columns.
type table struct {
	header []string
	rows   [][]string
	right  []bool // right-align column i
	// shrink is the column that gives way when the table is wider than the
	// width it is rendered at: its cells wrap onto more lines.
	shrink int
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// render writes the table indented by indent spaces within width columns.
// Cells may carry ANSI styling; widths are measured without it.
func (t *table) render(b *strings.Builder, st styles, indent, width int) {
	n := len(t.header)
	widths := make([]int, n)
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i := 0; i < n && i < len(r); i++ {
			widths[i] = max(widths[i], lipgloss.Width(r[i]))
		}
	}
	total := indent + 2*(n-1)
	for _, w := range widths {
		total += w
	}
	if over := total - width; over > 0 {
		widths[t.shrink] = max(12, widths[t.shrink]-over)
	}
	row := func(r []string, style *lipgloss.Style) {
		cells := make([][]string, n)
		height := 1
		for i := range cells {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			if lipgloss.Width(c) > widths[i] {
				c = lipgloss.Wrap(c, widths[i], "")
			}
			cells[i] = strings.Split(c, "\n")
			height = max(height, len(cells[i]))
		}
		for l := 0; l < height; l++ {
			var out []string
			for i := 0; i < n; i++ {
				c := ""
				if l < len(cells[i]) {
					c = strings.TrimRight(cells[i][l], " ")
				}
				pad := strings.Repeat(" ", max(0, widths[i]-lipgloss.Width(c)))
				if i < len(t.right) && t.right[i] {
					c = pad + c
				} else if i < n-1 {
					c += pad // no trailing spaces after the last column
				}
				if style != nil {
					c = style.Render(c)
				}
				out = append(out, c)
			}
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(strings.TrimRight(strings.Join(out, "  "), " "))
			b.WriteByte('\n')
		}
	}
	row(t.header, &st.head)
	for _, r := range t.rows {
		row(r, nil)
	}
}

// thousands writes a whole number with comma separators: 577,914.
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	if v < 0 && s != "0" {
		s = "-" + s
	}
	return model.GroupThousands(s)
}

// percent writes a share (0..1) as a percentage with one decimal place.
func percent(share float64) string {
	return strconv.FormatFloat(100*share, 'f', 1, 64) + "%"
}

// signed is FormatMoney with an explicit + for gains, so a net column
// reads as money in and money out.
func signed(v float64) string {
	if math.Abs(v) < 0.5 {
		return "£0"
	}
	if v > 0 {
		return "+" + model.FormatMoney(v)
	}
	return model.FormatMoney(v)
}

// decimalsFor is how many decimal places show v to sig significant figures.
func decimalsFor(v float64, sig int) int {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	d := sig - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	return min(max(d, 0), 4)
}

func fixed(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0.00"
	}
	return s
}
