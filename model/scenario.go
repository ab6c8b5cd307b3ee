package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Move shifts Amount pounds a year from one silo to another, from Year (a
// calendar year; 0 means the place's base year) to the end of the horizon.
type Move struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Amount float64   `json:"amount"`
	Year   int       `json:"year,omitempty"`
	Target Targeting `json:"target,omitzero"`
}

// Targeting narrows where the receiving silo spends the moved money. The
// zero value spends it as the silo's effects say.
type Targeting struct {
	MostDeprivedFifth bool     `json:"most_deprived_fifth,omitempty"`
	Neighbourhoods    []string `json:"neighbourhoods,omitempty"` // LSOA codes
}

// IsZero reports whether the move is untargeted.
func (t Targeting) IsZero() bool { return !t.MostDeprivedFifth && len(t.Neighbourhoods) == 0 }

func (t Targeting) String() string {
	switch {
	case t.MostDeprivedFifth:
		return "most deprived fifth"
	case len(t.Neighbourhoods) > 0:
		return Plural(len(t.Neighbourhoods), "neighbourhood")
	}
	return "place-wide"
}

// Scenario is a set of moves and pooled budgets.
type Scenario struct {
	Moves []Move   `json:"moves"`
	Pools []string `json:"pools,omitempty"`
}

// Clone returns a deep copy, so callers can keep a scenario while another is edited.
func (s Scenario) Clone() Scenario {
	c := Scenario{Moves: make([]Move, len(s.Moves)), Pools: append([]string(nil), s.Pools...)}
	for i, m := range s.Moves {
		m.Target.Neighbourhoods = append([]string(nil), m.Target.Neighbourhoods...)
		c.Moves[i] = m
	}
	return c
}

// SameAllocation reports whether two scenarios hold the same moves, in
// order, and the same pools (in any order).
func (s Scenario) SameAllocation(o Scenario) bool {
	if len(s.Moves) != len(o.Moves) || len(s.Pools) != len(o.Pools) {
		return false
	}
	for i, x := range s.Moves {
		y := o.Moves[i]
		if x.From != y.From || x.To != y.To || x.Amount != y.Amount || x.Year != y.Year ||
			x.Target.MostDeprivedFifth != y.Target.MostDeprivedFifth || !slices.Equal(x.Target.Neighbourhoods, y.Target.Neighbourhoods) {
			return false
		}
	}
	for _, p := range s.Pools {
		if !slices.Contains(o.Pools, p) {
			return false
		}
	}
	return true
}

// Rule names a reason a move or scenario is refused.
type Rule string

const (
	RuleUnknownSilo          Rule = "unknown-silo"
	RuleSameSilo             Rule = "same-silo"
	RuleIntoTransfer         Rule = "into-transfer"
	RuleNotFinite            Rule = "not-finite"
	RuleNotPositive          Rule = "not-positive"
	RuleAbsurd               Rule = "absurd-amount"
	RuleBelowLocked          Rule = "below-fixed"
	RuleTooSoon              Rule = "faster-than-freed" // more than the movable part freed by then
	RuleIntoNational         Rule = "into-national"
	RuleYear                 Rule = "year-out-of-range"
	RuleUnknownNeighbourhood Rule = "unknown-neighbourhood"
	RuleUnknownPool          Rule = "unknown-pool"
)

// MoveError says which rule refused a move, and by how much.
type MoveError struct {
	Rule  Rule
	Move  int // index of the offending move in the scenario, -1 for pools
	Msg   string
	Short float64 // £ a year by which the rule was broken, when it is about money
}

func (e *MoveError) Error() string { return e.Msg }

// FormatMoney writes £ amounts the way people say them: £954m, £4.37bn, £12,500.
func FormatMoney(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e9:
		return sign + "£" + trimZeros(fmt.Sprintf("%.2f", v/1e9)) + "bn"
	case v >= 1e6:
		if v >= 100e6 {
			return sign + "£" + fmt.Sprintf("%.0f", v/1e6) + "m"
		}
		return sign + "£" + trimZeros(fmt.Sprintf("%.1f", v/1e6)) + "m"
	case v >= 1e4:
		return sign + "£" + trimZeros(fmt.Sprintf("%.0f", math.Round(v/1e3))) + "k"
	}
	return sign + "£" + GroupThousands(fmt.Sprintf("%.0f", v))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
