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
		Use:   "places",
		Short: "List the places built into totalplace",
		Long: "List the places built into totalplace, with their population, number of\n" +
			"neighbourhoods (LSOAs) and total public spend a year. Pass an id to --place.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			places, err := sampleplaces.List()
			if err != nil {
				return fmt.Errorf("an embedded place does not load (a build problem): %w", err)
			}
			var b strings.Builder
			renderPlaces(&b, newStyles(), places)
			_, err = fmt.Fprint(colorOut(cmd.OutOrStdout()), b.String())
			return err
		},
	}
}

func renderPlaces(b *strings.Builder, st styles, places []sampleplaces.Info) {
	t := table{
		header: []string{"ID", "NAME", "POPULATION", "NEIGHBOURHOODS", "TOTAL SPEND"},
		right:  []bool{false, false, true, true, true},
		shrink: 1,
	}
	for _, p := range places {
		t.add(p.ID, p.Name, thousands(p.Population), strconv.Itoa(p.Neighbourhoods), model.FormatMoney(p.TotalSpend))
	}
	// Wider than a report: names are never cut, and a terminal this narrow is rare.
	t.render(b, st, 0, 100)
}
