package sessions

import (
	"fmt"
	"slices"

	"totalplace/model"
)

// Roles and consent. A partner speaks for one agency: they move money out
// of their own agency's silos directly, while a move out of another
// agency's silo becomes a proposal that agency's partners agree to or
// decline; only an agreed proposal moves money, re-checked against the
// allocation as it is then. The facilitator may do everything, and may
// switch consent off (free mode: partners move any money) or on again.
// Observers watch. These rules are checked live, before an event is
// journaled, and never on replay: what was allowed when it happened stays
// in the record whatever changes later.

// Event kinds of consent.
const (
	KindPropose = "propose" // a move out of another agency's silo, awaiting its answer
	KindAgree   = "agree"   // a proposal agreed: its move is made (Move is a copy)
	KindDecline = "decline" // a proposal declined
	KindConsent = "consent" // the facilitator switched consent on ("on") or off ("off")
)

// AnswerProposal agrees to or declines an open proposal.
type AnswerProposal struct {
	Proposal uint64 // the Seq of the propose event
	Agree    bool
	Why      string
}

// SetConsent switches consent on or off (the facilitator's).
type SetConsent struct{ On bool }

func (AnswerProposal) isCommand() {}
func (SetConsent) isCommand()     {}

// ProposalStatus is where a proposal stands.
type ProposalStatus string

const (
	ProposalOpen     ProposalStatus = "open"
	ProposalAgreed   ProposalStatus = "agreed"
	ProposalDeclined ProposalStatus = "declined"
	// ProposalWithdrawn: its proposer was removed from the workshop.
	ProposalWithdrawn ProposalStatus = "withdrawn"
)

// Proposal is a move that needs another agency's agreement.
type Proposal struct {
	Seq        uint64 // the propose event
	Move       model.Move
	Why        string
	By         string // who proposed
	Agency     string // whose agreement it needs: the source silo's agency
	Status     ProposalStatus
	AnsweredBy string
	Answer     uint64 // the agree or decline event, 0 while open
}

// IsMove reports whether the event moved money: a move made directly, or
// a proposal agreed.
func (ev *Event) IsMove() bool { return ev.Kind == KindMove || ev.Kind == KindAgree }

// OpenProposals are the proposals awaiting an answer, oldest first.
func (st *State) OpenProposals() []Proposal {
	var out []Proposal
	for _, p := range st.Proposals {
		if p.Status == ProposalOpen {
			out = append(out, p)
		}
	}
	return out
}

// proposal is the proposal made by event seq, or nil.
func (st *State) proposal(seq uint64) *Proposal {
	for i := range st.Proposals {
		if st.Proposals[i].Seq == seq {
			return &st.Proposals[i]
		}
	}
	return nil
}

// sourceAgency is the agency of a move's source silo, "" if unknown.
func sourceAgency(st *State, mv *model.Move) string {
	if mv == nil || st.Place == nil { // listing replays without the place
		return ""
	}
	if i := st.Place.SiloIndex(mv.From); i >= 0 {
		return st.Place.Silos[i].Agency
	}
	return ""
}

// authorize checks what p may do before ev is journaled, and turns a
// partner's move out of another agency's silo into a proposal while
// consent is on. Live only: replay trusts the journal.
func authorize(st *State, p Participant, ev *Event) error {
	switch ev.Kind {
	case KindStart, KindJoin:
		return nil
	}
	who := displayName(p)
	if p.Role == RoleObserver {
		return fmt.Errorf("%w: %s is an observer: observers watch and change nothing", ErrNotAllowed, who)
	}
	if p.Role == RoleFacilitator {
		return nil
	}
	if err := stageRule(st, ev); err != nil {
		return err
	}
	facilitatorOnly := func(what string) error {
		return fmt.Errorf("%w: only the facilitator may %s", ErrNotAllowed, what)
	}
	agencyOf := func(id string) string {
		if a := st.Place.AgencyIndex(id); a >= 0 {
			return st.Place.Agencies[a].Label()
		}
		return "another agency"
	}
	switch ev.Kind {
	case KindMove:
		if from := sourceAgency(st, ev.Move); st.Consent && from != p.Agency {
			ev.Kind = KindPropose // it waits for that agency's agreement
		}
	case KindUndo, KindRedo:
		if target := EventAt(st.History, ev.Target); target != nil && st.Consent {
			if from := sourceAgency(st, target.Move); from != p.Agency {
				return fmt.Errorf("%w: that move took money from %s; only the facilitator or %s may %s it", ErrNotAllowed, agencyOf(from), agencyOf(from), ev.Kind)
			}
		}
	case KindWhy:
		if target := EventAt(st.History, ev.Target); target != nil && target.Who != p.ID {
			return fmt.Errorf("%w: only who made a move, or the facilitator, may give its reason", ErrNotAllowed)
		}
	case KindAgree, KindDecline:
		if pr := st.proposal(ev.Target); pr != nil && pr.Agency != p.Agency {
			return fmt.Errorf("%w: that proposal needs %s's answer", ErrNotAllowed, agencyOf(pr.Agency))
		}
	case KindSwitch:
		return facilitatorOnly("switch the whole allocation to a saved scenario")
	case KindPool:
		return facilitatorOnly("pool or unpool services")
	case KindConsent:
		return facilitatorOnly("switch consent on or off")
	case KindPlace:
		return facilitatorOnly("point the workshop at another place file")
	case KindStage, KindFreeze, KindRewind, KindRemove:
		return facilitatorOnly("run the meeting: stages, freezing, rewinding and removing participants")
	}
	return authorizeAccountability(st, p, ev)
}

