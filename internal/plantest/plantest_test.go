package plantest

import (
	"os"
	"testing"
	"time"

	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// TestScriptReplays: the scripted session, retimed, opens as any journal
// does, with the moves, proposals and scenario the script made.
func TestScriptReplays(t *testing.T) {
	dir := t.TempDir()
	if d := os.Getenv("PLANTEST_DIR"); d != "" {
		dir = d
	}
	id, err := Script(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := Retime(dir, id); err != nil {
		t.Fatal(err)
	}
	s, err := sessions.Open(dir, ID, sampleplaces.Open)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st := s.State()
	if len(st.Scenario.Moves) != 4 || len(st.Scenarios) != 1 || len(st.Proposals) != 2 || st.Stage != sessions.StagePlan {
		t.Fatalf("moves %d, scenarios %d, proposals %d, stage %s", len(st.Scenario.Moves), len(st.Scenarios), len(st.Proposals), st.Stage)
	}
	if len(st.Priorities) != 3 || len(st.GainShares) != 1 || len(st.Asks) != 1 || len(st.SignOffs) != 3 || !st.ReasonsRequired {
		t.Fatalf("priorities %d, gain-shares %d, asks %d, sign-offs %d, reasons required %v", len(st.Priorities), len(st.GainShares), len(st.Asks), len(st.SignOffs), st.ReasonsRequired)
	}
	if got := st.History[len(st.History)-1].Time; !got.Equal(Start.Add(time.Duration(len(st.History)-1) * 3 * time.Minute)) {
		t.Errorf("last event at %v", got)
	}
}
