package model

import (
	"fmt"
	"math"
	"strings"
)

// Check reports the first rule the scenario breaks, as a *MoveError, or nil.
func (e *Engine) Check(s Scenario) error {
	return e.check(s)
}

// check validates the moves in order, leaving each silo's change in spend
// per year in e.delta, so the move that first breaks a rule is the one named.
func (e *Engine) check(s Scenario) error {
	p := e.place
	total := p.TotalSpend()
	for i := range e.delta {
		clear(e.delta[i])
	}
	for i, m := range s.Moves {
		from, to := p.SiloIndex(m.From), p.SiloIndex(m.To)
		switch {
		case from < 0:
			return moveErr(RuleUnknownSilo, i, 0, "unknown silo %q to move from (%s)", m.From, e.siloList())
		case to < 0:
			return moveErr(RuleUnknownSilo, i, 0, "unknown silo %q to move to (%s)", m.To, e.siloList())
		case from == to:
			return moveErr(RuleSameSilo, i, 0, "a move needs two different silos: both are %s", p.Silos[from].Name)
		case p.WhyCannotReceive(to) != "":
			rule := RuleIntoNational
			if p.Silos[to].Type.IsTransfer() {
				rule = RuleIntoTransfer
			}
			return moveErr(rule, i, 0, "%s", p.WhyCannotReceive(to))
		case math.IsNaN(m.Amount) || math.IsInf(m.Amount, 0):
			return moveErr(RuleNotFinite, i, 0, "the amount must be a finite number of pounds, not %v", m.Amount)
		case m.Amount <= 0:
			return moveErr(RuleNotPositive, i, 0, "the amount must be more than £0 (got %s); to move money back, move it the other way", FormatMoney(m.Amount))
		case m.Amount > total:
			return moveErr(RuleAbsurd, i, m.Amount-total, "%s a year is more than the place's whole public spend (%s)", FormatMoney(m.Amount), FormatMoney(total))
		}
		y0, err := e.yearIndex(m.Year)
		if err != nil {
			return moveErr(RuleYear, i, 0, "%v", err)
		}
		for _, code := range m.Target.Neighbourhoods {
			if p.NeighbourhoodIndex(code) < 0 {
				return moveErr(RuleUnknownNeighbourhood, i, 0, "unknown neighbourhood %q: expected an LSOA code of %s, such as %s", code, p.Name, p.Neighbourhoods[0].Code)
			}
		}
		src := &p.Silos[from]
		for y := y0; y < e.years; y++ {
			e.delta[from][y] -= m.Amount
			e.delta[to][y] += m.Amount
		}
		// Money only leaves the source, so only the source can fall below
		// what is locked; its tightest year is any year the move covers.
		worst := 0.0
		for y := y0; y < e.years; y++ {
			worst = math.Min(worst, e.delta[from][y])
		}
		if over := src.Locked() - (src.Budget.Value + worst); over > 0.5 {
			return e.lockedErr(i, src, m, y0, over)
		}
		// Within the movable part, money freed over several years can
		// leave only as fast as it is freed.
		for y := y0; y < e.years; y++ {
			if over := src.LockedIn(y) - (src.Budget.Value + e.delta[from][y]); over > 0.5 {
				return e.releaseErr(i, src, m, y, over)
			}
		}
	}
	for _, id := range s.Pools {
		if p.PoolIndex(id) < 0 {
			var ids []string
			for _, q := range p.Pools {
				ids = append(ids, q.ID)
			}
			return moveErr(RuleUnknownPool, -1, 0, "unknown pool %q (pools: %s)", id, listOrNone(ids))
		}
	}
	return nil
}

func (e *Engine) lockedErr(i int, src *Silo, m Move, y0 int, over float64) error {
	amount := m.Amount
	available := amount - over // what the silo could still give, after earlier moves
	name, reason := lowerFirst(src.Name), src.FixedWhy()
	if src.Movable() < 0.5 {
		return moveErr(RuleBelowLocked, i, over, "%s", allFixed(src))
	}
	locked := fmt.Sprintf("%s of its %s is %s", FormatMoney(src.Locked()), FormatMoney(src.Budget.Value), reason)
	if src.Locked() < 0.5 {
		locked = "none of its " + FormatMoney(src.Budget.Value) + " is fixed"
	}
	if math.Abs(available-src.Movable()) >= 0.5 {
		return moveErr(RuleBelowLocked, i, over, "%s can give at most %s more a year from %d, after earlier moves (%s); this move of %s goes %s too far",
			name, FormatMoney(math.Max(0, available)), e.place.BaseYear+y0, locked, FormatMoney(amount), FormatMoney(over))
	}
	return moveErr(RuleBelowLocked, i, over, "%s can give at most %s a year in all (%s); this move of %s goes %s too far",
		name, FormatMoney(src.Movable()), locked, FormatMoney(amount), FormatMoney(over))
}

// releaseErr refuses a move that takes money out of src faster than its
// movable part is freed: in year index y it goes over by over.
func (e *Engine) releaseErr(i int, src *Silo, m Move, y int, over float64) error {
	n := int(src.ReleaseYears.Value)
	var steps []string
	for k := range min(n, e.years) {
		steps = append(steps, fmt.Sprintf("%s from %d", FormatMoney(src.MovableIn(k)), e.place.BaseYear+k))
	}
	return moveErr(RuleTooSoon, i, over, "%s frees the %s that can move over %d years (%s); this move of %s, with any before it, goes %s too far in %d: start it later or move less",
		lowerFirst(src.Name), FormatMoney(src.Movable()), n, strings.Join(steps, ", "), FormatMoney(m.Amount), FormatMoney(over), e.place.BaseYear+y)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// An acronym keeps its capitals: "NHS care", not "nHS care".
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func withArticle(s string) string {
	if strings.HasPrefix(s, "a ") || strings.HasPrefix(s, "an ") || strings.HasPrefix(s, "the ") {
		return s
	}
	if strings.ContainsRune("aeiou", rune(strings.ToLower(s)[0])) {
		return "an " + s
	}
	return "a " + s
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) > 12 {
		return strings.Join(ids[:12], ", ") + fmt.Sprintf(" and %d more", len(ids)-12)
	}
	return strings.Join(ids, ", ")
}

func moveErr(rule Rule, i int, short float64, format string, args ...any) *MoveError {
	return &MoveError{Rule: rule, Move: i, Short: short, Msg: fmt.Sprintf(format, args...)}
}
