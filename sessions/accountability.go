package sessions

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"totalplace/model"
)

// What a workshop leaves behind for partners to be held to account by:
// community priorities, gain-share agreements between agencies, asks of
// the centre for flexibilities the place does not have, the reasons for
// moves (which the facilitator may require in the Plan stage), and each
// partner's sign-off. Each is an event like any other: journaled with who
// and when, replayed the same way, in the plan's appendix.

// Event kinds of accountability.
const (
	KindPriorities     = "priorities"      // Points; Name: a community panel's name, when the facilitator enters its points
	KindShowPriorities = "show-priorities" // Name: "shown" or "hidden"
	KindGainShare      = "gain-share"      // GainShare: the terms
	KindEndGainShare   = "end-gain-share"  // Target: the gain-share event
	KindAsk            = "ask"             // Move: the move the place may not make; Why
	KindSignOff        = "sign-off"        // Name: "agreed" or "not agreed"; Why: the comment
	KindReasons        = "reasons"         // Name: "required" or "optional"
)

// PriorityPoints is how many points each participant (or community panel)
// spreads across the outcomes.
const PriorityPoints = 10

// MaxGainShareYears bounds an agreement's length: longer than any
// outcome's horizon would promise money no one can see.
const MaxGainShareYears = 30

// SetPriorities records the sender's points across outcomes (outcome id →
// points, PriorityPoints in all), or, with Panel, a community panel's
// points entered by the facilitator. A later set replaces an earlier one
// by the same participant or panel.
type SetPriorities struct {
	Points map[string]int
	Panel  string
}

// ShowPriorities shows or hides the combined priorities (the facilitator's).
type ShowPriorities struct{ Shown bool }

// GainShareTerms are what one agency agrees to return to another: Share
// of the cashable savings it makes from the Investor's moves, for Years
// from when the savings start.
type GainShareTerms struct {
	Saver    string  `json:"saver"`    // the agency that saves, and returns a share
	Investor string  `json:"investor"` // the agency whose money moved, and is repaid
	Share    float64 `json:"share"`    // 0 < Share ≤ 1
	Years    int     `json:"years"`
}

// AgreeGainShare records a gain-share agreement: by the facilitator or a
// partner of the saving agency (it is their money that goes back).
type AgreeGainShare struct {
	GainShareTerms
	Why string
}

// EndGainShare ends the agreement recorded by event Seq.
type EndGainShare struct{ Seq uint64 }

// RecordAsk records an ask of the centre: a move the place cannot make
// because the money is set nationally (an entitlement, a ring-fence, a
// national rate), with what the flexibility is for.
type RecordAsk struct {
	Move model.Move
	Why  string
}

// SignOff marks the plan agreed or not by the sender, with a comment; in
// the Plan stage. A later sign-off replaces the sender's earlier one.
type SignOff struct {
	Agreed  bool
	Comment string
}

// RequireReasons makes a reason required (On) or optional for every move
// and agreement made in the Plan stage (the facilitator's).
type RequireReasons struct{ On bool }

func (SetPriorities) isCommand()  {}
func (ShowPriorities) isCommand() {}
func (AgreeGainShare) isCommand() {}
func (EndGainShare) isCommand()   {}
func (RecordAsk) isCommand()      {}
func (SignOff) isCommand()        {}
func (RequireReasons) isCommand() {}

// PriorityVote is one participant's, or one community panel's, points.
type PriorityVote struct {
	Seq    uint64
	By     string         // the participant who sent them
	Panel  string         // the community panel they are for, or ""
	Points map[string]int // outcome id → points; never mutated
	Time   time.Time
}

// GainShare is an agreement in force.
type GainShare struct {
	Seq uint64
	By  string
	GainShareTerms
	Why  string
	Time time.Time
}

// Ask is an ask of the centre.
type Ask struct {
	Seq  uint64
	By   string
	Move model.Move
	Why  string
	Time time.Time
}

// SignOffMark is a participant's latest sign-off.
type SignOffMark struct {
	Seq     uint64
	Who     string
	Agreed  bool
	Comment string
	Time    time.Time
}

