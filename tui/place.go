package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// provenance says where a figure comes from: the cited source's title, or
// "assumed: " and why. Every figure in a place file is one or the other.
func provenance(p *model.Place, v model.Param) string {
	switch {
	case v.IsAssumption():
		return "assumed: " + v.Assumption
	case v.Source != "":
		if k := p.SourceIndex(v.Source); k >= 0 && p.Sources[k].Title != "" {
			return "source: " + p.Sources[k].Title
		}
		return "source: " + v.Source
	}
	return "no source given"
}

// wrapIndent wraps s to width w, indenting every line by indent cells.
func wrapIndent(s string, w, indent int) []string {
	pad := strings.Repeat(" ", indent)
	out := strings.Split(lipgloss.NewStyle().Width(max(w-indent, 10)).Render(s), "\n")
	for i := range out {
		out[i] = pad + out[i]
	}
	return out
}

// wrapHang wraps s to width w with a hanging indent: the first line
// indented by first cells, the rest by rest.
func wrapHang(s string, w, first, rest int) []string {
	out := strings.Split(lipgloss.NewStyle().Width(max(w-rest, 10)).Render(s), "\n")
	for i := range out {
		if i == 0 {
			out[i] = strings.Repeat(" ", first) + out[i]
		} else {
			out[i] = strings.Repeat(" ", rest) + out[i]
		}
	}
	return out
}

// distributionText says in words how a silo's spend lands on neighbourhoods.
func distributionText(d string) string {
	switch d {
	case "need":
		return "need"
	case "population":
		return "population"
	case "children":
		return "children (0-15)"
	case "age16_59":
		return "people aged 16-59"
	case "age60_plus":
		return "people aged 60+"
	case "working_age":
		return "working-age people"
	}
	return d
}

// baselineAssumed reports whether any figure behind an outcome's baseline
// is assumed rather than cited.
func baselineAssumed(b model.Baseline) bool {
	if b.D1.IsAssumption() || b.D10.IsAssumption() || b.Offset.IsAssumption() || (b.ScaleTo != nil && b.ScaleTo.IsAssumption()) {
		return true
	}
	for _, v := range b.ByDecile {
		if v.IsAssumption() {
			return true
		}
	}
	return false
}

// outcomeUnit is how a change in an outcome is counted in prose.
func outcomeUnit(o model.Outcome) string {
	if o.Unit == "%" {
		return " points"
	}
	if o.Unit == "" {
		return ""
	}
	return " " + o.Unit
}

// renderSiloDetail is everything the place file says about the silo under
// the board's cursor, each figure with its source or its assumption.
func (m *Model) renderSiloDetail(w int) []string {
	st := m.com.styles
	p := m.st.Place
	i := m.siloAt(m.cursor)
	if i < 0 {
		return nil
	}
	s := p.Silos[i]
	a := p.AgencyIndex(s.Agency)
	agency := s.Agency
	if a >= 0 {
		agency = p.Agencies[a].Name
	}
	const ind = 4
	var lines []string
	lines = append(lines, wrapHang(st.Header.Render("Silo: "+s.Name), w, 0, 2)...)
	kind := []string{st.Agency(a).Render(agency), string(s.Type)}
	if s.Distribution != "" {
		kind = append(kind, "lands by "+distributionText(s.Distribution))
	}
	if s.Prevention {
		kind = append(kind, glyphPrev+" prevention")
	}
	lines = append(lines, wrapHang(strings.Join(kind, st.Muted.Render(" · ")), w, 2, 4)...)

	figure := func(label string, v model.Param, what string) {
		head := fmt.Sprintf("  %s %s", st.Bold.Render(label), what)
		if v.Year != "" {
			head += st.Muted.Render(" (" + v.Year + ")")
		}
		if v.IsAssumption() {
			head += "  " + st.Assumed.Render("A assumed")
		}
		lines = append(lines, head)
		lines = append(lines, wrapIndent(provenance(p, v), w, ind)...)
		if v.Note != "" {
			lines = append(lines, wrapIndent(st.Muted.Render("how: "+v.Note), w, ind)...)
		}
	}
	figure("Budget", s.Budget, model.FormatMoney(s.Budget.Value)+" a year")
	if s.Fixed.Value > 0 {
		why := s.FixedReason
		if why == "" {
			why = "fixed"
		}
		figure("Fixed", s.Fixed, model.FormatMoney(s.Fixed.Value)+": "+why)
	}
	if s.Floor.Value > 0 {
		figure("Floor", s.Floor, model.FormatMoney(s.Floor.Value)+": a statutory minimum")
	}
	switch mov := max(s.Movable(), 0); {
	case mov < 0.5:
		lines = append(lines, "  "+st.Bold.Render("Can move")+" nothing")
	case s.Locked() == 0:
		lines = append(lines, "  "+st.Bold.Render("Can move")+" all of it")
	default:
		lines = append(lines, fmt.Sprintf("  %s %s of %s", st.Bold.Render("Can move"), model.FormatMoney(mov), model.FormatMoney(s.Budget.Value)))
	}
	if n := int(s.ReleaseYears.Value); n > 1 && s.Movable() >= 0.5 {
		figure("Freed over", s.ReleaseYears, fmt.Sprintf("%d years: %s from %d, all of it from %d", n, model.FormatMoney(s.MovableIn(0)), p.BaseYear, p.BaseYear+n-1))
	}

	var effects []string
	shares := p.EffectShares()
	for i, e := range p.Effects {
		if e.Silo != s.ID {
			continue
		}
		o := p.OutcomeIndex(e.Outcome)
		if o < 0 {
			continue
		}
		out := p.Outcomes[o]
		lo, hi := e.PerMillion.Magnitude(model.Low), e.PerMillion.Magnitude(model.High)
		line := fmt.Sprintf("%s %s%s", out.Name, signedSig(e.PerMillion.Value), outcomeUnit(out))
		if lo != hi {
			line += fmt.Sprintf(" (%s to %s)", signedSig(lo), signedSig(hi))
		}
		line += fmt.Sprintf(", at most %s, in full %s", signedSig(math.Copysign(e.MaxEffect.Value, e.PerMillion.Value)), afterYears(e.YearsToFull.Value))
		if e.Targeting == "need" {
			line += ", more where need is greater"
		}
		if shares[i] < 1 {
			line += fmt.Sprintf("; buys with %.0f%% of its pounds", shares[i]*100)
		}
		if e.OnsetYears.Value >= 1 {
			line += fmt.Sprintf("; starts %s", afterYears(e.OnsetYears.Value))
		}
		line += fmt.Sprintf("; %s evidence, before deadweight, displacement and optimism bias", e.Grade())
		effects = append(effects, wrapHang(line, w, 2, ind)...)
		prov := provenance(p, e.PerMillion)
		if !e.PerMillion.IsAssumption() && (e.MaxEffect.IsAssumption() || e.YearsToFull.IsAssumption()) {
			prov += "; ceiling or timing assumed"
		}
		effects = append(effects, st.Muted.Render(ansi.Truncate(strings.Repeat(" ", ind)+prov, w, "…")))
	}
	lines = append(lines, "", st.Header.Render("Each extra "+st.money(1e6)+" a year here changes"))
	if len(effects) == 0 {
		lines = append(lines, "  no outcome: the place file gives this silo no effects")
	} else {
		lines = append(lines, effects...)
	}

	var spills []string
	for _, sp := range p.Spillovers {
		if sp.Agency != s.Agency {
			continue
		}
		o := p.OutcomeIndex(sp.Outcome)
		name := sp.Outcome
		if o >= 0 {
			name = p.Outcomes[o].Name
		}
		line := fmt.Sprintf("%s: %s a case a year, %s cashable, %s", name, model.FormatMoney(math.Abs(sp.CostPerCase.Value)),
			pct(sp.Cashable.Value), afterYears(sp.LagYears.Value))
		if sp.Silo == s.ID {
			line += ", in this silo"
		}
		spills = append(spills, wrapHang(line, w, 2, ind)...)
		spills = append(spills, st.Muted.Render(ansi.Truncate(strings.Repeat(" ", ind)+provenance(p, sp.CostPerCase), w, "…")))
	}
	if len(spills) > 0 {
		lines = append(lines, "", st.Header.Render("What "+agency+" saves when outcomes improve"))
		lines = append(lines, spills...)
	}
	return lines
}

