package sessions

import (
	"fmt"
	"slices"

	"totalplace/model"
)

// Stages shape a meeting, and the facilitator moves it between them:
// Count (the map of spend: partners look, nothing moves), Collaborate
// (moves and proposals open) and Plan (reasons are agreed and recorded;
// moves are frozen unless the facilitator reopens them). The facilitator
// may also freeze moves at any stage, rewind the allocation to an earlier
// event (recorded as an event: nothing is lost), and remove a participant.

// Stage is where the meeting is.
type Stage string

const (
	StageCount       Stage = "count"
	StageCollaborate Stage = "collaborate"
	StagePlan        Stage = "plan"
)

// Stages in meeting order.
var Stages = []Stage{StageCount, StageCollaborate, StagePlan}

// Event kinds of the facilitator's console.
const (
	KindStage  = "stage"  // Name: the stage
	KindFreeze = "freeze" // Name: "on" or "off"
	KindRewind = "rewind" // Target: the event whose allocation comes back
	KindRemove = "remove" // Name: the participant removed
)

// SetStage moves the meeting to a stage; entering Plan freezes moves.
type SetStage struct{ Stage Stage }

// Freeze freezes (On) or reopens moves.
type Freeze struct{ On bool }

// Rewind brings back the allocation as it was just after event Seq.
type Rewind struct{ Seq uint64 }

// Remove takes a participant out of the workshop: their commands are
// refused until they join again.
type Remove struct{ ID string }

func (SetStage) isCommand() {}
func (Freeze) isCommand()   {}
func (Rewind) isCommand()   {}
func (Remove) isCommand()   {}

// changesAllocation reports whether an event kind moves money or changes
// what is pooled: what a stage or a freeze stops.
func changesAllocation(kind string) bool {
	switch kind {
	case KindMove, KindPropose, KindAgree, KindUndo, KindRedo, KindSwitch, KindPool:
		return true
	}
	return false
}

// stageRule refuses a non-facilitator's change to the allocation at Count
// or while moves are frozen; authorize calls it.
func stageRule(st *State, ev *Event) error {
	if !changesAllocation(ev.Kind) {
		return nil
	}
	switch {
	case st.Stage == StageCount:
		return fmt.Errorf("%w: the workshop is counting (the map of spend): moves open when the facilitator moves on to Collaborate", ErrNotAllowed)
	case st.Frozen:
		return fmt.Errorf("%w: the facilitator has frozen moves (stage %s)", ErrNotAllowed, st.Stage)
	}
	return nil
}

// stepStages applies the console's events; step calls it.
func stepStages(c core, n *core, ev *Event, evaluate func(model.Scenario) error) error {
	st := &n.st
	switch ev.Kind {
	case KindStage:
		s := Stage(ev.Name)
		if !slices.Contains(Stages, s) {
			return fmt.Errorf("unknown stage %q: expected count, collaborate or plan", ev.Name)
		}
		st.Stage = s
		st.Frozen = s == StagePlan
	case KindFreeze:
		switch ev.Name {
		case "on":
			st.Frozen = true
		case "off":
			st.Frozen = false
		default:
			return fmt.Errorf("freeze is %q: expected on or off", ev.Name)
		}
	case KindRewind:
		if ev.Target == 0 || ev.Target >= ev.Seq {
			return fmt.Errorf("rewind to event %d: expected an earlier event", ev.Target)
		}
		// The allocation as it stood just after the target event, found by
		// replaying the history up to it through the same steps.
		var back core
		for _, old := range c.st.History[:ev.Target] {
			var err error
			if back, err = step(nil, back, old, false); err != nil {
				return fmt.Errorf("rewind: %w", err)
			}
		}
		if err := evaluate(back.st.Scenario); err != nil {
			return fmt.Errorf("rewind: %w", err)
		}
		st.Applied = back.st.Applied
		n.redo = nil
	case KindRemove:
		if ev.Name == ev.Who {
			return fmt.Errorf("a facilitator cannot remove themselves")
		}
		i := slices.IndexFunc(c.st.Participants, func(p Participant) bool { return p.ID == ev.Name })
		if i < 0 {
			return fmt.Errorf("%q is not in this workshop", ev.Name)
		}
		gone := c.st.Participants[i]
		ev.Participant = &gone // for the history's words; derived again on replay
		st.Participants = slices.Delete(slices.Clone(c.st.Participants), i, i+1)
		// Their open proposals go with them.
		if slices.ContainsFunc(c.st.Proposals, func(p Proposal) bool { return p.By == gone.ID && p.Status == ProposalOpen }) {
			ps := slices.Clone(c.st.Proposals)
			for k := range ps {
				if ps[k].By == gone.ID && ps[k].Status == ProposalOpen {
					ps[k].Status, ps[k].AnsweredBy, ps[k].Answer = ProposalWithdrawn, ev.Who, ev.Seq
				}
			}
			st.Proposals = ps
		}
	}
	return nil
}
