// Command totalplace runs Total Place budgeting workshops: the workshop app
// (no arguments) and the places, validate, simulate and import commands.
// This file is wiring only; each command lives in its own file.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/fang"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
)

func main() {
	root := newRootCmd()
	err := fang.Execute(context.Background(), root,
		fang.WithVersion(versionString()),
		fang.WithErrorHandler(handleError),
	)
	if err != nil {
		os.Exit(exitCode(err))
	}
}

// newRootCmd builds the whole command tree.
func newRootCmd() *cobra.Command {
	var opts workshopOptions
	root := &cobra.Command{
		Use:   "totalplace",
		Short: "Total Place: count all public spend in a place and see what moving it would do",
		Long: "totalplace counts all the public money spent in an English place, by\n" +
			"service and agency, and lets a workshop move money between services to see\n" +
			"outcomes by neighbourhood, the gap between the most and least deprived, and\n" +
			"who invests and who saves.\n\n" +
			"With no command it opens the workshop app.",
		Example: "  totalplace places\n" +
			"  totalplace simulate --place worcestershire --move adult_social_care:public_health:5m@2027\n" +
			"  totalplace validate my-place.toml",
		Args:          cobra.NoArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runWorkshop(cmd, opts)
		},
	}
	f := root.Flags()
	f.StringVar(&opts.Place, "place", "worcestershire", "embedded place id or place file to open; with --resume or --session, where the session's place file is now")
	f.StringVar(&opts.Data, "data", "", "directory where workshop sessions are saved")
	f.BoolVar(&opts.Resume, "resume", false, "reopen the latest saved workshop session with changes")
	f.StringVar(&opts.Session, "session", "", "reopen the saved workshop session with this id (see totalplace sessions)")
	f.BoolVar(&opts.Projector, "projector", false, "large, high-contrast display for a projector")

	root.AddCommand(
		newPlacesCmd(),
		newValidateCmd(),
		newSimulateCmd(),
		newImportCmd(),
		newSessionsCmd(),
		newServeCmd(),
		newDriveCmd(),
		newExportCmd(),
	)
	return root
}

// exitError ends the program with Code after its output has already been
// printed, so the error handler stays silent (validate's problem list).
type exitError struct{ Code int }

func (e *exitError) Error() string { return "exit status " + strconv.Itoa(e.Code) }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// handleError leaves already-reported failures alone. Other errors get
// fang's styled box on a terminal and one plain line otherwise, so scripts
// and logs see just the message. (fang wraps stderr before calling this, so
// its own terminal check cannot see the file.)
func handleError(w io.Writer, styles fang.Styles, err error) {
	var ee *exitError
	if errors.As(err, &ee) {
		return
	}
	if !term.IsTerminal(os.Stderr.Fd()) {
		fmt.Fprintln(w, "totalplace: "+err.Error())
		return
	}
	// Messages start with flag names and ids: keep their case.
	styles.ErrorText = styles.ErrorText.UnsetTransform()
	fang.DefaultErrorHandler(w, styles, err)
}