// renderPlace: the silo under the cursor in full, then whether spend
// reaches need, why the fixed parts are fixed, and what the place is last
// (its description is long and rarely the question).
func (m *Model) renderPlace(w, h int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	lines := m.renderSiloDetail(w)
	if r != nil && len(p.Neighbourhoods) > 0 {
		lines = append(lines, "", st.Header.Render("Need against spend, by local fifth"))
		for i, f := range r.NeedSpend {
			label := fmt.Sprintf("fifth %d", i+1)
			switch i {
			case 0:
				label = "most deprived"
			case 4:
				label = "least deprived"
			}
			lines = append(lines, fmt.Sprintf("  %-15s need %s · spend %s %s %s", label, pct(f.NeedShare), pct(f.SpendBaseline), st.to(), pct(f.SpendScenario)))
		}
	}
	var fixed []string
	for _, s := range p.Silos {
		if s.Locked() > 0 {
			why := s.FixedReason
			if s.Floor.Value > s.Fixed.Value {
				why = "statutory floor"
			}
			if why == "" {
				why = "fixed"
			}
			fixed = append(fixed, wrapHang(fmt.Sprintf("%s %s: %s of %s, %s", fixedMark(s), s.Name, model.FormatMoney(s.Locked()), model.FormatMoney(s.Budget.Value), why), w, 2, 4)...)
		}
	}
	if len(fixed) > 0 {
		lines = append(lines, "", st.Header.Render("What cannot move, and why"))
		lines = append(lines, fixed...)
	}
	lines = append(lines, "", st.Header.Render("The place"))
	if p.Illustrative {
		lines = append(lines, wrapIndent(st.Illustrative.Render("Illustrative: figures are derived or assumed, not a local count."), w, 0)...)
	}
	about := fmt.Sprintf("%s · %s · %s · %s · prices %s", model.Plural(len(p.Neighbourhoods), "neighbourhood"),
		model.Plural(len(p.Silos), "silo"), model.Plural(len(p.Agencies), "agency"), model.Plural(len(p.Sources), "source"), p.PriceYear)
	if pop := p.Population.Value; pop > 0 {
		about = fmt.Sprintf("%s people · %s a head · ", model.GroupThousands(fmt.Sprintf("%.0f", pop)), perHead(p.TotalSpend()/pop)) + about
	}
	if p.Kind != "" {
		about = sentence(kindLabel(p.Kind)) + " · " + about
	}
	lines = append(lines, wrapIndent(about, w, 0)...)
	if p.Description != "" {
		lines = append(lines, wrapIndent(p.Description, w, 0)...)
	}
	return strings.Join(lines, "\n")
}
