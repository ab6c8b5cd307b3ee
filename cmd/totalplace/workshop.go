package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"

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
	// A terminal whose locale is not UTF-8 gets the ASCII screen. A closed
	// terminal (SIGHUP) or a kill (SIGTERM) ends the app as q does, so an
	// untouched session is not left behind for --resume.
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	// The console's X writes the plan beside the sessions.
	planDir := filepath.Join(dir, "plans")
	runErr := tui.Run(ctx, sess, sessions.SoloID, tui.Options{Projector: opts.Projector, ASCII: tui.LocaleIsASCII(os.Environ()), PlanDir: planDir})
	if ctx.Err() != nil && cmd.Context().Err() == nil {
		runErr = nil // every change is already on disk: ending so is no failure
	}
	id := sess.ID()
	// An untouched session would only crowd --resume: nothing in it was
	// acknowledged, so nothing is lost by not keeping it.
	kept, err := sess.CloseUnlessChanged()
	if err != nil && runErr == nil {
		runErr = err
	}
	out := cmd.ErrOrStderr()
	if !kept {
		fmt.Fprintln(out, "Nothing was changed, so no session was kept.")
		return runErr
	}
	resume := "totalplace --resume"
	if opts.Data != "" {
		resume = fmt.Sprintf("totalplace --data %s --resume", opts.Data)
	}
	fmt.Fprintf(out, "Workshop session %s is saved in %s.\nReopen it with: %s\n", id, dir, resume)
	return runErr
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
		var (
			sess *sessions.Session
			err  error
		)
		if opts.PlaceGiven {
			// The session's place file has moved: read it from where it is
			// now, and the session records that. It must be the same place;
			// its fingerprint still tells the session if the figures changed.
			sess, err = sessions.OpenMoved(dir, id, sessions.SoloID, placeRef(opts.Place), sampleplaces.Open)
		} else {
			sess, err = sessions.Open(dir, id, sampleplaces.Open)
		}
		if err != nil {
			return nil, openError(err, dir, id, opts)
		}
		return sess, nil
	}
	place, err := sampleplaces.Open(opts.Place)
	if err != nil {
		return nil, err
	}
	return sessions.Create(dir, placeRef(opts.Place), place, sessions.Participant{ID: sessions.SoloID, Name: userName(), Role: sessions.RoleFacilitator})
}

// openError says what to do about a session that will not open, for the
// reason it will not: each has its own remedy.
func openError(err error, dir, id string, opts workshopOptions) error {
	data := ""
	if opts.Data != "" {
		data = " --data " + opts.Data
	}
	again := "--session " + id
	if opts.Resume && opts.Session == "" {
		again = "--resume"
	}
	var (
		mismatch *sessions.PlaceMismatchError
		changed  *sessions.PlaceChangedError
		place    *sessions.PlaceError
	)
	switch {
	case errors.Is(err, sessions.ErrNoSession):
		var ids []string
		if infos, lerr := sessions.List(dir); lerr == nil {
			for _, in := range infos {
				ids = append(ids, in.ID)
			}
		}
		return fmt.Errorf("%w%s\n`totalplace%s sessions` lists the saved ones", err, model.DidYouMean(id, ids), data)
	case errors.As(err, &mismatch) && !opts.PlaceGiven:
		return fmt.Errorf("session %s is a workshop on %s, but its place file %s now holds %s: put %s's file back there, or if it moved, reopen with: totalplace%s --place NEW-PATH %s",
			mismatch.ID, mismatch.Want, mismatch.Ref, mismatch.Got, mismatch.Want, data, again)
	case errors.As(err, &mismatch):
		return fmt.Errorf("session %s is a workshop on %s, but --place %s is %s: its moves cannot run on another place's figures. "+
			"--place with --resume or --session is only for the same place's file after it has moved; to work on %s, start a new session: totalplace%s --place %s",
			mismatch.ID, mismatch.Want, opts.Place, mismatch.Got, mismatch.Got, data, opts.Place)
	case errors.As(err, &changed):
		return fmt.Errorf("%w\nPut the place's figures back as they were, or start a new session on them with: totalplace%s --place %s", err, data, changed.Ref)
	case errors.As(err, &place) && errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w\nIf the place file moved, reopen with: totalplace%s --place NEW-PATH %s", err, data, again)
	case errors.As(err, &place):
		return fmt.Errorf("%w\nCheck the place file with: totalplace validate %s", err, place.Ref)
	}
	// Locked (names who holds it), damaged (names the file and the byte)
	// and the rest say all there is to say.
	return err
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
			"first, then any damaged journal with what is wrong with it. Reopen the\n" +
			"newest with `totalplace --resume`, or any with `totalplace --session ID`.\n" +
			"A session in which nothing was changed is not kept.",
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
			var b strings.Builder
			renderSessions(&b, newStyles(), dir, infos)
			_, err = fmt.Fprint(colorOut(cmd.OutOrStdout()), b.String())
			return err
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "directory where workshop sessions are saved (default: $XDG_DATA_HOME/totalplace/sessions)")
	return cmd
}

// renderSessions is the sessions that open, as a table, then any journal
// that does not with what is wrong with it: never left out unsaid.
func renderSessions(b *strings.Builder, st styles, dir string, infos []sessions.Info) {
	t := table{header: []string{"ID", "PLACE", "STARTED", "LAST CHANGE", "MOVES"}, right: []bool{false, false, false, false, true}, shrink: 1}
	var damaged []sessions.Info
	for _, in := range infos {
		if in.Problem != "" {
			damaged = append(damaged, in)
			continue
		}
		t.add(in.ID, in.Place, in.Started.Local().Format("2006-01-02 15:04"), in.Updated.Local().Format("2006-01-02 15:04"), fmt.Sprint(in.Moves))
	}
	switch {
	case len(t.rows) > 0:
		t.render(b, st, 0, 100)
	case len(damaged) == 0:
		fmt.Fprintf(b, "No saved sessions in %s. Start one with `totalplace`.\n", dir)
		return
	default:
		fmt.Fprintf(b, "No saved sessions in %s that open.\n", dir)
	}
	if len(damaged) == 0 {
		return
	}
	what := model.Plural(len(damaged), "journal") + " are damaged and will not open; they are left as they are:"
	if len(damaged) == 1 {
		what = "1 journal is damaged and will not open; it is left as it is:"
	}
	fmt.Fprintf(b, "\n%s\n", st.warn.Render(what))
	for _, in := range damaged {
		fmt.Fprintf(b, "  %s: %s\n", in.Path, in.Problem)
	}
}
