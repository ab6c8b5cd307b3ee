package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"totalplace/model"
)

// sparkline draws a series in eight levels. A series flat to within
// display precision is drawn flat, so rounding noise never looks like a trend.
func sparkline(v []float64) string {
	if len(v) == 0 {
		return ""
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	rs := make([]rune, len(v))
	span := hi - lo
	flat := span <= 1e-9*max(1, math.Abs(hi), math.Abs(lo))
	for i, x := range v {
		if flat {
			rs[i] = sparkRunes[0]
			continue
		}
		k := int(math.Round((x - lo) / span * float64(len(sparkRunes)-1)))
		rs[i] = sparkRunes[k]
	}
	return string(rs)
}

// num writes an outcome value with precision that suits its size.
func num(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		return groupThousands(fmt.Sprintf("%.0f", v))
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// signedNum always carries a sign (− for falls).
func signedNum(v float64) string {
	s := num(math.Abs(v))
	if isZeroShown(v) {
		return "±0"
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

// signedSig writes v with a sign and three significant figures, for the
// small per-£1m effects that num would round to zero.
func signedSig(v float64) string {
	if v == 0 {
		return "±0"
	}
	d := min(max(2-int(math.Floor(math.Log10(math.Abs(v)))), 0), 6)
	s := strconv.FormatFloat(math.Abs(v), 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if v < 0 {
		return "−" + s
	}
	return "+" + s
}

// isZeroShown reports whether v would print as zero.
func isZeroShown(v float64) bool {
	return num(math.Abs(v)) == num(0) || math.Abs(v) < 1e-9
}

func withUnit(v string, unit string) string {
	switch unit {
	case "":
		return v
	case "%":
		return v + "%"
	}
	return v + " " + unit
}

// verdict says in words and an arrow whether change d is better or worse.
func verdict(st *Styles, d float64, higherIsBetter bool) string {
	if isZeroShown(d) {
		return st.Neutral.Render(arrowFlat + " no change")
	}
	arrow := arrowUp
	if d < 0 {
		arrow = arrowDown
	}
	if (d > 0) == higherIsBetter {
		return st.Better.Render(arrow + " better")
	}
	return st.Worse.Render(arrow + " worse")
}

// hbar draws a bar of |v|/maxAbs of w cells in style s.
func hbar(v, maxAbs float64, w int, s lipgloss.Style) string {
	if maxAbs <= 0 || w <= 0 {
		return ""
	}
	n := int(math.Round(math.Abs(v) / maxAbs * float64(w)))
	if n == 0 && v != 0 {
		n = 1
	}
	return s.Render(strings.Repeat(glyphMovable, n))
}

func outcomeIndex(r *model.Result, id string) int {
	for i := range r.Outcomes {
		if r.Outcomes[i].ID == id {
			return i
		}
	}
	return -1
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[len(v)-1]
}
