package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// newDriveCmd is a hidden command that feeds moves into a session without
// the app, acknowledging each only once it is on disk. The durability test
// kills it at random and checks that every acknowledged move survived.
func newDriveCmd() *cobra.Command {
	var data, place, session string
	cmd := &cobra.Command{
		Use:    "drive",
		Hidden: true,
		Short:  "Apply moves read from stdin (FROM TO AMOUNT a line) to a session",
		Long: "drive creates a session (or opens --session), prints \"session ID\", then reads\n" +
			"lines \"FROM TO AMOUNT\" from stdin and applies each as a move. After each\n" +
			"move is journaled durably it prints \"ack SEQ N\" (N: moves in effect); a\n" +
			"refused or unreadable line prints \"err MESSAGE\" and changes nothing.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if data == "" {
				d, err := sessions.DefaultDir()
				if err != nil {
					return err
				}
				data = d
			}
			return runDrive(cmd.InOrStdin(), cmd.OutOrStdout(), data, place, session)
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "", "directory where sessions are saved (default: the user's data directory)")
	f.StringVar(&place, "place", "worcestershire", "embedded place id or place file, for a new session")
	f.StringVar(&session, "session", "", "id of a session to resume instead of creating one")
	return cmd
}

func runDrive(in io.Reader, out io.Writer, dir, place, id string) error {
	var (
		s   *sessions.Session
		err error
	)
	if id != "" {
		s, err = sessions.Open(dir, id, sampleplaces.Open)
	} else {
		var p *model.Place
		if p, err = sampleplaces.Open(place); err != nil {
			return err
		}
		s, err = sessions.Create(dir, place, p, sessions.Participant{ID: sessions.SoloID, Name: "drive", Role: sessions.RoleFacilitator})
	}
	if err != nil {
		return err
	}
	defer s.Close()
	who := driver(s.State())
	if _, err := fmt.Fprintf(out, "session %s\n", s.ID()); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			fmt.Fprintf(out, "err expected FROM TO AMOUNT, got %q\n", sc.Text())
			continue
		}
		amount, err := model.ParseAmount(fields[2])
		if err != nil {
			fmt.Fprintf(out, "err %v\n", err)
			continue
		}
		if err := s.Do(who, sessions.MoveMoney{Move: model.Move{From: fields[0], To: fields[1], Amount: amount}}); err != nil {
			fmt.Fprintf(out, "err %s\n", strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		// Do has returned, so the move is synced to disk: only now say so.
		st := s.State()
		if _, err := fmt.Fprintf(out, "ack %d %d\n", st.History[len(st.History)-1].Seq, len(st.Applied)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return s.Close()
}

// driver picks who the moves are made as: the solo participant, or else
// the first participant allowed to move money.
func driver(st *sessions.State) string {
	if p, ok := st.Participant(sessions.SoloID); ok && p.Role != sessions.RoleObserver {
		return p.ID
	}
	for _, p := range st.Participants {
		if p.Role != sessions.RoleObserver {
			return p.ID
		}
	}
	return sessions.SoloID
}
