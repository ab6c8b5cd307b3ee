package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

func newPlacesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "places [PLACE]",
		Short: "List the places built into totalplace, or one place's silos",
		Long: "List the places built into totalplace, with their population, number of\n" +
			"neighbourhoods (LSOAs), total public spend a year, and how many of its figures\n" +
			"are cited and how many are assumptions. Pass an id to --place.\n" +
			"With a place (an id or a file), list its silos: the ids simulate's --move\n" +
			"takes, what each spends and how much of it can move.",
		Example: "  totalplace places\n  totalplace places worcestershire",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var b strings.Builder
			if len(args) == 1 {
				p, err := sampleplaces.Open(args[0])
				if err != nil {
					return err
				}
				renderSilos(&b, newStyles(), p)
			} else {
				places, err := sampleplaces.List()
				if err != nil {
					return fmt.Errorf("an embedded place does not load (a build problem): %w", err)
				}
				renderPlaces(&b, newStyles(), places)
			}
			_, err := fmt.Fprint(colorOut(cmd.OutOrStdout()), b.String())
			return err
		},
	}
}

// renderSilos lists a place's silos by agency, with the ids a move names.
func renderSilos(b *strings.Builder, st styles, p *model.Place) {
	t := table{
		header: []string{"SILO", "NAME", "AGENCY", "SPEND", "CAN MOVE", "FIXED"},
		right:  []bool{false, false, false, true, true, false},
		shrink: 1,
	}
	for _, a := range p.Agencies {
		for i := range p.Silos {
			s := &p.Silos[i]
			if s.Agency != a.ID {
				continue
			}
			fixed := ""
			if s.Locked() > 0.5 {
				fixed = s.FixedWhy()
			}
			if s.Type.IsTransfer() || s.National {
				fixed += "; takes none in"
			}
			if n := int(s.ReleaseYears.Value); n > 1 && s.Movable() >= 0.5 {
				fixed += fmt.Sprintf("; freed over %d years", n)
			}
			t.add(s.ID, s.Name, a.ID, model.FormatMoney(s.Budget.Value), model.FormatMoney(max(s.Movable(), 0)), strings.TrimSpace(fixed))
		}
	}
	fmt.Fprintf(b, "%s: %d silos. A move is FROM:TO:AMOUNT with these ids, e.g. totalplace simulate --place %s --move %s:%s:5m\n\n",
		p.Name, len(p.Silos), p.ID, firstMovable(p), firstPrevention(p))
	t.render(b, st, 0, 120)
}

func firstMovable(p *model.Place) string {
	for _, s := range p.Silos {
		if s.Movable() >= 5e6 && !s.Prevention {
			return s.ID
		}
	}
	return p.Silos[0].ID
}

func firstPrevention(p *model.Place) string {
	for _, s := range p.Silos {
		if s.Prevention && !s.Type.IsTransfer() {
			return s.ID
		}
	}
	return p.Silos[len(p.Silos)-1].ID
}

// renderPlaces lists the places with, for each, how many of its figures
// are cited and how many assumed.
func renderPlaces(b *strings.Builder, st styles, places []sampleplaces.Info) {
	t := table{
		header: []string{"ID", "NAME", "POPULATION", "NEIGHBOURHOODS", "TOTAL SPEND", "CITED", "ASSUMED"},
		right:  []bool{false, false, true, true, true, true, true},
		shrink: 1,
	}
	for _, p := range places {
		cited, assumed := "–", "–"
		if pl, err := sampleplaces.Load(p.ID); err == nil {
			a, n := countAssumptions(pl)
			cited, assumed = strconv.Itoa(n-a), strconv.Itoa(a)
		}
		t.add(p.ID, p.Name, thousands(p.Population), strconv.Itoa(p.Neighbourhoods), model.FormatMoney(p.TotalSpend), cited, assumed)
	}
	// Wider than a report: names are never cut, and a terminal this narrow is rare.
	t.render(b, st, 0, 110)
}