// EventAt is the event with sequence number seq in a history (History[i]
// has Seq i+1), or nil.
func EventAt(h []Event, seq uint64) *Event {
	if seq < 1 || seq > uint64(len(h)) {
		return nil
	}
	return &h[seq-1]
}

// stepConsent applies the consent events to n; step calls it.
func stepConsent(c core, n *core, ev *Event, evaluate func(model.Scenario) error) error {
	st := &n.st
	switch ev.Kind {
	case KindPropose:
		if ev.Move == nil {
			return fmt.Errorf("a proposal without a move")
		}
		// A proposal must be a move the allocation could take now.
		if err := evaluate(model.Scenario{Moves: append(slices.Clip(c.st.Scenario.Moves), *ev.Move), Pools: c.st.Scenario.Pools}); err != nil {
			return err
		}
		// Proposing moves nothing: put the allocation back.
		st.Scenario, st.Result = c.st.Scenario, c.st.Result
		st.Proposals = append(slices.Clip(c.st.Proposals), Proposal{Seq: ev.Seq, Move: *ev.Move, Why: ev.Why, By: ev.Who,
			Agency: sourceAgency(&c.st, ev.Move), Status: ProposalOpen})
	case KindAgree, KindDecline:
		pr := c.st.proposal(ev.Target)
		switch {
		case pr == nil:
			return fmt.Errorf("event %d is not a proposal", ev.Target)
		case pr.Status != ProposalOpen:
			return fmt.Errorf("that proposal was %s already", pr.Status)
		}
		ps := slices.Clone(c.st.Proposals)
		q := &ps[slices.IndexFunc(ps, func(p Proposal) bool { return p.Seq == ev.Target })]
		q.AnsweredBy, q.Answer = ev.Who, ev.Seq
		if ev.Kind == KindDecline {
			q.Status = ProposalDeclined
			st.Proposals = ps
			return nil
		}
		// Agreed: re-checked against the allocation as it is now.
		mv := pr.Move
		ev.Move = &mv
		if ev.Why == "" {
			ev.Why = pr.Why
		}
		if err := evaluate(model.Scenario{Moves: append(slices.Clip(c.st.Scenario.Moves), mv), Pools: c.st.Scenario.Pools}); err != nil {
			return fmt.Errorf("the allocation has changed since it was proposed: %w", err)
		}
		q.Status = ProposalAgreed
		st.Proposals = ps
		st.Applied = append(slices.Clip(c.st.Applied), ev.Seq)
		n.redo = nil
		n.moves++
		ev.MoveNumber = n.moves
	case KindConsent:
		switch ev.Name {
		case "on":
			st.Consent = true
		case "off":
			st.Consent = false
		default:
			return fmt.Errorf("consent is %q: expected on or off", ev.Name)
		}
	}
	return nil
}

// ProposalsFor are the open proposals participant who may answer, oldest
// first: asked of the same rule that checks the answer.
func (st *State) ProposalsFor(who string) []Proposal {
	p, ok := st.Participant(who)
	if !ok {
		return nil
	}
	// Asked whatever the stage: at Count or while frozen the answer is
	// refused with the stage's own reason, rather than the question hidden.
	open := *st
	open.Stage, open.Frozen = StageCollaborate, false
	var out []Proposal
	for _, pr := range st.Proposals {
		probe := Event{Who: who, Kind: KindAgree, Target: pr.Seq}
		if pr.Status == ProposalOpen && authorize(&open, p, &probe) == nil {
			out = append(out, pr)
		}
	}
	return out
}

// MayDo says why participant who may not do an event of this kind at all,
// or nil: a screen asks before it opens a move or a question that would
// end in a refusal. A partner's move is allowed here (it may become a
// proposal); rules about a particular move are checked when it is sent.
func (st *State) MayDo(who, kind string) error {
	p, ok := st.Participant(who)
	if !ok {
		return fmt.Errorf("%w: %q has not joined this session", ErrNotAllowed, who)
	}
	probe := Event{Who: who, Kind: kind}
	return authorize(st, p, &probe)
}

// WouldPropose reports whether a move by who out of silo from would become
// a proposal (another agency's money, consent on), by the rule that
// decides it when the move is sent.
func (st *State) WouldPropose(who, from string) bool {
	p, ok := st.Participant(who)
	if !ok {
		return false
	}
	probe := Event{Who: who, Kind: KindMove, Move: &model.Move{From: from}}
	return authorize(st, p, &probe) == nil && probe.Kind == KindPropose
}
