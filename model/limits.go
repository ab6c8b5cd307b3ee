package model

import (
	"fmt"
	"math"
)

// The limits of a move, asked before one is made: how much a silo can give
// under an allocation, and why it can give or take nothing. Screens ask
// these so that a rule's wording lives here, beside the check that enforces
// it, and nowhere else.

// CanGive is what silo i can give to a move starting in calendar year (0 is
// the base year) under r's allocation: what it holds in the tightest year
// the move covers, after every move so far, less its fixed part or floor.
// A nil r means no moves.
func (pr *Prepared) CanGive(r *Result, i, year int) float64 {
	s := &pr.place.Silos[i]
	y0 := min(max(year-pr.place.BaseYear, 0), max(pr.years-1, 0))
	if r == nil || i >= len(r.Silos) || len(r.Silos[i].Allocated) == 0 {
		// Freed money only grows, so the first year is the tightest.
		return math.Max(s.MovableIn(y0), 0)
	}
	a := r.Silos[i].Allocated
	y0 = min(y0, len(a)-1)
	room := math.Inf(1)
	for y := y0; y < len(a); y++ {
		room = min(room, a[y]-s.LockedIn(y))
	}
	return math.Max(room, 0)
}

// WhyCannotGive says why silo i can give nothing to any move under r's
// allocation, or "" when it can give something.
func (pr *Prepared) WhyCannotGive(r *Result, i int) string {
	s := &pr.place.Silos[i]
	if s.Movable() < 0.5 {
		return allFixed(s)
	}
	// A later start year leaves the most: if even the last year has
	// nothing, no move from this silo can be made.
	if pr.CanGive(r, i, pr.place.BaseYear+pr.years-1) < 0.5 {
		return fmt.Sprintf("%s has nothing left to give: the %s that can move has moved out already", lowerFirst(s.Name), FormatMoney(s.Movable()))
	}
	return ""
}

// WhyCannotReceive says why silo i can take no money, or "": benefit and
// pension rates are set nationally, so a place can move money out of their
// administration but not top them up.
func (p *Place) WhyCannotReceive(i int) string {
	s := &p.Silos[i]
	switch {
	case s.Type.IsTransfer():
		return lowerFirst(s.Name) + " is a transfer payment set nationally: money cannot be moved into it locally"
	case s.National:
		return lowerFirst(s.Name) + " is " + s.FixedWhy() + " set and spent nationally: money cannot be moved into it locally"
	}
	return ""
}

// FixedWhy says in a few words why a silo's money is fixed: "an
// entitlement", "a statutory floor", or "fixed" when the place file gives
// no reason.
func (s *Silo) FixedWhy() string {
	switch {
	case s.Floor.Value > s.Fixed.Value:
		return "a statutory floor"
	case s.FixedReason == "":
		return "fixed"
	}
	return withArticle(s.FixedReason)
}

// allFixed is the refusal for a silo where nothing can move.
func allFixed(s *Silo) string {
	return fmt.Sprintf("%s is %s: £0 of %s can move", lowerFirst(s.Name), s.FixedWhy(), FormatMoney(s.Budget.Value))
}
