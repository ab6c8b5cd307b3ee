// Package server serves shared workshops over SSH with Wish: partners join
// a workshop from any terminal with the ssh they already have, each on
// their own seat of the workshop's hub, while the facilitator projects it.
// Commands without a terminal (places, new, workshops, help) answer in
// plain text, as soft-serve's do.
package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/logging"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"

	"totalplace/model"
	"totalplace/sessions"
	"totalplace/tui"
)

// Config is what a server needs; zero values take the defaults noted.
type Config struct {
	Listen  string // address to listen on; default ":23234"
	DataDir string // workshops' journals, their index and (by default) the host key
	// HostKeyPath is the server's ed25519 host key, made on first start and
	// kept, so clients' known_hosts stay valid; default DataDir/host_ed25519.
	HostKeyPath string
	// Facilitators, in authorized_keys format, says who may start a
	// workshop with "new"; empty lets anyone.
	Facilitators string
	// OpenPlace finds a place by its reference (an embedded id or a file):
	// for workshops the server started, and --open's local place.
	OpenPlace func(ref string) (*model.Place, error)
	// PlaceIDs are the places a remote "new" may start a workshop on: a
	// client never names a file on the server.
	PlaceIDs []string
	// Places lists the places "new" can start a workshop on, one per line.
	Places func() (string, error)
	Logger *log.Logger
	Limits Limits
	// Guests says what participants without an SSH key may do; default
	// GuestsPartners.
	Guests GuestPolicy
}

// GuestPolicy is what a participant without an SSH key may do. Anyone can
// type any name, so a facilitator may want only keys to speak for an
// agency, or to be let in at all.
type GuestPolicy string

// Guest policies.
const (
	GuestsPartners  GuestPolicy = "partners"  // join and speak for an agency, marked as guests
	GuestsObservers GuestPolicy = "observers" // join to watch only
	GuestsNone      GuestPolicy = "none"      // a key is needed to join
)

// ParseGuestPolicy reads --guests.
func ParseGuestPolicy(s string) (GuestPolicy, error) {
	switch g := GuestPolicy(strings.ToLower(strings.TrimSpace(s))); g {
	case "":
		return GuestsPartners, nil
	case GuestsPartners, GuestsObservers, GuestsNone:
		return g, nil
	}
	return "", fmt.Errorf("--guests %q: expected partners, observers or none", s)
}

// Limits guard the server; zero values take the defaults noted.
type Limits struct {
	Workshops        int           // workshops the server hosts; default 100
	Participants     int           // screens open on one workshop at once; default 200
	CommandsASecond  float64       // each participant's commands a second (bursts of 5); default 10
	IdleTimeout      time.Duration // a connection with no traffic either way is closed; default 2h
	HandshakeTimeout time.Duration // to finish the SSH handshake; default 30s
	MaxWidth         int           // the largest window drawn, in columns; default 400
	MaxHeight        int           // and in rows; default 150
}

func (l Limits) withDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.Workshops, 100)
	def(&l.Participants, 200)
	def(&l.MaxWidth, 400)
	def(&l.MaxHeight, 150)
	if l.CommandsASecond <= 0 {
		l.CommandsASecond = 10
	}
	if l.IdleTimeout <= 0 {
		l.IdleTimeout = 2 * time.Hour
	}
	if l.HandshakeTimeout <= 0 {
		l.HandshakeTimeout = 30 * time.Second
	}
	return l
}

// Server is a running SSH server for workshops.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	reg      *registry
	log      *log.Logger
	limiter  *codeLimiter
	listener net.Listener

	// programs are the screens open now, so a stopping server can end
	// each one and tell its participant why.
	programs sync.Map // *tea.Program -> struct{}
	stopping atomic.Bool
}

// New prepares a server: its data directory, host key and workshop index.
func New(cfg Config) (*Server, error) {
	if cfg.Listen == "" {
		cfg.Listen = ":23234"
	}
	if cfg.DataDir == "" {
		return nil, errors.New("serve: no data directory")
	}
	if cfg.OpenPlace == nil {
		return nil, errors.New("serve: no way to open places")
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr)
	}
	cfg.Limits = cfg.Limits.withDefaults()
	if cfg.Guests == "" {
		cfg.Guests = GuestsPartners
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = filepath.Join(cfg.DataDir, "host_ed25519")
	}
	reg, err := openRegistry(cfg.DataDir, cfg.OpenPlace, cfg.Limits)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s := &Server{cfg: cfg, reg: reg, log: cfg.Logger, limiter: newCodeLimiter()}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		// Anyone may connect: a key identifies a participant across drops;
		// without one, keyboard-interactive asks nothing and the participant
		// is a guest for this connection.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithIdleTimeout(cfg.Limits.IdleTimeout),
		func(srv *ssh.Server) error { srv.HandshakeTimeout = cfg.Limits.HandshakeTimeout; return nil },
		wish.WithMiddleware(
			// The last runs first: recover, log, answer commands, then the app.
			bm.MiddlewareWithProgramHandler(s.program),
			s.commands,
			logging.MiddlewareWithLogger(cfg.Logger),
			recover.MiddlewareWithLogger(cfg.Logger),
		),
	)
	if err != nil {
		reg.close()
		return nil, fmt.Errorf("serve: %w", err)
	}
	return s, nil
}

// Serve listens and serves until ctx ends, then closes every connection
// and every workshop's journal.
func (s *Server) Serve(ctx context.Context) error {
	ln, err := s.Listen()
	if err != nil {
		return err
	}
	return s.ServeOn(ctx, ln)
}

