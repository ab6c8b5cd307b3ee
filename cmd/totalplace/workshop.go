package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
	"totalplace/tui"
)

// workshopOptions are the root command's flags: what the workshop app opens.
type workshopOptions struct {
	Place     string // embedded place id or place file
	Data      string // session directory
	Resume    bool   // reopen the latest session
	Session   string // reopen this session
	Projector bool
	// PlaceGiven: --place was given, so it overrides a resumed session's
	// own place reference (for a place file that has moved).
	PlaceGiven bool
}

// runWorkshop opens (or resumes) a durable session and runs the workshop
// screen on it: solo use is a session with one participant.
func runWorkshop(cmd *cobra.Command, opts workshopOptions) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return errors.New("the workshop app needs a terminal; for scripts use `totalplace simulate` (see totalplace --help)")
	}
	opts.PlaceGiven = cmd.Flags().Changed("place")
	dir, err := sessionDir(opts.Data)
	if err != nil {
		return err
	}
	sess, err := openWorkshopSession(dir, opts)
	if err != nil {
		return err
	}
	// A terminal whose locale is not UTF-8 gets the ASCII screen.
	runErr := tui.Run(cmd.Context(), sess, sessions.SoloID, tui.Options{Projector: opts.Projector, ASCII: tui.LocaleIsASCII(os.Environ())})
	id, path, changed := sess.ID(), sess.Path(), hasChanges(sess.State())
	if err := sess.Close(); err != nil && runErr == nil {
		runErr = err
	}
	out := cmd.ErrOrStderr()
	if !changed && opts.Session == "" && !opts.Resume {
		// An untouched new session would only crowd --resume: nothing in
		// it was acknowledged, so nothing is lost by not keeping it.
		if err := os.Remove(path); err == nil {
			fmt.Fprintln(out, "Nothing was changed, so no session was kept.")
			return runErr
		}
	}
	resume := "totalplace --resume"
	if opts.Data != "" {
		resume = fmt.Sprintf("totalplace --data %s --resume", opts.Data)
	}
	fmt.Fprintf(out, "Workshop session %s is saved in %s.\nReopen it with: %s\n", id, dir, resume)
	return runErr
}

// hasChanges reports whether anyone did anything in the session beyond
// starting or joining it.
func hasChanges(st *sessions.State) bool {
	for _, ev := range st.History {
		if ev.Kind != sessions.KindStart && ev.Kind != sessions.KindJoin {
			return true
		}
	}
	return false
}

func openWorkshopSession(dir string, opts workshopOptions) (*sessions.Session, error) {
	id := opts.Session
	if opts.Resume && id == "" {
		latest, err := sessions.Latest(dir)
		if err != nil {
			return nil, err
		}
		if latest == "" {
			return nil, fmt.Errorf("no saved workshop sessions in %s to resume; start one with `totalplace`", dir)
		}
		id = latest
	}
	if id != "" {
		load := sampleplaces.Open
		if opts.PlaceGiven {
			// The session's place file has moved: use the one given. Its
			// fingerprint still tells the session if the figures changed.
			load = func(string) (*model.Place, error) { return sampleplaces.Open(opts.Place) }
		}
		sess, err := sessions.Open(dir, id, load)
		if err != nil {
			return nil, fmt.Errorf("%w\nIf the place file moved, reopen with --place NEW-PATH --resume; if its figures changed, put them back or start a new session with --place", err)
		}
		return sess, nil
	}
	place, err := sampleplaces.Open(opts.Place)
	if err != nil {
		return nil, err
	}
	return sessions.Create(dir, placeRef(opts.Place), place, sessions.Participant{ID: sessions.SoloID, Name: userName(), Role: sessions.RoleFacilitator})
}

// placeRef is how a session finds its place again: embedded ids as they
// are, files by absolute path so --resume works from any directory.
func placeRef(idOrPath string) string {
	if _, ok := sampleplaces.Source(idOrPath); ok {
		return idOrPath
	}
	if abs, err := filepath.Abs(idOrPath); err == nil {
		return abs
	}
	return idOrPath
}

func userName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "you"
}

func sessionDir(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	return sessions.DefaultDir()
}

// newSessionsCmd lists saved workshop sessions.
func newSessionsCmd() *cobra.Command {
	var data string
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "List saved workshop sessions: id, place, started, moves",
		Long: "sessions lists the workshop sessions saved in the data directory, newest\n" +
			"first. Reopen the newest with `totalplace --resume`, or any with\n" +
			"`totalplace --session ID`.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := sessionDir(data)
			if err != nil {
				return err
			}
			infos, err := sessions.List(dir)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if len(infos) == 0 {
				fmt.Fprintf(out, "No saved sessions in %s. Start one with `totalplace`.\n", dir)
				return nil
			}
			t := table{header: []string{"ID", "PLACE", "STARTED", "LAST CHANGE", "MOVES"}, right: []bool{false, false, false, false, true}, shrink: 1}
			for _, in := range infos {
				t.add(in.ID, in.Place, in.Started.Local().Format("2006-01-02 15:04"), in.Updated.Local().Format("2006-01-02 15:04"), fmt.Sprint(in.Moves))
			}
			var b strings.Builder
			t.render(&b, newStyles(), 0, 100)
			_, err = fmt.Fprint(colorOut(out), b.String())
			return err
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "directory where workshop sessions are saved (default: $XDG_DATA_HOME/totalplace/sessions)")
	return cmd
}
