package main

import (
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	sampleplaces "totalplace/sample-places"
	"totalplace/server"
	"totalplace/sessions"
)

// newServeCmd serves shared workshops over SSH.
func newServeCmd() *cobra.Command {
	var cfg server.Config
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
			cfg.OpenPlace = sampleplaces.Open
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
			srv, err := server.New(cfg)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return srv.Serve(ctx)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", ":23234", "address to listen on")
	f.StringVar(&cfg.DataDir, "data", "", "directory for workshops and the host key (default: $XDG_DATA_HOME/totalplace/server)")
	f.StringVar(&cfg.HostKeyPath, "host-key", "", "the server's ed25519 host key, made if missing (default: DATA/host_ed25519)")
	f.StringVar(&cfg.Facilitators, "facilitators", "", "authorized_keys file of who may start workshops (default: anyone)")
	return cmd
}
