package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/model"
)

func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check place files and list every problem",
		Long: "Check one or more place files (docs/place-format.md). Prints FILE: ok for\n" +
			"each valid file, and every problem, one a line, as FILE:LINE:COL: message;\n" +
			"exits 0 when all are valid and 1 otherwise.",
		Example: "  totalplace validate worcestershire.toml\n  totalplace validate places/*.toml",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("validate needs at least one place FILE, e.g. totalplace validate my-place.toml")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// One verdict a file: with several, a single "ok" would not say
			// which were checked.
			var lines []string
			bad := false
			for _, path := range args {
				probs := validateFile(path)
				if len(probs) == 0 {
					probs = []string{path + ": ok"}
				} else {
					bad = true
				}
				lines = append(lines, probs...)
			}
			fmt.Fprintln(cmd.OutOrStdout(), strings.Join(lines, "\n"))
			if bad {
				return &exitError{Code: 1}
			}
			return nil
		},
	}
}

// validateFile returns the file's problems as FILE:LINE:COL: message lines.
func validateFile(path string) []string {
	_, err := model.Load(path)
	if err == nil {
		return nil
	}
	var probs model.Problems
	if errors.As(err, &probs) && len(probs) > 0 {
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = p.String()
		}
		return lines
	}
	// Not a list of problems (the file could not be read): still one line
	// in the same shape, so editors and scripts can parse it.
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = "cannot read the file: " + pe.Err.Error() // the path is already at the front
	}
	return []string{path + ":1:1: " + msg}
}
