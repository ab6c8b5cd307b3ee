package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// workshopOptions are the root command's flags: what the workshop app opens.
type workshopOptions struct {
	Place     string // embedded place id or place file
	Data      string // session directory
	Resume    string // session to resume
	Projector bool
}

// runWorkshop will start the workshop app (package tui). Until it is wired
// in, it shows the help so a bare `totalplace` is still useful.
func runWorkshop(cmd *cobra.Command, opts workshopOptions) error {
	_ = opts
	if err := cmd.Help(); err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), "\nthe workshop app is coming")
	return nil
}
