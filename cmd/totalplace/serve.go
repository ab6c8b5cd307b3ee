package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	sampleplaces "totalplace/sample-places"
	"totalplace/server"
	"totalplace/sessions"
)

// newServeCmd serves shared workshops over SSH.
func newServeCmd() *cobra.Command {
	var (
		cfg       server.Config
		open      string
		projector bool
		guests    guestFlag
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve shared workshops over SSH: partners join from any terminal",
		Long: "serve runs an SSH server for shared workshops. A facilitator starts one\n" +
			"with `ssh -p 23234 HOST new PLACE`, which prints its join code; partners\n" +
			"join with `ssh -t -p 23234 HOST join CODE`. Workshops are journaled in the\n" +
			"data directory and resume, with the same codes, when the server restarts.",
		Example: "  totalplace serve --listen :23234\n" +
			"  ssh -p 23234 localhost new worcestershire\n" +
			"  ssh -t -p 23234 localhost join bako-tuli-mera-sofi",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.DataDir == "" {
				dir, err := sessions.DefaultDir()
				if err != nil {
					return err
				}
				cfg.DataDir = filepath.Join(filepath.Dir(dir), "server")
			}
			cfg.Guests = server.GuestPolicy(guests)
			cfg.OpenPlace = sampleplaces.Open
			cfg.PlaceIDs = sampleplaces.IDs()
			cfg.Places = func() (string, error) {
				places, err := sampleplaces.List()
				if err != nil {
					return "", err
				}
				var b strings.Builder
				renderPlaces(&b, newStyles(), places)
				return ansi.Strip(b.String()), nil // answered over SSH as plain text
			}
			cfg.Logger = log.New(cmd.ErrOrStderr())
			if open != "" {
				// The screen is this terminal's: the log goes to a file.
				if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
					return err
				}
				f, err := os.OpenFile(filepath.Join(cfg.DataDir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
				if err != nil {
					return err
				}
				defer f.Close()
				cfg.Logger = log.New(f)
			}
			srv, err := server.New(cfg)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if open == "" {
				return srv.Serve(ctx)
			}
			ln, err := srv.Listen()
			if err != nil {
				return err
			}
			served := make(chan error, 1)
			serveCtx, stopServing := context.WithCancel(ctx)
			go func() { served <- srv.ServeOn(serveCtx, ln) }()
			code, err := srv.OpenLocal(ctx, open, projector, sessions.Participant{ID: "local:" + userName(), Name: userName()})
			stopServing()
			if serr := <-served; err == nil {
				err = serr
			}
			if code != "" {
				listen := ""
				if cmd.Flags().Changed("listen") {
					listen = " --listen " + cfg.Listen
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Workshop %s is saved in %s; `totalplace serve%s --data %s --open %s` opens it here again, with the same code.\n", code, cfg.DataDir, listen, cfg.DataDir, code)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", ":23234", "address to listen on")
	f.StringVar(&cfg.DataDir, "data", "", "directory for workshops and the host key (default: $XDG_DATA_HOME/totalplace/server)")
	f.StringVar(&cfg.HostKeyPath, "host-key", "", "the server's ed25519 host key, made if missing (default: DATA/host_ed25519)")
	f.StringVar(&cfg.Facilitators, "facilitators", "", "authorized_keys file of who may start workshops (default: anyone)")
	f.IntVar(&cfg.Limits.Workshops, "max-workshops", 100, "workshops the server hosts at most")
	f.IntVar(&cfg.Limits.Participants, "max-participants", 200, "participants' screens open on one workshop at most")
	f.Float64Var(&cfg.Limits.CommandsASecond, "commands-per-second", 10, "commands each participant may send a second")
	f.DurationVar(&cfg.Limits.IdleTimeout, "idle-timeout", 2*time.Hour, "close a connection with no traffic for this long")
	f.DurationVar(&cfg.Limits.HandshakeTimeout, "handshake-timeout", 30*time.Second, "time a client has to finish the SSH handshake")
	f.IntVar(&cfg.Limits.MaxWidth, "max-width", 400, "the widest window drawn, in columns (wider is drawn at this width)")
	f.IntVar(&cfg.Limits.MaxHeight, "max-height", 150, "the tallest window drawn, in rows")
	f.StringVar(&open, "open", "", "also open a workshop's screen here, showing its join code: a place starts a new one, a join code opens that one again")
	f.Var(&guests, "guests", "what participants without an SSH key may do: partners, observers (watch only) or none")
	f.BoolVar(&projector, "projector", false, "with --open: the large, high-contrast projector display")
	return cmd
}

// guestFlag is --guests, checked as it is read.
type guestFlag server.GuestPolicy

func (g *guestFlag) String() string {
	if *g == "" {
		return string(server.GuestsPartners)
	}
	return string(*g)
}

func (g *guestFlag) Set(s string) error {
	p, err := server.ParseGuestPolicy(s)
	if err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "--guests "))
	}
	*g = guestFlag(p)
	return nil
}

func (g *guestFlag) Type() string { return "policy" }
