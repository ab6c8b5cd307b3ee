// Package plantest scripts a workshop session for the plan's tests: four
// participants and an observer, moves made directly, a proposal agreed
// and one declined, a reason given afterwards, a pool, a saved scenario
// and the Plan stage, journaled through the sessions package as the app
// would. Retime then gives every event a fixed time and the session a
// fixed id, so exports of it can be compared byte for byte.
package plantest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// ID is the scripted session's id after Retime.
const ID = "20260305-090000-0a1b"

// Scenario is the name of the scenario the script saves.
const Scenario = "Prevention first"

// Start is the time of the first event after Retime; each later event is
// three minutes after the one before.
var Start = time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)

// Script builds the scripted workshop (with priorities from two partners
// and a community panel, a gain-share agreement, an ask of the centre,
// reasons required, and sign-off: two agreed, one not) on Worcestershire in dir and returns
// its id as created (random and clock-based: see Retime).
func Script(dir string) (string, error) {
	place, err := sampleplaces.Open("worcestershire")
	if err != nil {
		return "", err
	}
	s, err := sessions.Create(dir, "worcestershire", place, sessions.Participant{ID: "fiona", Name: "Fiona Ashworth", Role: sessions.RoleFacilitator})
	if err != nil {
		return "", err
	}
	defer s.Close()
	for _, p := range []sessions.Participant{
		{ID: "chris", Name: "Chris Bell", Agency: "county", Role: sessions.RolePartner},
		{ID: "nadia", Name: "Nadia Khan", Agency: "icb", Role: sessions.RolePartner},
		{ID: "pat", Name: "Pat O'Neill", Agency: "pcc", Role: sessions.RolePartner},
		{ID: "olu", Name: "Olu Adeyemi", Role: sessions.RoleObserver},
	} {
		if err := s.Join(p); err != nil {
			return "", err
		}
	}
	move := func(from, to, amount string, year int) model.Move {
		a, err := model.ParseAmount(amount)
		if err != nil {
			panic(err)
		}
		return model.Move{From: from, To: to, Amount: a, Year: year}
	}
	steps := []struct {
		who string
		cmd sessions.Command
	}{
		{"chris", sessions.MoveMoney{Move: move("school_services", "early_help", "3m", 0), Why: "Early help keeps families out of crisis"}},
		// Chris asks the NHS for money: a proposal, agreed with its own reason.
		{"chris", sessions.MoveMoney{Move: move("nhs", "public_health", "5m", 2027), Why: "Prevention cuts A&E attendances"}},
		{"nadia", sessions.AnswerProposal{Agree: true, Why: "Agreed, with a review in 2028"}},
		// Pat asks the county for care money: declined, saying why.
		{"pat", sessions.MoveMoney{Move: move("adult_social_care", "police", "4m", 0), Why: "More neighbourhood officers"}},
		{"chris", sessions.AnswerProposal{Agree: false, Why: "Care | budgets are at their floor"}},
		{"pat", sessions.MoveMoney{Move: model.Move{From: "police", To: "early_help", Amount: 2e6, Target: model.Targeting{MostDeprivedFifth: true}}}},
		{"fiona", sessions.SetRationale{Why: "Youth diversion where *crime* is highest"}},
		{"fiona", sessions.SaveScenario{Name: Scenario}},
		{"fiona", sessions.MoveMoney{Move: move("culture", "housing_community", "1m", 2028), Why: "Homelessness prevention"}},
		// Community priorities: two partners', then a panel's entered by
		// the facilitator while they are hidden, then shown.
		{"chris", sessions.SetPriorities{Points: map[string]int{"cla": 4, "neet": 3, "ae": 3}}},
		{"nadia", sessions.SetPriorities{Points: map[string]int{"ae": 5, "hle_male": 5}}},
		{"fiona", sessions.ShowPriorities{Shown: false}},
		{"fiona", sessions.SetPriorities{Panel: "Redditch residents' panel", Points: map[string]int{"neet": 6, "employment": 4}}},
		{"fiona", sessions.ShowPriorities{Shown: true}},
		// The county returns half its savings from the police's move.
		{"chris", sessions.AgreeGainShare{GainShareTerms: sessions.GainShareTerms{Saver: "county", Investor: "pcc", Share: 0.5, Years: 5},
			Why: "Police paid for the early help that saves us care costs"}},
		// An ask of the centre: benefits money is set nationally.
		{"nadia", sessions.RecordAsk{Move: move("sickness_disability", "employment_support", "2m", 0), Why: "Work and health support keeps people in work"}},
		{"fiona", sessions.RequireReasons{On: true}},
		{"fiona", sessions.SetStage{Stage: sessions.StagePlan}},
		{"chris", sessions.SignOff{Agreed: true, Comment: "Signed for the county"}},
		{"nadia", sessions.SignOff{Agreed: false, Comment: "Not until the 2028 review is written in"}},
		{"pat", sessions.SignOff{Agreed: true}},
	}
	var last uint64 // the previous step's event: what an answer or a reason refers to
	for i, st := range steps {
		switch c := st.cmd.(type) {
		case sessions.AnswerProposal:
			c.Proposal = last
			st.cmd = c
		case sessions.SetRationale:
			c.Seq = last
			st.cmd = c
		}
		ev, err := s.Apply(st.who, st.cmd)
		last = ev.Seq
		if err != nil {
			return "", fmt.Errorf("script step %d (%T): %w", i+1, st.cmd, err)
		}
	}
	return s.ID(), nil
}

// Retime rewrites session id's journal in dir with every event at Start
// plus three minutes a step, renamed to ID, so the session is the same
// on every run. It frames records as the journal does (length, CRC-32C,
// JSON), so sessions.Open reads it as any journal.
func Retime(dir, id string) error {
	path := filepath.Join(dir, id+".journal")
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	table := crc32.MakeTable(crc32.Castagnoli)
	var out bytes.Buffer
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		parts := bytes.SplitN(line, []byte(" "), 3)
		if len(parts) != 3 {
			return fmt.Errorf("%s: record %d is not LENGTH CRC JSON", path, i+1)
		}
		var ev sessions.Event
		if err := json.Unmarshal(parts[2], &ev); err != nil {
			return err
		}
		ev.Time = Start.Add(time.Duration(i) * 3 * time.Minute)
		payload, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		out.WriteString(strconv.Itoa(len(payload)))
		fmt.Fprintf(&out, " %08x ", crc32.Checksum(payload, table))
		out.Write(payload)
		out.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, ID+".journal"), out.Bytes(), 0o600); err != nil {
		return err
	}
	if id != ID {
		return os.Remove(path)
	}
	return nil
}
