package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"totalplace/model"
)

// sparkline draws a series of changes (from now, or a net per year), a
// cell a year, around a zero line: sparkZero is no change, sparkUp a
// rise and sparkDown a fall, each cell's height its change as a share of
// the series' own largest (full height). So a change from the first year
// shows from the first cell, whichever way it goes, any change however
// small leaves the zero line, and no change is a flat line. Units differ
// between series, so each is scaled to itself; sparkLegend says so.
func sparkline(v []float64) string { return sparkWith(sparkZero, sparkUp, sparkDown, v) }

// sparkWith is sparkline with the given cells for zero, rises and falls.
func sparkWith(zero rune, up, down []rune, v []float64) string {
	big := 0.0
	for _, x := range v {
		big = max(big, math.Abs(x))
	}
	rs := make([]rune, len(v))
	for i, x := range v {
		steps := up
		if x < 0 {
			steps = down
		}
		if isZeroShown(x) || big == 0 {
			rs[i] = zero
			continue
		}
		k := int(math.Round(math.Abs(x) / big * float64(len(steps))))
		rs[i] = steps[min(max(k, 1), len(steps))-1]
	}
	return string(rs)
}

// sparkLegend explains a sparkline's cells and scale.
func sparkLegend() string {
	return fmt.Sprintf("%c no change · %s up · %s down · each row scaled to its largest change",
		sparkZero, string(sparkUp), string(sparkDown))
}

// sparkChange is the sparkline of a series' change from base.
func (s *Styles) sparkChange(v []float64, base float64) string {
	d := make([]float64, len(v))
	for i, x := range v {
		d[i] = x - base
	}
	return s.sparkline(d)
}

// numDigits is the decimals for an outcome value of v's size.
func numDigits(v float64) int {
	a := math.Abs(v)
	switch {
	case a >= 100:
		return 0
	case a >= 10:
		return 1
	}
	return 2
}

// numAt writes v with d decimals, thousands grouped.
func numAt(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if math.Abs(v) >= 1000 {
		i, frac, _ := strings.Cut(s, ".")
		s = model.GroupThousands(i)
		if frac != "" {
			s += "." + frac
		}
	}
	return s
}

// maxDigits bounds changeDigits: a change smaller than this many decimals
// shows is no change.
const maxDigits = 4

// changeDigits is how many decimals an outcome needs so that a change d in
// a value of scale's size never prints as zero (up to maxDigits): the
// before and after figures then differ whenever the verdict is not
// "no change".
func changeDigits(scale, d float64) int {
	dg := numDigits(scale)
	for dg < maxDigits && !isZeroAt(d, maxDigits) && isZeroAt(d, dg) {
		dg++
	}
	return dg
}

// isZeroAt reports whether v prints as zero with d decimals.
func isZeroAt(v float64, d int) bool {
	return math.Abs(v) < 1e-9 || strconv.FormatFloat(math.Abs(v), 'f', d, 64) == strconv.FormatFloat(0, 'f', d, 64)
}

// signedAt writes v with d decimals and a sign, "±0" when it prints as zero.
func signedAt(v float64, d int) string {
	if isZeroAt(v, d) {
		return "±0"
	}
	if v < 0 {
		return "−" + numAt(-v, d)
	}
	return "+" + numAt(v, d)
}

// signedNum always carries a sign (− for falls), with the decimals a
// change of its size needs.
func signedNum(v float64) string { return signedAt(v, changeDigits(v, v)) }

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

// isZeroShown reports whether v would print as zero even with the most
// decimals a change is given: the one test for "no change".
func isZeroShown(v float64) bool { return isZeroAt(v, maxDigits) }

func withUnit(v string, unit string) string {
	switch unit {
	case "":
		return v
	case "%":
		return v + "%"
	}
	return v + " " + unit
}

// noChange is the one wording for an unchanged figure.
const noChange = arrowFlat + " no change"

// verdict says in words and an arrow whether change d is better or worse.
func verdict(st *Styles, d float64, higherIsBetter bool) string {
	if isZeroShown(d) {
		return st.Neutral.Render(noChange)
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

// verdictAt is verdict for a change shown with dg decimals: a change
// that prints as zero is "no change", so figure and word agree.
func verdictAt(st *Styles, d float64, dg int, higherIsBetter bool) string {
	if isZeroAt(d, dg) {
		return st.Neutral.Render(noChange)
	}
	return verdict(st, d, higherIsBetter)
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

// sentence starts s with a capital letter: the engine writes refusals
// that begin with a silo's name ("public health can give…").
func sentence(s string) string {
	for i, r := range s {
		return s[:i] + strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// kindLabel is a place's kind as shown: proper nouns capitalised
// ("London borough").
func kindLabel(kind string) string {
	words := strings.Fields(kind)
	for i, w := range words {
		if strings.EqualFold(w, "london") {
			words[i] = "London"
		}
	}
	return strings.Join(words, " ")
}

// perHead writes a per-person figure in whole pounds: "£8,947".
func perHead(v float64) string {
	if v < 0 {
		return "−" + perHead(-v)
	}
	return "£" + model.GroupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// afterYears says when something takes full effect: "at once", "after 1
// year", "after 3 years".
func afterYears(v float64) string {
	if v <= 0 {
		return "at once"
	}
	return "after " + yearsText(v)
}

// agreeDigits is dg, or more decimals (up to maxDigits) until a before and
// after figure and their change agree as printed: 13.44 → 12.56 shows as
// "13.44 → 12.56, −0.88", not "13.4 → 12.6, −0.9".
func agreeDigits(before, after float64, dg int) int {
	round := func(v float64, d int) float64 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
		return r
	}
	for dg < maxDigits && signedAt(round(after, dg)-round(before, dg), dg) != signedAt(after-before, dg) {
		dg++
	}
	return dg
}
