package plan

import (
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"

	"totalplace/model"
	"totalplace/report"
)

// HTML writes the plan as one self-contained page: inline CSS and SVG
// charts, nothing fetched (the page's content security policy forbids it),
// headings and table headers for screen readers, a title and description
// on every chart, colour never the only signal (patterns, line styles,
// shapes and words carry it too), and print rules for A4.
func HTML(w io.Writer, pl *Plan) error {
	h := &htmlWriter{pl: pl}
	h.write()
	_, err := io.WriteString(w, h.b.String())
	return err
}

type htmlWriter struct {
	b      strings.Builder
	pl     *Plan
	charts int // for unique ids
}

func (h *htmlWriter) f(format string, a ...any) { fmt.Fprintf(&h.b, format, a...) }

// e escapes text for HTML.
func e(s string) string { return html.EscapeString(s) }

// css is the page's only style: readable on screen, A4 in print. The
// palette is Okabe and Ito's, safe for colour-blind readers.
const css = `
:root{--ink:#1b1b1b;--muted:#555;--rule:#c8c8c8;--blue:#0072B2;--orange:#E69F00;--verm:#D55E00;--green:#009E73;--sky:#56B4E9;--band:#cfe3f1}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:var(--ink);max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;font-size:15px}
h1{font-size:1.7rem;margin:0 0 .3rem}
h2{font-size:1.3rem;border-bottom:2px solid var(--ink);padding-bottom:.2rem;margin-top:2.2rem}
h3{font-size:1.05rem;margin-top:1.4rem}
p.meta,.note,figcaption{color:var(--muted);font-size:.9rem}
.callout{border-left:4px solid var(--orange);padding:.4rem .8rem;background:#fff7e6}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.86rem}
caption{text-align:left;font-weight:bold;padding:.2rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.25rem .4rem;vertical-align:top;text-align:left}
td a{word-break:break-all}
thead th{border-bottom:2px solid var(--ink)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td,tr.total th{font-weight:bold;border-top:2px solid var(--ink)}
.better{color:#005a8c}.worse{color:#a33f00}
.charts{display:flex;flex-wrap:wrap;gap:.8rem}
figure{margin:.6rem 0 1rem}
figure.small{width:calc(50% - .4rem);margin:0}
svg{max-width:100%;height:auto;font-family:inherit}
svg text{font-size:11px;fill:var(--ink)}
.legend{font-size:.85rem;margin:.2rem 0 .6rem}
.key{display:inline-block;width:1.6em;height:.9em;vertical-align:middle;margin:0 .3em 0 .8em;border:1px solid var(--ink)}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.summary dt{font-weight:bold}dl.summary dd{margin:0}
@page{size:A4;margin:16mm 14mm}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10pt}
 h2{break-after:avoid;page-break-after:avoid}
 h3{break-after:avoid}
 figure,tr,dl{break-inside:avoid;page-break-inside:avoid}
 thead{display:table-header-group}
 .appendix{break-before:page;page-break-before:always}
 figure.small{width:calc(50% - .4rem)}
 a{color:inherit;text-decoration:none}
}
`