// Listen opens the configured address, so Addr is known before serving.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.listener = ln
	return ln, nil
}

// ServeOn is Serve on a listener the caller opened (tests use port 0).
func (s *Server) ServeOn(ctx context.Context, ln net.Listener) error {
	if s.listener == nil {
		s.listener = ln
	}
	s.log.Info("serving workshops over SSH", "address", ln.Addr().String(), "data", s.cfg.DataDir)
	errc := make(chan error, 1)
	go func() { errc <- s.ssh.Serve(ln) }()
	select {
	case err := <-errc:
		s.reg.close()
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	// Every change is already journaled and synced: end each screen, so
	// its participant is told (commands prints why) and the connections
	// close of themselves within the grace period.
	s.stopping.Store(true)
	s.programs.Range(func(p, _ any) bool {
		p.(*tea.Program).Quit()
		return true
	})
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.ssh.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		// A client that keeps its connection open past the grace period
		// (one with other sessions on it) is cut off.
		err = s.ssh.Close()
	}
	s.reg.close()
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// screens counts the screens open over SSH now, in every workshop.
func (s *Server) screens() int {
	n := 0
	s.programs.Range(func(_, _ any) bool { n++; return true })
	return n
}

// Addr is where the server listens, once serving.
func (s *Server) Addr() net.Addr {
	if s.listener == nil {
		return nil
	}
	return s.listener.Addr()
}

// identity names whoever is on a connection: their key's fingerprint, or
// a guest name for this connection when they have no key.
func identity(sess ssh.Session) string {
	if pk := sess.PublicKey(); pk != nil {
		return "key:" + gossh.FingerprintSHA256(pk)
	}
	if id, ok := sess.Context().Value(guestKey{}).(string); ok {
		return id
	}
	id := fmt.Sprintf("guest:%s:%d", sess.Context().SessionID()[:12], time.Now().UnixNano()%100000)
	sess.Context().SetValue(guestKey{}, id)
	return id
}

type guestKey struct{}

// isGuest reports whether the connection has no key to know its
// participant by.
func isGuest(sess ssh.Session) bool { return sess.PublicKey() == nil }

// needsKey is what a guest is told where a key is needed.
const needsKey = "so you can come back to it after a drop; make a key with `ssh-keygen -t ed25519` and connect again"

// guestRefusal says why this guest may not join as who, or nil.
func (s *Server) guestRefusal(who sessions.Participant) error {
	if !who.Guest || who.Role == sessions.RoleFacilitator {
		return nil
	}
	switch s.cfg.Guests {
	case GuestsNone:
		return errors.New("this server admits only participants with an SSH key, " + needsKey)
	case GuestsObservers:
		if who.Role != sessions.RoleObserver {
			return errors.New("on this server only participants with an SSH key speak for an agency: join --as observer to watch, or " +
				strings.TrimPrefix(needsKey, "so you can come back to it after a drop; "))
		}
	}
	return nil
}

// displayName is the name a participant is shown by when they give none.
func displayName(sess ssh.Session) string {
	if u := sess.User(); u != "" && !looksLikeCode(u) {
		return u
	}
	return "guest"
}

// joinHint is how to join a workshop on this server, for the text answers.
func (s *Server) joinHint(code string) string {
	port := ""
	if a, ok := s.Addr().(*net.TCPAddr); ok && a.Port != 22 {
		port = fmt.Sprintf(" -p %d", a.Port)
	}
	host, _ := os.Hostname()
	if a, ok := s.Addr().(*net.TCPAddr); ok && a.IP != nil && !a.IP.IsUnspecified() {
		host = a.IP.String() // listening on one address: that is the one to join at
	}
	if host == "" {
		host = "HOST"
	}
	return fmt.Sprintf("ssh -t%s %s join %s", port, host, code)
}

func trimLines(s string) string { return strings.TrimRight(s, "\n") + "\n" }

// OpenLocal starts a workshop on placeRef facilitated from this terminal
// and runs its screen here (for the projector), showing how to join, until
// the facilitator quits. The server must be serving.
//
// ref is a place, for a new workshop, or the code of one of this server's
// workshops, to open it again here.
func (s *Server) OpenLocal(ctx context.Context, ref string, projector bool, who sessions.Participant, progOpts ...tea.ProgramOption) (code string, err error) {
	who.Role = sessions.RoleFacilitator
	var w *workshop
	if looksLikeCode(ref) {
		if w, err = s.reg.lookup(ref); err != nil {
			if errors.Is(err, errUnknownCode) {
				err = fmt.Errorf("no workshop has the code %q in this server's data directory (%s)", normalCode(ref), s.cfg.DataDir)
			}
			return "", err
		}
		// Whoever runs the server may facilitate its workshops from it,
		// in the seat (and under the name) of the one who started it.
		who = sessions.Participant{ID: w.Facilitator, Role: sessions.RoleFacilitator}
	} else if w, err = s.reg.create(ref, who); err != nil {
		return "", err
	}
	seat, err := w.hub.Seat(who)
	if err != nil {
		return w.Code, err
	}
	hint := "Join: " + s.joinHint(w.Code)
	m := tui.NewSeated(seat, tui.Options{Room: w.room, Projector: projector, JoinHint: hint, EndsWorkshop: true, ScreensOnServer: s.screens,
		PlanDir: filepath.Join(s.cfg.DataDir, "plans")})
	defer m.Close()
	_, err = tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, progOpts...)...).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		err = nil
	}
	return w.Code, err
}