// ChangedSince reports whether the allocation has changed since event
// seq (a move, an agreed proposal, an undo or redo, a switch, a pool or a
// rewind): a sign-off given before then was given to another plan.
func (st *State) ChangedSince(seq uint64) bool {
	for i := len(st.History) - 1; i >= 0 && st.History[i].Seq > seq; i-- {
		if k := st.History[i].Kind; changesAllocation(k) && k != KindPropose || k == KindRewind {
			return true
		}
	}
	return false
}

// CombinedPriorities is the weight of each outcome in the workshop's
// priorities: every vote (a participant's or a panel's) counts once, its
// points as shares of PriorityPoints, averaged. Nil when no one has voted.
func (st *State) CombinedPriorities() map[string]float64 {
	if len(st.Priorities) == 0 {
		return nil
	}
	w := map[string]float64{}
	for _, v := range st.Priorities {
		for o, pts := range v.Points {
			w[o] += float64(pts) / PriorityPoints / float64(len(st.Priorities))
		}
	}
	return w
}

// accountabilityEvent turns an accountability command into its event.
func (s *Session) accountabilityEvent(ev Event, cmd Command) (Event, error) {
	switch cmd := cmd.(type) {
	case SetPriorities:
		panel, err := cleanText("panel name", cmd.Panel, MaxName, false)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Name, ev.Points = KindPriorities, panel, maps.Clone(cmd.Points)
	case ShowPriorities:
		ev.Kind, ev.Name = KindShowPriorities, "hidden"
		if cmd.Shown {
			ev.Name = "shown"
		}
	case AgreeGainShare:
		why, err := cleanText("why", cmd.Why, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		t := cmd.GainShareTerms
		ev.Kind, ev.GainShare, ev.Why = KindGainShare, &t, why
	case EndGainShare:
		ev.Kind, ev.Target = KindEndGainShare, cmd.Seq
	case RecordAsk:
		why, err := cleanText("why", cmd.Why, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		m := cmd.Move
		m.Target.Neighbourhoods = s.targetCodes(m.Target.Neighbourhoods)
		ev.Kind, ev.Move, ev.Why = KindAsk, &m, why
	case SignOff:
		why, err := cleanText("comment", cmd.Comment, MaxWhy, false)
		if err != nil {
			return ev, err
		}
		ev.Kind, ev.Name, ev.Why = KindSignOff, "not agreed", why
		if cmd.Agreed {
			ev.Name = "agreed"
		}
	case RequireReasons:
		ev.Kind, ev.Name = KindReasons, "optional"
		if cmd.On {
			ev.Name = "required"
		}
	default:
		return ev, fmt.Errorf("unknown command %T", cmd)
	}
	return ev, nil
}

// authorizeAccountability says whether p may make an accountability event;
// authorize calls it for partners (observers and facilitators are settled
// before).
func authorizeAccountability(st *State, p Participant, ev *Event) error {
	switch ev.Kind {
	case KindPriorities:
		if ev.Name != "" {
			return fmt.Errorf("%w: only the facilitator may enter a community panel's points", ErrNotAllowed)
		}
	case KindShowPriorities:
		return fmt.Errorf("%w: only the facilitator may show or hide the priorities", ErrNotAllowed)
	case KindReasons:
		return fmt.Errorf("%w: only the facilitator may require reasons", ErrNotAllowed)
	case KindGainShare:
		if ev.GainShare != nil && ev.GainShare.Saver != p.Agency {
			return fmt.Errorf("%w: a gain-share gives back the saving agency's money, so only %s (or the facilitator) may agree it", ErrNotAllowed, agencyLabel(st, ev.GainShare.Saver))
		}
	case KindEndGainShare:
		if g := st.gainShare(ev.Target); g != nil && g.Saver != p.Agency && g.Investor != p.Agency {
			return fmt.Errorf("%w: only the two agencies in a gain-share (or the facilitator) may end it", ErrNotAllowed)
		}
	}
	return nil
}

// reasonRule refuses a move or agreement without a reason in the Plan
// stage when the facilitator requires reasons; record calls it for every
// participant, the facilitator included (they set the rule).
func reasonRule(st *State, ev *Event) error {
	if !st.ReasonsRequired || st.Stage != StagePlan || strings.TrimSpace(ev.Why) != "" {
		return nil
	}
	switch ev.Kind {
	case KindMove, KindPropose, KindAgree:
		return fmt.Errorf("%w: in the Plan stage the facilitator asks for a reason with every move and agreement: say why", ErrReasonRequired)
	}
	return nil
}

// gainShareRule refuses an agreement that, with those in force between
// the same two agencies, would return more than all of the savings.
// Checked live, like reasonRule: journals from before the rule replay.
func gainShareRule(st *State, ev *Event) error {
	t := ev.GainShare
	if ev.Kind != KindGainShare || t == nil || !(t.Share > 0 && t.Share <= 1) {
		return nil // step says what is wrong with the terms themselves
	}
	total := t.Share
	for _, g := range st.GainShares {
		if g.Saver == t.Saver && g.Investor == t.Investor {
			total += g.Share
		}
	}
	if total > 1+1e-9 {
		return fmt.Errorf("%w: with the agreements in force %s would return %.0f%% of its savings from %s's moves: end one first (e in the Plan panel), or agree less",
			ErrNotAllowed, agencyLabel(st, t.Saver), total*100, agencyLabel(st, t.Investor))
	}
	return nil
}

// ErrReasonRequired is a move or agreement refused for want of a reason.
var ErrReasonRequired = errors.New("reason required")

func agencyLabel(st *State, id string) string {
	if st.Place == nil {
		return id
	}
	if a := st.Place.AgencyIndex(id); a >= 0 {
		return st.Place.Agencies[a].Label()
	}
	return id
}

func (st *State) gainShare(seq uint64) *GainShare {
	for i := range st.GainShares {
		if st.GainShares[i].Seq == seq {
			return &st.GainShares[i]
		}
	}
	return nil
}

// stepAccountability applies an accountability event; step calls it. Its
// checks are of the event itself, so replay makes the same decisions.
func stepAccountability(eng *model.Engine, c core, n *core, ev *Event) error {
	st := &n.st
	p := c.st.Place
	switch ev.Kind {
	case KindPriorities:
		// List and Latest replay without the place (as sourceAgency
		// allows): there is nothing to check the points against.
		if p != nil {
			if err := checkPoints(p, ev.Points); err != nil {
				return err
			}
		}
		v := PriorityVote{Seq: ev.Seq, By: ev.Who, Panel: ev.Name, Points: ev.Points, Time: ev.Time}
		votes := slices.DeleteFunc(slices.Clone(c.st.Priorities), func(o PriorityVote) bool {
			return o.Panel == v.Panel && (v.Panel != "" || o.By == v.By) // a panel's points are its own, whoever enters them
		})
		st.Priorities = append(votes, v)
	case KindShowPriorities:
		switch ev.Name {
		case "shown":
			st.PrioritiesHidden = false
		case "hidden":
			st.PrioritiesHidden = true
		default:
			return fmt.Errorf("show-priorities is %q: expected shown or hidden", ev.Name)
		}
	case KindReasons:
		switch ev.Name {
		case "required":
			st.ReasonsRequired = true
		case "optional":
			st.ReasonsRequired = false
		default:
			return fmt.Errorf("reasons are %q: expected required or optional", ev.Name)
		}
	case KindGainShare:
		t := ev.GainShare
		switch {
		case t == nil:
			return errors.New("a gain-share event without its terms")
		case p != nil && (p.AgencyIndex(t.Saver) < 0 || p.AgencyIndex(t.Investor) < 0):
			return fmt.Errorf("a gain-share between %q and %q: both must be agencies of %s", t.Saver, t.Investor, p.Name)
		case t.Saver == t.Investor:
			return errors.New("a gain-share is between two agencies: the saver and the investor are the same")
		case !(t.Share > 0 && t.Share <= 1):
			return fmt.Errorf("a gain-share returns %g of the savings: expected more than 0%% and at most 100%%", t.Share*100)
		case t.Years < 1 || t.Years > MaxGainShareYears:
			return fmt.Errorf("a gain-share for %d years: expected 1 to %d", t.Years, MaxGainShareYears)
		}
		st.GainShares = append(slices.Clip(c.st.GainShares), GainShare{Seq: ev.Seq, By: ev.Who, GainShareTerms: *t, Why: ev.Why, Time: ev.Time})
	case KindEndGainShare:
		i := slices.IndexFunc(c.st.GainShares, func(g GainShare) bool { return g.Seq == ev.Target })
		if i < 0 {
			return fmt.Errorf("no gain-share agreement is event %d", ev.Target)
		}
		st.GainShares = slices.Delete(slices.Clone(c.st.GainShares), i, i+1)
	case KindAsk:
		if ev.Move == nil {
			return errors.New("an ask without a move")
		}
		if err := checkAsk(eng, c.st.Scenario, p, *ev.Move); err != nil {
			return err
		}
		st.Asks = append(slices.Clip(c.st.Asks), Ask{Seq: ev.Seq, By: ev.Who, Move: *ev.Move, Why: ev.Why, Time: ev.Time})
	case KindSignOff:
		if c.st.Stage != StagePlan {
			return fmt.Errorf("%w: the plan is signed off in the Plan stage; the workshop is at %s", ErrNotAllowed, c.st.Stage)
		}
		if ev.Name != "agreed" && ev.Name != "not agreed" {
			return fmt.Errorf("a sign-off is %q: expected agreed or not agreed", ev.Name)
		}
		m := SignOffMark{Seq: ev.Seq, Who: ev.Who, Agreed: ev.Name == "agreed", Comment: ev.Why, Time: ev.Time}
		marks := slices.DeleteFunc(slices.Clone(c.st.SignOffs), func(o SignOffMark) bool { return o.Who == m.Who })
		st.SignOffs = append(marks, m)
	}
	return nil
}

// checkPoints checks a vote: known outcomes, whole points of at least
// zero, PriorityPoints in all.
func checkPoints(p *model.Place, pts map[string]int) error {
	total := 0
	ids := slices.Sorted(maps.Keys(pts)) // the first problem named is the same each time
	for _, o := range ids {
		if p.OutcomeIndex(o) < 0 {
			known := make([]string, len(p.Outcomes))
			for i, out := range p.Outcomes {
				known[i] = out.ID
			}
			sort.Strings(known)
			return fmt.Errorf("priorities: no outcome %q: expected one of %s", o, strings.Join(known, ", "))
		}
		if pts[o] < 0 {
			return fmt.Errorf("priorities: %d points for %s: points cannot be negative", pts[o], o)
		}
		total += pts[o]
	}
	if total != PriorityPoints {
		return fmt.Errorf("priorities: %d points given: spread exactly %d across the outcomes", total, PriorityPoints)
	}
	return nil
}

// checkAsk accepts a move as an ask of the centre only when the place may
// not make it because the money is set nationally: it takes from a fixed
// part (an entitlement, a ring-fence, a statutory floor) or tops up a
// transfer set nationally. A move the place may make is made, not asked;
// any other refusal is the move's own mistake. Without an engine (a
// rewind's replay) the journal is trusted.
func checkAsk(eng *model.Engine, sc model.Scenario, p *model.Place, mv model.Move) error {
	if eng == nil {
		return nil
	}
	err := eng.Check(model.Scenario{Moves: append(slices.Clip(sc.Moves), mv), Pools: sc.Pools})
	var me *model.MoveError
	switch {
	case err == nil:
		return fmt.Errorf("%w: the place may make that move itself: make it, rather than ask the centre", ErrNotAnAsk)
	case errors.As(err, &me) && (me.Rule == model.RuleBelowLocked || me.Rule == model.RuleIntoTransfer):
		return nil
	}
	return err
}

// ErrNotAnAsk is an ask of the centre for a move the place may make.
var ErrNotAnAsk = errors.New("not an ask of the centre")
