package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	sampleplaces "totalplace/sample-places"
)

// testServer is a real server on a loopback port with its own data directory.
type testServer struct {
	t      testing.TB
	srv    *Server
	addr   string
	dir    string
	cancel func()
	done   chan error
}

func startServer(t testing.TB, dir string) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return startServerOn(t, dir, ln)
}

func startServerOn(t testing.TB, dir string, ln net.Listener) *testServer {
	t.Helper()
	return startServerWith(t, dir, ln, Limits{})
}

func startServerWith(t testing.TB, dir string, ln net.Listener, limits Limits) *testServer {
	t.Helper()
	return startServerConfigured(t, dir, ln, func(c *Config) { c.Limits = limits })
}

// startServerWithConfig starts a server whose config edit changes.
func startServerWithConfig(t testing.TB, ln net.Listener, edit func(*Config)) *testServer {
	t.Helper()
	return startServerConfigured(t, t.TempDir(), ln, edit)
}

func startServerConfigured(t testing.TB, dir string, ln net.Listener, edit func(*Config)) *testServer {
	t.Helper()
	cfg := Config{Listen: ln.Addr().String(), DataDir: dir, OpenPlace: sampleplaces.Open, PlaceIDs: sampleplaces.IDs(),
		Places: func() (string, error) { return "worcestershire\ngateshead\nlewisham\n", nil }, Logger: log.New(io.Discard)}
	edit(&cfg)
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{t: t, srv: srv, addr: ln.Addr().String(), dir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- srv.ServeOn(ctx, ln) }()
	t.Cleanup(ts.stop)
	return ts
}

func (ts *testServer) stop() {
	if ts.cancel == nil {
		return
	}
	ts.cancel()
	ts.cancel = nil
	select {
	case err := <-ts.done:
		if err != nil {
			ts.t.Errorf("server: %v", err)
		}
	case <-time.After(10 * time.Second):
		ts.t.Error("the server did not stop")
	}
}

// newKey is a participant's SSH key.
func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects as user, with key (nil: no key, keyboard-interactive).
func (ts *testServer) dial(user string, key gossh.Signer) *gossh.Client {
	ts.t.Helper()
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(func() { c.Close() })
	return c
}

// run runs a command without a terminal: its output, errors and exit code.
func (ts *testServer) run(key gossh.Signer, cmd string) (stdout, stderr string, code int) {
	ts.t.Helper()
	c := ts.dial("tester", key)
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatal(err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	err = s.Run(cmd)
	var exit *gossh.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitStatus()
	case err != nil:
		ts.t.Fatalf("%s: %v", cmd, err)
	}
	return out.String(), errb.String(), code
}

// screen is one participant's terminal: an SSH session with a PTY whose
// output feeds a terminal emulator.
type screen struct {
	t    testing.TB
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	mu   sync.Mutex
	emu  *vt.Emulator
	done chan struct{}
}

func (ts *testServer) join(user string, key gossh.Signer, cmd string, w, h int) *screen {
	ts.t.Helper()
	c := ts.dial(user, key)
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		ts.t.Fatal(err)
	}
	in, err := s.StdinPipe()
	if err != nil {
		ts.t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		ts.t.Fatal(err)
	}
	errOut, err := s.StderrPipe()
	if err != nil {
		ts.t.Fatal(err)
	}
	sc := &screen{t: ts.t, conn: c, sess: s, in: in, emu: vt.NewEmulator(w, h), done: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, sc.emu) }() // the emulator's replies
	// A terminal shows both streams.
	var pumps sync.WaitGroup
	for _, r := range []io.Reader{out, errOut} {
		pumps.Add(1)
		go func() {
			defer pumps.Done()
			buf := make([]byte, 32*1024)
			for {
				n, err := r.Read(buf)
				if n > 0 {
					sc.mu.Lock()
					_, _ = sc.emu.Write(buf[:n])
					sc.mu.Unlock()
				}
				if err != nil {
					return
				}
			}
		}()
	}
	go func() {
		pumps.Wait()
		close(sc.done)
	}()
	if cmd == "" {
		err = s.Shell()
	} else {
		err = s.Start(cmd)
	}
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(sc.close)
	return sc
}

func (sc *screen) close() {
	sc.sess.Close()
	sc.conn.Close() // a screen is its own connection
	<-sc.done
	if pw, ok := sc.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.Close()
	}
}

func (sc *screen) text() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	var b strings.Builder
	for y := range sc.emu.Height() {
		for x := range sc.emu.Width() {
			c := sc.emu.CellAt(x, y)
			if c == nil || c.Width == 0 {
				continue
			}
			if c.Content == "" {
				b.WriteByte(' ')
				continue
			}
			b.WriteString(c.Content)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// waitFor waits until cond holds for the screen.
func (sc *screen) waitFor(what string, cond func(string) bool) string {
	sc.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := sc.text()
		if cond(flat(s)) {
			return s
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("timed out waiting for %s; screen:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitText waits until every sub is on screen.
func (sc *screen) waitText(subs ...string) string {
	sc.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := sc.text()
		ok := true
		for _, sub := range subs {
			ok = ok && strings.Contains(flat(s), flat(sub))
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("timed out waiting for %q; screen:\n%s", subs, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// keys types raw bytes, a little apart, as a person would.
func (sc *screen) keys(ks ...string) {
	sc.t.Helper()
	for _, k := range ks {
		if _, err := io.WriteString(sc.in, k); err != nil {
			sc.t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

const (
	keyDown  = "\x1b[B"
	keyRight = "\x1b[C"
	keyEnter = "\r"
)

// identity2 is the ID of the participant named name in a workshop.
func identity2(w *workshop, name string) string {
	for _, p := range w.sess.State().Participants {
		if p.Name == name {
			return p.ID
		}
	}
	return ""
}
