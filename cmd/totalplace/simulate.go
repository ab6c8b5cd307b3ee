package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

type simulateOptions struct {
	place  string
	moves  []string
	pools  []string
	target string
	json   bool
}

func newSimulateCmd() *cobra.Command {
	var o simulateOptions
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Run a scenario: outcomes, inequality, who invests and who saves",
		Long: "Run a scenario on a place: move money between silos (services) and pool\n" +
			"budgets, then report the outcomes at the horizon, the gap between the most and\n" +
			"least deprived, need against spend, and a ledger of who invests and who saves.\n\n" +
			"A move is FROM:TO:AMOUNT[@YEAR][:TARGET]: silo ids, an amount a year (5m, 2.5m,\n" +
			"250k, 1bn; a bare 5 is £5m, as in the app), the calendar year it starts\n" +
			"(default: the place's first year) and where the money is spent: deprived\n" +
			"(the most deprived fifth) or LSOA codes joined by + (default: --target).\n" +
			"With no moves the report is the baseline.",
		Example: "  totalplace simulate --place worcestershire\n" +
			"  totalplace simulate --move adult_social_care:public_health:5m@2027 --json\n" +
			"  totalplace simulate --move nhs:early_help:2m:deprived --move nhs:public_health:1m\n" +
			"  totalplace simulate --place my-place.toml --pool children --target deprived",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSimulate(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.place, "place", "worcestershire", "embedded place id (see totalplace places) or place file")
	f.StringArrayVar(&o.moves, "move", nil, "move money a year, FROM:TO:AMOUNT[@YEAR][:TARGET] (repeatable)")
	f.StringArrayVar(&o.pools, "pool", nil, "pool the budgets of a pool id from the place file (repeatable)")
	f.StringVar(&o.target, "target", "place", "where moved money is spent unless a move says: place (as each service usually spends it) or deprived (the most deprived fifth)")
	f.BoolVar(&o.json, "json", false, "write the results as JSON")
	return cmd
}

func runSimulate(cmd *cobra.Command, o simulateOptions) error {
	var target model.Targeting
	switch o.target {
	case "place", "":
	case "deprived":
		target.MostDeprivedFifth = true
	default:
		return fmt.Errorf("--target %q: expected place or deprived", o.target)
	}
	p, err := sampleplaces.Open(o.place)
	if err != nil {
		var probs model.Problems
		if errors.As(err, &probs) {
			return fmt.Errorf("--place %s is not a valid place file (%s; see totalplace validate):\n%w", o.place, model.Plural(len(probs), "problem"), err)
		}
		return err // already names the place and what was expected
	}
	var s model.Scenario
	for _, raw := range o.moves {
		m, err := parseMove(raw, p)
		if err != nil {
			return err
		}
		if m.Target.IsZero() {
			m.Target = target
		}
		s.Moves = append(s.Moves, m)
	}
	s.Pools = o.pools

	e := model.NewEngine(p)
	r, err := e.Run(s)
	if err != nil {
		return refused(err, o.moves)
	}
	out := cmd.OutOrStdout()
	if o.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(simulationJSON(p, s, r))
	}
	var b strings.Builder
	renderReport(&b, newStyles(), p, s, r)
	_, err = fmt.Fprint(colorOut(out), b.String())
	return err
}

// refused names the --move or --pool flag the engine refused, in the
// user's own words, with the engine's reason.
func refused(err error, moves []string) error {
	var me *model.MoveError
	if !errors.As(err, &me) {
		return err
	}
	if me.Move >= 0 && me.Move < len(moves) {
		return fmt.Errorf("--move %q refused: %s", moves[me.Move], me.Msg)
	}
	return fmt.Errorf("--pool refused: %s", me.Msg)
}