func (h *htmlWriter) write() {
	pl := h.pl
	p := pl.Place
	title := "Local Public Service Plan: " + p.Name
	h.f("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
	// Nothing may be fetched: a plan opened years later, offline, must
	// look the same, and must not call anywhere when opened.
	h.f("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	h.f("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	h.f("<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", e(title), css)
	h.f("<h1>%s</h1>\n", e(title))
	h.f("<p class=\"meta\">Of %s, from workshop session %s (%s to %s, %s; stage: %s). £ a year at %s prices, %d to %d.</p>\n",
		e(pl.Scenario.Label), e(pl.Session.ID), day(pl.Session.Started), day(pl.Session.Updated), plural(pl.Session.Events, "event", "events"),
		e(pl.Session.Stage), e(p.PriceYear), p.BaseYear, p.HorizonYear)
	if p.Illustrative {
		h.f("<p class=\"callout\"><strong>Illustrative figures.</strong> This place's figures are derived or assumed, not an official count: Appendix A gives the source or the assumption behind every one.</p>\n")
	}
	h.summary()
	h.spend()
	h.moves()
	h.outcomes()
	h.gaps()
	h.ledger()
	h.priorities()
	h.asks()
	h.people()
	h.appendices()
	h.f("</main>\n</body>\n</html>\n")
}

func (h *htmlWriter) summary() {
	pl, p := h.pl, h.pl.Place
	h.f("<h2 id=\"summary\">Summary</h2>\n<dl class=\"summary\">\n")
	dd := func(k, v string) { h.f("<dt>%s</dt><dd>%s</dd>\n", e(k), v) }
	spend := model.FormatMoney(p.TotalSpend) + " a year"
	if p.Population > 0 {
		spend += fmt.Sprintf(" (%s a head, %s people)", model.FormatMoney(p.TotalSpend/p.Population), model.GroupThousands(strconv.FormatFloat(p.Population, 'f', 0, 64)))
	}
	dd("Total public spend", e(spend))
	dd("Through local authorities", e(fmt.Sprintf("%s (%s a year)", percentText(p.LocalShare), model.FormatMoney(p.LocalAuthority))))
	dd("Can move locally", e(fmt.Sprintf("%s (%s a year); the rest is fixed nationally or by law", percentText(p.MovableShare), model.FormatMoney(p.Movable))))
	var moved float64
	for _, mv := range pl.Moves {
		moved += mv.Amount
	}
	dd("The plan", e(fmt.Sprintf("%s moving %s a year; %s not agreed", plural(len(pl.Moves), "move", "moves"), model.FormatMoney(moved),
		plural(len(pl.NotAgreed), "proposal", "proposals"))))
	better, narrower := 0, 0
	for _, o := range pl.Outcomes {
		if o.Direction == "better" {
			better++
		}
	}
	for _, g := range pl.Gaps {
		if g.Direction == "narrower" {
			narrower++
		}
	}
	dd(fmt.Sprintf("By %d", p.HorizonYear), e(fmt.Sprintf("%d of %d outcomes better than carrying on as now; the gap narrower in %d of %d", better, len(pl.Outcomes), narrower, len(pl.Gaps))))
	dd("Who invests and who saves", e(pl.Ledger.Headline))
	if len(pl.Asks.Asks) > 0 {
		dd("Asks of the centre", e(fmt.Sprintf("%s totalling %s a year", plural(len(pl.Asks.Asks), "ask", "asks"), model.FormatMoney(pl.Asks.Total))))
	}
	dd("Sign-off", e(fmt.Sprintf("%d agreed, %d not agreed, %d awaited", pl.SignOff.Agreed, pl.SignOff.NotAgreed, len(pl.SignOff.Awaiting))))
	h.f("</dl>\n")
}

// table writes a table with a caption, a header row and, for rows whose
// first cell names them, row headers; right marks numeric columns.
// Cells are already escaped.
func (h *htmlWriter) table(caption string, header []string, right []bool, rows [][]string, total bool) {
	h.f("<table>\n")
	if caption != "" {
		h.f("<caption>%s</caption>\n", e(caption))
	}
	cls := func(i int) string {
		if i < len(right) && right[i] {
			return ` class="n"`
		}
		return ""
	}
	h.f("<thead><tr>")
	for i, c := range header {
		h.f("<th scope=\"col\"%s>%s</th>", cls(i), e(c))
	}
	h.f("</tr></thead>\n<tbody>\n")
	for k, r := range rows {
		if total && k == len(rows)-1 {
			h.f("<tr class=\"total\">")
		} else {
			h.f("<tr>")
		}
		for i, c := range r {
			if i == 0 {
				h.f("<th scope=\"row\"%s>%s</th>", cls(i), c)
				continue
			}
			h.f("<td%s>%s</td>", cls(i), c)
		}
		h.f("</tr>\n")
	}
	h.f("</tbody>\n</table>\n")
}

func (h *htmlWriter) spend() {
	pl, p := h.pl, h.pl.Place
	h.f("<h2 id=\"spend\">1. The place and its spend</h2>\n")
	if p.Description != "" {
		h.f("<p>%s</p>\n", e(p.Description))
	}
	h.spendChart()
	var rows [][]string
	for _, a := range pl.Agencies {
		rows = append(rows, []string{e(a.Name), e(a.Level), e(model.FormatMoney(a.Budget)), e(model.FormatMoney(a.Fixed)), e(model.FormatMoney(a.Movable)),
			e(percentText(a.Share)), e(model.FormatMoney(a.Planned))})
	}
	rows = append(rows, []string{"All agencies", "", e(model.FormatMoney(p.TotalSpend)), e(model.FormatMoney(p.TotalSpend - p.Movable)), e(model.FormatMoney(p.Movable)), "100%", e(model.FormatMoney(p.TotalSpend))})
	h.table("Spend by agency, £ a year", []string{"Agency", "Level", "Spend a year", "Fixed", "Can move", "Share", fmt.Sprintf("Under the plan, %d", p.HorizonYear)},
		[]bool{false, false, true, true, true, true, true}, rows, true)
	h.f("<p class=\"note\">Fixed: entitlements, ring-fenced grants and statutory floors that the place cannot move.</p>\n")
}

// svgOpen starts a chart: an SVG with a title and description that
// screen readers announce, in a figure with a visible caption.
func (h *htmlWriter) svgOpen(class string, w, ht int, title, desc string) {
	h.charts++
	id := fmt.Sprintf("chart%d", h.charts)
	if class != "" {
		class = ` class="` + class + `"`
	}
	h.f("<figure%s>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n",
		class, w, ht, w, ht, id, id)
	h.f("<title id=\"%s-t\">%s</title>\n<desc id=\"%s-d\">%s</desc>\n", id, e(title), id, e(desc))
}

func (h *htmlWriter) svgClose(caption string) {
	h.f("</svg>\n<figcaption>%s</figcaption>\n</figure>\n", e(caption))
}

// patterns are the SVG fills that mark what colour also marks, so a
// printout in grey or a colour-blind reader loses nothing.
const patterns = `<defs>
<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e6e6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="2"/></pattern>
</defs>
`

func (h *htmlWriter) spendChart() {
	pl, p := h.pl, h.pl.Place
	const w, left, right, row = 720, 150, 230, 22
	ht := len(pl.Agencies)*row + 40
	var big float64
	for _, a := range pl.Agencies {
		big = max(big, a.Budget)
	}
	if big <= 0 {
		return
	}
	var desc []string
	for _, a := range pl.Agencies {
		desc = append(desc, fmt.Sprintf("%s %s, of which %s can move", a.Short, model.FormatMoney(a.Budget), model.FormatMoney(a.Movable)))
	}
	h.svgOpen("", w, ht, "Spend by agency: what is fixed and what can move", strings.Join(desc, "; ")+".")
	h.f("%s", patterns)
	scale := float64(w-left-right) / big
	for i, a := range pl.Agencies {
		y := 10 + i*row
		fixedW := a.Fixed * scale
		movW := a.Movable * scale
		h.f("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left-6, y+14, e(a.Short))
		h.f("<rect x=\"%d\" y=\"%d\" width=\"%s\" height=\"16\" fill=\"url(#hatch)\" stroke=\"#555\" stroke-width=\".5\"/>\n", left, y+2, px(fixedW))
		h.f("<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"16\" fill=\"var(--blue)\"/>\n", px(float64(left)+fixedW), y+2, px(movW))
		h.f("<text x=\"%s\" y=\"%d\">%s (%s can move)</text>\n", px(float64(left)+fixedW+movW+6), y+14, e(model.FormatMoney(a.Budget)), e(model.FormatMoney(a.Movable)))
	}
	ly := len(pl.Agencies)*row + 24
	h.f("<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"11\" fill=\"url(#hatch)\" stroke=\"#555\"/><text x=\"%d\" y=\"%d\">fixed (hatched)</text>\n", left, ly, left+24, ly+10)
	h.f("<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"11\" fill=\"var(--blue)\"/><text x=\"%d\" y=\"%d\">can move locally (solid)</text>\n", left+140, ly, left+164, ly+10)
	h.svgClose(fmt.Sprintf("Spend by agency, £ a year: %s in all, %s of it can move locally.", model.FormatMoney(p.TotalSpend), model.FormatMoney(p.Movable)))
}

func (h *htmlWriter) moves() {
	pl := h.pl
	h.f("<h2 id=\"moves\">2. The agreed moves</h2>\n")
	if len(pl.Moves) == 0 {
		h.f("<p>No money moves: this plan is carrying on as now.</p>\n")
	} else {
		var rows [][]string
		for _, mv := range pl.Moves {
			prop, agreed := howText(pl, mv)
			why := e(quotedText(mv.Why))
			if mv.AnswerWhy != "" && mv.ProposalWhy != "" {
				why = e(quotedText(mv.ProposalWhy)) + "; agreed: " + e(quotedText(mv.AnswerWhy))
			}
			rows = append(rows, []string{strconv.Itoa(mv.Number), e(moveWords(pl, mv)), strconv.Itoa(mv.StartYear), e(prop), e(agreed), why})
		}
		h.table("Moves in the plan", []string{"#", "Move", "Starts", "Proposed by", "Agreed by", "Why"}, []bool{true, false, true}, rows, false)
	}
	for _, q := range pl.Pools {
		h.f("<p>Pooled: %s, freeing %s a year by %d (its administration today: %s of %s a year).</p>\n", e(q.Name), e(model.FormatMoney(q.Saving)),
			pl.Place.HorizonYear, e(model.FormatMoney(q.Admin)), e(model.FormatMoney(q.Cohort)))
	}
	if len(pl.NotAgreed) > 0 {
		h.f("<h3>Proposals not agreed</h3>\n")
		var rows [][]string
		for _, x := range pl.NotAgreed {
			answer := x.Status
			if x.AnsweredBy != "" {
				answer += " by " + nameOf(pl.Participants, x.AnsweredBy)
			}
			if x.AnswerWhy != "" {
				answer += ": " + quotedText(x.AnswerWhy)
			}
			rows = append(rows, []string{e(fmt.Sprintf("%s a year from %s to %s from %d", model.FormatMoney(x.Amount), x.FromName, x.ToName, x.StartYear)),
				e(nameOf(pl.Participants, x.ProposedBy)), e(quotedText(x.Why)), e(answer)})
		}
		h.table("", []string{"Proposal", "Proposed by", "Why", "Answer"}, nil, rows, false)
	}
}

func quotedText(s string) string {
	if s == "" {
		return "–"
	}
	return "“" + s + "”"
}

func (h *htmlWriter) outcomes() {
	pl := h.pl
	h.f("<h2 id=\"outcomes\">3. Expected outcomes</h2>\n")
	var rows [][]string
	for _, o := range pl.Outcomes {
		y := o.Years[len(o.Years)-1]
		rows = append(rows, []string{e(o.Name + unitOf(o)), fig(o.Baseline), fig(y.Central), fig(y.Low) + "–" + fig(y.High),
			fmt.Sprintf("<span class=\"%s\">%s %s</span>", dirClass(o.Direction), e(signedFig(o.Change)), e(o.Direction))})
	}
	h.table(fmt.Sprintf("Outcomes now and in %d", pl.Place.HorizonYear), []string{"Outcome", "Now", strconv.Itoa(pl.Place.HorizonYear), "Range", "Change"},
		[]bool{false, true, true, true, false}, rows, false)
	h.f("<p class=\"note\">Range: the plan at the low and high ends of every uncertain figure. Changes are against carrying on as now, not forecasts.</p>\n")
	h.f("<p class=\"legend\">In each chart: <span class=\"key\" style=\"background:var(--band)\"></span>shaded band: the range; <strong>solid line with dots</strong>: the plan; <strong>dashed line</strong>: carrying on as now.</p>\n<div class=\"charts\">\n")
	for _, o := range pl.Outcomes {
		h.outcomeChart(o)
	}
	h.f("</div>\n")
	for _, o := range pl.Outcomes {
		var rows [][]string
		for _, y := range o.Years {
			rows = append(rows, []string{strconv.Itoa(y.Year), fig(y.Baseline), fig(y.Central), fig(y.Low) + "–" + fig(y.High)})
		}
		better := "higher is better"
		if !o.HigherIsBetter {
			better = "lower is better"
		}
		h.table(o.Name+unitOf(o)+" by year ("+better+")", []string{"Year", "Carrying on", "Plan", "Range"}, []bool{true, true, true, true}, rows, false)
	}
}

func dirClass(d string) string {
	switch d {
	case "better", "narrower":
		return "better"
	case "worse", "wider":
		return "worse"
	}
	return ""
}

// px writes an SVG coordinate to a tenth, so the page is the same on
// every machine and small.
func px(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// span is a chart's value axis: lo to hi, padded, never empty.
func span(vals ...float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if math.IsInf(lo, 0) {
		return 0, 1
	}
	pad := (hi - lo) * 0.1
	if pad == 0 {
		pad = math.Max(math.Abs(hi)*0.01, 0.001)
	}
	return lo - pad, hi + pad
}

func (h *htmlWriter) outcomeChart(o Outcome) {
	const w, ht, l, r, t, b = 340, 190, 52, 10, 12, 28
	var vals []float64
	for _, y := range o.Years {
		vals = append(vals, y.Low, y.High, y.Central, y.Baseline)
	}
	lo, hi := span(vals...)
	n := len(o.Years)
	x := func(i int) float64 {
		if n < 2 {
			return l
		}
		return l + float64(i)*float64(w-l-r)/float64(n-1)
	}
	yv := func(v float64) float64 { return t + (hi-v)/(hi-lo)*float64(ht-t-b) }
	last := o.Years[n-1]
	desc := fmt.Sprintf("%s%s from %d to %d: carrying on as now %s by %d; the plan %s (range %s to %s), %s.", o.Name, unitOf(o), o.Years[0].Year, last.Year,
		fig(last.Baseline), last.Year, fig(last.Central), fig(last.Low), fig(last.High), o.Direction)
	h.svgOpen("small", w, ht, o.Name+" over the years", desc)
	// Axis and its extremes.
	h.f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n", l, ht-b, w-r, ht-b)
	h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", l-4, px(yv(hi)+10), e(fig(hi)))
	h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", l-4, px(yv(lo)), e(fig(lo)))
	h.f("<text x=\"%d\" y=\"%d\" text-anchor=\"start\">%d</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n", l, ht-b+16, o.Years[0].Year, w-r, ht-b+16, last.Year)
	// The range: high edge left to right, low edge back.
	var band []string
	for i, y := range o.Years {
		band = append(band, px(x(i))+","+px(yv(y.High)))
	}
	for i := n - 1; i >= 0; i-- {
		band = append(band, px(x(i))+","+px(yv(o.Years[i].Low)))
	}
	h.f("<polygon points=\"%s\" fill=\"var(--band)\" stroke=\"none\"/>\n", strings.Join(band, " "))
	line := func(get func(OutcomeYear) float64) string {
		var pts []string
		for i, y := range o.Years {
			pts = append(pts, px(x(i))+","+px(yv(get(y))))
		}
		return strings.Join(pts, " ")
	}
	h.f("<polyline points=\"%s\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n", line(func(y OutcomeYear) float64 { return y.Baseline }))
	h.f("<polyline points=\"%s\" fill=\"none\" stroke=\"var(--blue)\" stroke-width=\"2.5\"/>\n", line(func(y OutcomeYear) float64 { return y.Central }))
	for i, y := range o.Years {
		h.f("<circle cx=\"%s\" cy=\"%s\" r=\"2.6\" fill=\"var(--blue)\"/>\n", px(x(i)), px(yv(y.Central)))
	}
	h.svgClose(fmt.Sprintf("%s%s: %s %s by %d.", o.Name, unitOf(o), signedFig(o.Change), o.Direction, last.Year))
}

func (h *htmlWriter) gaps() {
	pl := h.pl
	hz := strconv.Itoa(pl.Place.HorizonYear)
	h.f("<h2 id=\"gaps\">4. Inequality: gaps before and after</h2>\n")
	var rows [][]string
	for _, g := range pl.Gaps {
		rows = append(rows, []string{e(g.Name), fig(g.Before), fig(g.After), fig(g.AfterLow) + "–" + fig(g.AfterHigh), fig(g.SIIBefore) + " → " + fig(g.SIIAfter),
			fmt.Sprintf("<span class=\"%s\">%s</span>", dirClass(g.Direction), e(g.Direction))})
	}
	h.table("The gap between the most and least deprived fifths", []string{"Outcome", "Gap now", "Gap " + hz, "Range", "SII", "Gap is"},
		[]bool{false, true, true, true, true, false}, rows, false)
	h.f("<p class=\"note\">Gap: how much worse the most deprived fifth of neighbourhoods fares than the least deprived (positive: the deprived fare worse). SII: the slope index of inequality across every neighbourhood. Smaller is fairer.</p>\n")
	h.f("<p class=\"legend\">In each chart, by local fifth (1 most deprived to 5 least): <strong>hollow circle</strong>: now; <strong>filled diamond</strong>: %s under the plan.</p>\n<div class=\"charts\">\n", hz)
	for _, g := range pl.Gaps {
		h.gapChart(g)
	}
	h.f("</div>\n")
	rows = nil
	for _, g := range pl.Gaps {
		cells := []string{e(g.Name)}
		for q := range 5 {
			cells = append(cells, fig(g.FifthsBefore[q])+" → "+fig(g.FifthsAfter[q]))
		}
		rows = append(rows, cells)
	}
	h.table("Each outcome by local fifth, now → "+hz, []string{"Outcome", "1 most deprived", "2", "3", "4", "5 least deprived"}, []bool{false, true, true, true, true, true}, rows, false)
}

func (h *htmlWriter) gapChart(g Gap) {
	const w, ht, l, r, t, b = 340, 170, 52, 10, 12, 30
	lo, hi := span(append(g.FifthsBefore[:], g.FifthsAfter[:]...)...)
	yv := func(v float64) float64 { return t + (hi-v)/(hi-lo)*float64(ht-t-b) }
	x := func(q int) float64 { return l + 20 + float64(q)*float64(w-l-r-40)/4 }
	var desc []string
	for q := range 5 {
		desc = append(desc, fmt.Sprintf("fifth %d: %s now, %s after", q+1, fig(g.FifthsBefore[q]), fig(g.FifthsAfter[q])))
	}
	h.svgOpen("small", w, ht, g.Name+" by local fifth, now and under the plan",
		strings.Join(desc, "; ")+fmt.Sprintf(". The gap is %s: %s now, %s after.", g.Direction, fig(g.Before), fig(g.After)))
	h.f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n", l, ht-b, w-r, ht-b)
	h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", l-4, px(yv(hi)+10), e(fig(hi)))
	h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", l-4, px(yv(lo)), e(fig(lo)))
	for q := range 5 {
		cx := x(q)
		label := strconv.Itoa(q + 1)
		if q == 0 {
			label = "1 most"
		} else if q == 4 {
			label = "5 least"
		}
		h.f("<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", px(cx), ht-b+16, label)
		h.f("<circle cx=\"%s\" cy=\"%s\" r=\"5\" fill=\"#fff\" stroke=\"#444\" stroke-width=\"1.5\"/>\n", px(cx-7), px(yv(g.FifthsBefore[q])))
		ya := yv(g.FifthsAfter[q])
		h.f("<path d=\"M%s %sl5 5l-5 5l-5 -5z\" fill=\"var(--orange)\" stroke=\"#444\"/>\n", px(cx+7), px(ya-5))
	}
	h.svgClose(fmt.Sprintf("%s: gap %s → %s, %s.", g.Name, fig(g.Before), fig(g.After), g.Direction))
}

func (h *htmlWriter) ledger() {
	pl := h.pl
	l := pl.Ledger
	horizon := pl.Place.HorizonYear
	h.f("<h2 id=\"ledger\">5. Who invests and who saves</h2>\n<p>%s</p>\n", e(l.Headline))
	if len(l.Rows) == 0 {
		return
	}
	gain := len(l.GainShares) > 0
	header := []string{"Agency", "Gives", "Gets", "Within", "Saves", "Net", "NPV", "Payback"}
	if gain {
		header = append(header, "Gain-share", "Net after")
	}
	row := func(r LedgerRow) []string {
		cells := []string{e(r.Name), e(model.FormatMoney(r.GivesUp)), e(model.FormatMoney(r.Gets)), e(model.FormatMoney(r.Within)), e(moneyText(r.Saves)),
			e(signedMoney(r.Net)), e(signedMoney(r.NPV)), e(payback(r, horizon))}
		if gain {
			cells = append(cells, e(signedMoney(r.GainShare)), e(signedMoney(r.NetAfterGainShare)))
		}
		return cells
	}
	var rows [][]string
	for _, r := range l.Rows {
		rows = append(rows, row(r))
	}
	all := row(l.Place)
	rows = append(rows, all)
	h.table(fmt.Sprintf("Totals %d–%d", pl.Place.BaseYear, horizon), header, []bool{false, true, true, true, true, true, true, false, true, true}, rows, true)
	h.f("<p class=\"note\">%s NPV: net discounted at %s a year. %s</p>\n", e(report.LedgerNote("gives", "gets", "within", "saves", "net")), e(rateText(pl.Place.DiscountRate)), e(report.LedgerNote("payback")))
	h.f("<p>%s</p>\n", e(l.InvestToSave))
	h.ledgerChart()
	if gain {
		h.f("<h3>Gain-share agreements</h3>\n<ul>\n")
		for _, g := range l.GainShares {
			h.f("<li>%s returns %s of its cashable savings from %s's moves for %s: %s of %s over the horizon. %s</li>\n", e(g.SaverName), percentText(g.Share),
				e(g.InvestorName), plural(g.Years, "year", "years"), e(model.FormatMoney(g.Returned)), e(model.FormatMoney(g.Savings)), e(quotedText(g.Why)))
		}
		h.f("</ul>\n<p class=\"note\">%s</p>\n", e(l.GainShareMethod))
	}
	if len(l.MakeWhole) > 0 {
		h.f("<h3>What would make each investor whole</h3>\n<ul>\n")
		for _, x := range l.MakeWhole {
			if x.Enough {
				h.f("<li>%s returning %s of its savings from %s's moves (%s) would repay the %s %s is still out of pocket by %d.</li>\n", e(x.SaverName), percentText(x.Share),
					e(x.InvestorName), e(model.FormatMoney(x.Savings)), e(model.FormatMoney(x.Outlay)), e(x.InvestorName), horizon)
			} else {
				h.f("<li>Even all of %s's savings from %s's moves (%s) would not repay the %s it is still out of pocket by %d.</li>\n", e(x.SaverName), e(x.InvestorName),
					e(model.FormatMoney(x.Savings)), e(model.FormatMoney(x.Outlay)), horizon)
			}
		}
		h.f("</ul>\n")
	}
	// The figures behind the chart, for anyone who cannot see it.
	header = []string{"Year"}
	for _, r := range l.Rows {
		header = append(header, r.Name)
	}
	rows = nil
	for _, y := range pl.Place.Years {
		cells := []string{strconv.Itoa(y)}
		for _, r := range l.Rows {
			for _, ly := range l.Years {
				if ly.Agency == r.Agency && ly.Year == y {
					s := signedMoney(ly.Net)
					if gain && ly.GainShare != 0 {
						s += " (" + signedMoney(ly.NetAfter) + " after)"
					}
					cells = append(cells, e(s))
				}
			}
		}
		rows = append(rows, cells)
	}
	right := make([]bool, len(header))
	for i := range right {
		right[i] = true
	}
	h.table("Net by year, £", header, right, rows, false)
}

// ledgerChart draws each agency's net by year as bars above (saves more
// than it gives) or below (out of pocket) a zero line, one small chart
// per agency, with a tick for the net after gain-share when there is one.
func (h *htmlWriter) ledgerChart() {
	pl := h.pl
	l := pl.Ledger
	var vals []float64
	for _, y := range l.Years {
		vals = append(vals, y.Net, y.NetAfter, 0)
	}
	lo, hi := span(vals...)
	h.f("<p class=\"legend\">Net by year for each agency: a bar <strong>above</strong> the zero line saves more than it gives that year, <strong>below</strong> is out of pocket (also hatched); every chart has the same scale.")
	if len(l.GainShares) > 0 {
		h.f(" A black tick marks the net after gain-share.")
	}
	h.f("</p>\n<div class=\"charts\">\n")
	const w, ht, lft, r, t, b = 340, 160, 60, 10, 12, 26
	yv := func(v float64) float64 { return t + (hi-v)/(hi-lo)*float64(ht-t-b) }
	for _, row := range l.Rows {
		var ys []LedgerYear
		for _, y := range l.Years {
			if y.Agency == row.Agency {
				ys = append(ys, y)
			}
		}
		if len(ys) == 0 {
			continue
		}
		var desc []string
		for _, y := range ys {
			desc = append(desc, fmt.Sprintf("%d %s", y.Year, signedMoney(y.Net)))
		}
		h.svgOpen("small", w, ht, row.Name+": net by year", "Net by year: "+strings.Join(desc, ", ")+".")
		h.f("%s", strings.Replace(patterns, `id="hatch"`, fmt.Sprintf(`id="hatch%d"`, h.charts), 1))
		slot := float64(w-lft-r) / float64(len(ys))
		zero := yv(0)
		for i, y := range ys {
			x0 := float64(lft) + float64(i)*slot + slot*0.15
			bw := slot * 0.7
			top, bottom := yv(math.Max(y.Net, 0)), yv(math.Min(y.Net, 0))
			fill := "var(--green)"
			if y.Net < 0 {
				fill = fmt.Sprintf("url(#hatch%d)", h.charts)
			}
			h.f("<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\" stroke=\"#555\" stroke-width=\".5\"/>\n", px(x0), px(top), px(bw), px(math.Max(bottom-top, 0.5)), fill)
			if y.GainShare != 0 {
				h.f("<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#000\" stroke-width=\"2.5\"/>\n", px(x0-2), px(x0+bw+2), px(yv(y.NetAfter)), px(yv(y.NetAfter)))
			}
		}
		h.f("<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#000\"/>\n", lft, px(zero), w-r, px(zero))
		h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">£0</text>\n", lft-4, px(zero+4))
		// The scale's ends, unless one would print over the zero line's label.
		if zero-yv(hi) > 16 {
			h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", lft-4, px(yv(hi)+10), e(signedMoney(hi)))
		}
		if yv(lo)-zero > 16 {
			h.f("<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>\n", lft-4, px(yv(lo)), e(signedMoney(lo)))
		}
		h.f("<text x=\"%d\" y=\"%d\">%d</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>\n", lft, ht-b+16, ys[0].Year, w-r, ht-b+16, ys[len(ys)-1].Year)
		h.svgClose(fmt.Sprintf("%s: net %s over the horizon.", row.Name, signedMoney(row.Net)))
	}
	h.f("</div>\n")
}

func (h *htmlWriter) priorities() {
	pl := h.pl
	pr := pl.Priorities
	h.f("<h2 id=\"priorities\">6. Community priorities</h2>\n")
	if len(pr.Votes) == 0 {
		h.f("<p>No priorities were recorded in this workshop.</p>\n")
		return
	}
	if pr.Hidden {
		h.f("<p>The facilitator kept the priorities hidden in the workshop; they are shown here in full.</p>\n")
	}
	var rows [][]string
	for _, w := range pr.Combined {
		change, contribution := "–", "–" // not weighted, or no level to take a percentage of
		for _, x := range pr.ByOut {
			if x.Outcome == w.Outcome {
				change, contribution = signedFig(x.Change)+"%", signedFig(x.Contribution)+"%"
			}
		}
		rows = append(rows, []string{e(w.Name), percentText(w.Weight), e(change), e(contribution)})
	}
	h.table("Combined priorities and the score", []string{"Outcome", "Weight", "Better by " + strconv.Itoa(pl.Place.HorizonYear) + " (% of where it starts)", "Contribution"}, []bool{false, true, true, true}, rows, false)
	h.f("<p><strong>Priority-weighted score: %s%%</strong> better than carrying on as now (0%%).</p>\n<p class=\"note\">%s</p>\n", e(signedFig(pr.Score)), e(pr.Method))
	rows = nil
	for _, v := range pr.Votes {
		who := v.Name
		if v.Panel != "" {
			who = "community panel “" + v.Panel + "”, entered by " + v.Name
		}
		var pts []string
		for _, p := range v.Points {
			pts = append(pts, fmt.Sprintf("%s %d", outcomeName(pl, p.Outcome), p.Points))
		}
		rows = append(rows, []string{e(who), e(strings.Join(pts, ", ")), e(stamp(v.Time))})
	}
	h.table("Points", []string{"Points from", "Points", "When"}, nil, rows, false)
}

func (h *htmlWriter) asks() {
	pl := h.pl
	a := pl.Asks
	h.f("<h2 id=\"asks\">7. Asks of the centre</h2>\n")
	if len(a.Asks) == 0 {
		h.f("<p>No asks of the centre were recorded in this workshop.</p>\n")
		return
	}
	var rows [][]string
	for _, d := range a.ByDepartment {
		rows = append(rows, []string{e(d.Name), strconv.Itoa(d.Asks), e(model.FormatMoney(d.Amount))})
	}
	rows = append(rows, []string{"All departments", strconv.Itoa(len(a.Asks)), e(model.FormatMoney(a.Total))})
	h.table("Asks by department, £ a year", []string{"Department", "Asks", "A year"}, []bool{false, true, true}, rows, true)
	h.f("<ul>\n")
	for _, x := range a.Asks {
		h.f("<li><strong>%s a year from %s to %s from %d</strong>, asked by %s: %s. Blocked today: %s.", e(model.FormatMoney(x.Amount)), e(x.FromName), e(x.ToName),
			x.StartYear, e(x.Name), e(quotedText(x.Why)), e(x.Blocked))
		var outs []string
		for _, o := range x.AsIfAllowed {
			if o.Direction != "no change" {
				outs = append(outs, fmt.Sprintf("%s %s (%s)", outcomeName(pl, o.Outcome), signedFig(o.Change), o.Direction))
			}
		}
		if len(outs) > 0 {
			h.f(" <em>If allowed (not allowed today)</em>, by %d: %s.", pl.Place.HorizonYear, e(strings.Join(outs, "; ")))
		}
		h.f("</li>\n")
	}
	h.f("</ul>\n<p class=\"note\">%s</p>\n", e(a.Note))
}

func (h *htmlWriter) people() {
	pl := h.pl
	h.f("<h2 id=\"sign-off\">8. Participants and sign-off</h2>\n")
	var rows [][]string
	for _, q := range pl.Participants {
		name := nameOf(pl.Participants, q.ID)
		if q.Removed {
			name += " (removed)"
		}
		rows = append(rows, []string{e(name), e(q.Role), e(q.AgencyName), e(stamp(q.Joined))})
	}
	h.table("Participants", []string{"Participant", "Role", "Agency", "Joined"}, nil, rows, false)
	if len(pl.SignOff.Records) == 0 {
		h.f("<p>No one has signed off the plan yet.</p>\n")
	} else {
		rows = nil
		for _, s := range pl.SignOff.Records {
			verdict := "agreed"
			if !s.Agreed {
				verdict = "<strong>not agreed</strong>"
			}
			if s.ChangedSince {
				verdict += " (before later changes)"
			}
			rows = append(rows, []string{e(s.Name), e(s.Agency), verdict, e(quotedText(s.Comment)), e(stamp(s.Time))})
		}
		h.table("Sign-off", []string{"Signed by", "Agency", "Plan", "Comment", "When"}, nil, rows, false)
	}
	if len(pl.SignOff.Awaiting) > 0 {
		h.f("<p>Awaiting sign-off: %s.</p>\n", e(strings.Join(pl.SignOff.Awaiting, ", ")))
	}
	for _, w := range pl.Warnings {
		h.f("<p class=\"callout\">Warning: %s</p>\n", e(w))
	}
}

func (h *htmlWriter) appendices() {
	pl := h.pl
	ev := pl.Evidence
	h.f("<section class=\"appendix\">\n<h2 id=\"sources\">Appendix A. Sources and assumptions</h2>\n")
	h.f("<p>%d figures lie behind these numbers: %d cited, %d assumed. Every assumption says why it was made.</p>\n", ev.Cited+ev.Assumed, ev.Cited, ev.Assumed)
	var rows [][]string
	for _, s := range ev.Sources {
		where := e(s.URL)
		if strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://") {
			where = fmt.Sprintf("<a href=\"%s\">%s</a>", e(s.URL), e(s.URL))
		}
		rows = append(rows, []string{e(s.ID), e(s.Title), where, strconv.Itoa(s.Figures)})
	}
	h.table("Sources", []string{"Source", "Title", "Where", "Figures"}, []bool{false, false, false, true}, rows, false)
	rows = nil
	for _, f := range ev.Figures {
		basis := "cited: " + e(f.Source)
		if f.Assumption != "" {
			basis = "<strong>assumed</strong>: " + e(f.Assumption)
		}
		if f.Note != "" {
			basis += " (" + e(f.Note) + ")"
		}
		rows = append(rows, []string{e(f.What), e(figureValue(f)), basis})
	}
	h.table("Every figure", []string{"Figure", "Value", "Basis"}, []bool{false, true, false}, rows, false)
	h.f("</section>\n<section class=\"appendix\">\n<h2 id=\"history\">Appendix B. Event history</h2>\n")
	rows = nil
	for _, x := range pl.History {
		rows = append(rows, []string{strconv.FormatUint(x.Seq, 10), e(stamp(x.Time)), e(x.Name), e(x.Text)})
	}
	h.table("Every event in the workshop's journal, oldest first", []string{"#", "When", "Who", "What"}, []bool{true}, rows, false)
	h.f("</section>\n")
}
