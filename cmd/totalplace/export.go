package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/model"
	"totalplace/plan"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// exportFormats are the formats export writes, in the order help lists them.
var exportFormats = []string{"md", "html", "csv", "json"}

// newExportCmd writes a workshop's plan: a board paper (md), a printable
// page (html), tables for spreadsheets (csv) or everything (json).
func newExportCmd() *cobra.Command {
	var data, scenario, format, out string
	cmd := &cobra.Command{
		Use:   "export [SESSION]",
		Short: "Write a workshop's Local Public Service Plan as Markdown, HTML, CSV or JSON",
		Long: "export writes the plan of a saved workshop session (the latest, or SESSION):\n" +
			"the place and its spend, the agreed moves with who proposed, who agreed and\n" +
			"why, expected outcomes by year with ranges, the gaps before and after, who\n" +
			"invests and who saves (with gain-share), community priorities, asks of the\n" +
			"centre, every source and assumption, participants and sign-off, and the\n" +
			"full event history.\n\n" +
			"--format md is a board paper, html one self-contained printable page, json\n" +
			"everything (described by docs/plan-schema.json). csv writes one file per\n" +
			"table into the directory -o names (made if missing): spend.csv, moves.csv,\n" +
			"outcomes.csv, gaps.csv, ledger.csv, priorities.csv, asks.csv.\n\n" +
			"The same session always gives the same bytes: every time in the plan comes\n" +
			"from its journal.",
		Example: "  totalplace export --format md\n" +
			"  totalplace export 20261123-134501-ab12 --scenario \"Prevention first\" --format html -o plan.html\n" +
			"  totalplace export --format csv -o plan-tables",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(exportFormats, format) {
				return fmt.Errorf("unknown --format %q: expected %s%s", format, strings.Join(exportFormats, ", "), model.DidYouMean(format, exportFormats))
			}
			if format == "csv" && out == "" {
				return errors.New("--format csv writes one file per table: name a directory for them with -o DIR")
			}
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			pl, err := buildPlan(data, id, scenario)
			if err != nil {
				return err
			}
			return writePlan(cmd, pl, format, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "", "directory where workshop sessions are saved (default: $XDG_DATA_HOME/totalplace/sessions)")
	f.StringVar(&scenario, "scenario", "", "a saved scenario's name (default: the allocation as the workshop left it)")
	f.StringVar(&format, "format", "md", "md, html, csv or json")
	f.StringVarP(&out, "out", "o", "", "file to write (a directory for csv); default: standard output")
	return cmd
}

// buildPlan opens session id (the latest when empty) in dir and builds the
// plan of its scenario.
func buildPlan(data, id, scenario string) (*plan.Plan, error) {
	dir, err := sessionDir(data)
	if err != nil {
		return nil, err
	}
	if id == "" {
		if id, err = sessions.Latest(dir); err != nil {
			return nil, err
		}
		if id == "" {
			return nil, fmt.Errorf("no saved workshop sessions in %s to export; name one, or give --data where they are", dir)
		}
	}
	sess, err := sessions.Open(dir, id, sampleplaces.Open)
	if err != nil {
		var locked *sessions.LockedError
		if errors.As(err, &locked) {
			return nil, fmt.Errorf("%w\nExport it from the facilitator's console, or once the workshop has closed", err)
		}
		return nil, openError(err, dir, id, workshopOptions{Data: data, Session: id})
	}
	// Nothing is written to the session: it is read and closed.
	defer sess.Close()
	pl, err := plan.Build(sess.State(), plan.Options{Scenario: scenario})
	if err != nil {
		return nil, fmt.Errorf("session %s: %w", id, err)
	}
	return pl, nil
}

// writePlan writes pl in format to out (stdout when empty; a directory for
// csv). A file is written whole or not at all.
func writePlan(cmd *cobra.Command, pl *plan.Plan, format, out string) error {
	if format == "csv" {
		return writeCSVDir(pl, out)
	}
	write, ok := plan.Writer(format)
	if !ok {
		return fmt.Errorf("unknown --format %q", format) // checked before: a programming error
	}
	var b bytes.Buffer
	err := write(&b, pl)
	if err != nil {
		return err
	}
	if out == "" || out == "-" {
		_, err = cmd.OutOrStdout().Write(b.Bytes())
		return err
	}
	return writeFileAtomic(out, b.Bytes())
}

func writeCSVDir(pl *plan.Plan, dir string) error {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return fmt.Errorf("-o %s is a file: --format csv writes one file per table into a directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, t := range plan.CSVTables(pl) {
		var b bytes.Buffer
		if err := t.Write(&b); err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(dir, t.Name+".csv"), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