// parseMove reads FROM:TO:AMOUNT[@YEAR]. The place supplies a real example
// for the error message; the engine checks the silos, amount and year.
func parseMove(raw string, p *model.Place) (model.Move, error) {
	bad := func(what string) error {
		return fmt.Errorf("--move %q: %sexpected FROM:TO:AMOUNT[@YEAR][:TARGET], e.g. %s", raw, what, exampleMove(p))
	}
	parts := strings.Split(raw, ":")
	if len(parts) != 3 && len(parts) != 4 {
		return model.Move{}, bad("")
	}
	amountText, yearText, hasYear := strings.Cut(parts[2], "@")
	for _, field := range []struct{ name, text string }{{"FROM", parts[0]}, {"TO", parts[1]}, {"AMOUNT", amountText}} {
		if strings.TrimSpace(field.text) == "" {
			return model.Move{}, bad(field.name + " is empty; ")
		}
	}
	m := model.Move{From: strings.TrimSpace(parts[0]), To: strings.TrimSpace(parts[1])}
	amount, err := model.ParseAmount(amountText)
	if err != nil {
		return model.Move{}, fmt.Errorf("--move %q: AMOUNT %v", raw, err)
	}
	m.Amount = amount
	if hasYear {
		y, err := strconv.Atoi(strings.TrimSpace(yearText))
		if err != nil || y < 1000 || y > 9999 {
			return model.Move{}, fmt.Errorf("--move %q: YEAR %q is not a calendar year: expected one of %d to %d, e.g. %s",
				raw, yearText, p.BaseYear, p.BaseYear+p.HorizonYears-1, exampleMove(p))
		}
		m.Year = y
	}
	if len(parts) == 4 {
		switch target := strings.TrimSpace(parts[3]); target {
		case "":
			// Read as place-wide it would quietly drop a target the user
			// meant to give (a trailing colon, an unset shell variable).
			return model.Move{}, bad("TARGET is empty (deprived, place, or LSOA codes joined by +); ")
		case "deprived":
			m.Target.MostDeprivedFifth = true
		case "place":
		default:
			// LSOA codes joined by +; the engine names any it doesn't know.
			seen := map[string]bool{}
			for _, code := range strings.Split(target, "+") {
				switch code = strings.TrimSpace(code); {
				case code == "":
					return model.Move{}, fmt.Errorf("--move %q: TARGET %q has an empty LSOA code: expected codes joined by +, e.g. %s", raw, target, exampleTarget(p))
				case seen[code]:
					// Counted twice it would weigh that neighbourhood double.
					return model.Move{}, fmt.Errorf("--move %q: TARGET names %s twice: name each neighbourhood once", raw, code)
				}
				seen[code] = true
				m.Target.Neighbourhoods = append(m.Target.Neighbourhoods, code)
			}
		}
	}
	// Checked here rather than left to the engine, to suggest the id meant;
	// after the syntax, so a malformed move is told its form first.
	for _, s := range []struct{ id, what string }{{m.From, "to move from"}, {m.To, "to move to"}} {
		if p.SiloIndex(s.id) < 0 {
			ids := siloIDs(p)
			return model.Move{}, fmt.Errorf("--move %q refused: unknown silo %q %s%s (silos: %s)", raw, s.id, s.what, model.DidYouMean(s.id, ids), shortList(ids))
		}
	}
	return m, nil
}

func siloIDs(p *model.Place) []string {
	ids := make([]string, len(p.Silos))
	for i, s := range p.Silos {
		ids[i] = s.ID
	}
	return ids
}

// shortList names ids, the first dozen when there are more.
func shortList(ids []string) string {
	if len(ids) > 12 {
		return strings.Join(ids[:12], ", ") + fmt.Sprintf(" and %d more", len(ids)-12)
	}
	return strings.Join(ids, ", ")
}

// exampleTarget is two of the place's LSOA codes joined by +.
func exampleTarget(p *model.Place) string {
	var codes []string
	for _, n := range p.Neighbourhoods[:min(2, len(p.Neighbourhoods))] {
		codes = append(codes, n.Code)
	}
	return strings.Join(codes, "+")
}

// exampleMove is a move the place would accept: from the first silo with
// money that can move to the first preventative service.
func exampleMove(p *model.Place) string {
	from, to := "", ""
	for _, s := range p.Silos {
		if from == "" && s.Movable() >= 5e6 {
			from = s.ID
		}
	}
	for _, s := range p.Silos {
		if to == "" && s.ID != from && s.Prevention {
			to = s.ID
		}
	}
	for _, s := range p.Silos {
		if to == "" && s.ID != from {
			to = s.ID
		}
	}
	if from == "" || to == "" {
		return "public_health:adult_social_care:5m@2027"
	}
	return fmt.Sprintf("%s:%s:5m@%d", from, to, p.BaseYear+1)
}
