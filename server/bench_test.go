package server

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"totalplace/model"
	"totalplace/sessions"
)

// benchClient is a participant's terminal for the benchmark: an SSH
// session with a PTY whose output feeds an emulator, watching its
// headline for the number of moves the benchmark waits for.
type benchClient struct {
	conn *gossh.Client
	sess *gossh.Session
	emu  *vt.Emulator
	seen chan<- int
}

func (c *benchClient) pump(out io.Reader, want *atomic.Int64, id int) {
	buf := make([]byte, 32*1024)
	last := int64(-1)
	for {
		n, err := out.Read(buf)
		if n > 0 {
			_, _ = c.emu.Write(buf[:n])
			if w := want.Load(); w != last && headlineHas(c.emu, w) {
				last = w
				c.seen <- id
			}
		}
		if err != nil {
			return
		}
	}
}

// headlineHas reports whether the headline (the second row) says n moves.
func headlineHas(emu *vt.Emulator, n int64) bool {
	var b strings.Builder
	for x := range emu.Width() {
		if c := emu.CellAt(x, 1); c != nil && c.Content != "" {
			b.WriteString(c.Content)
		} else {
			b.WriteByte(' ')
		}
	}
	return strings.Contains(b.String(), strconv.FormatInt(n, 10)+" moves")
}

func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkParticipants connects N real SSH clients with PTYs (120x40) to
// one Worcestershire workshop on a loopback server in this process, then
// times a move made through the hub until every client's screen, read
// through a terminal emulator, shows it. It reports p50-ms and p99-ms,
// MiB/participant (the process's resident memory per participant: the
// server's side and the test's clients and emulators together) and
// goroutines/participant (both sides too).
func BenchmarkParticipants(b *testing.B) {
	for _, n := range []int{10, 50, 200} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { benchParticipants(b, n) })
	}
}

func benchParticipants(b *testing.B, n int) {
	ts := startServer(b, b.TempDir())
	defer ts.stop()
	out, _, code := runB(b, ts, "new worcestershire")
	if code != 0 {
		b.Fatalf("new: %s", out)
	}
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	w, err := ts.srv.reg.lookup(joinCode)
	if err != nil {
		b.Fatal(err)
	}
	w.hub.LimitCommands(0, 1) // the benchmark's mover is not a person
	mover, err := w.hub.Seat(sessions.Participant{ID: "bench", Name: "Bench", Role: sessions.RoleFacilitator})
	if err != nil {
		b.Fatal(err)
	}
	// Two moves first, so the headline says "N moves" from then on.
	for range 2 {
		if a := <-mover.Send(sessions.MoveMoney{Move: model.Move{From: "nhs", To: "public_health", Amount: 1e5}}); a.Err != nil {
			b.Fatal(a.Err)
		}
	}

	runtime.GC()
	rss0, g0 := rssBytes(), runtime.NumGoroutine()
	var want atomic.Int64
	want.Store(2)
	seen := make(chan int, 4*n)
	clients := make([]*benchClient, n)
	var wg sync.WaitGroup
	for i := range clients {
		conn, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: fmt.Sprint("p", i),
			Auth:            []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		s, err := conn.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := s.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
			b.Fatal(err)
		}
		stdout, _ := s.StdoutPipe()
		c := &benchClient{conn: conn, sess: s, emu: vt.NewEmulator(120, 40), seen: seen}
		go func() { _, _ = io.Copy(io.Discard, c.emu) }()
		wg.Add(1)
		go func() { defer wg.Done(); c.pump(stdout, &want, i) }()
		if err := s.Start("join " + joinCode + " --as observer --name " + fmt.Sprint("p", i)); err != nil {
			b.Fatal(err)
		}
		clients[i] = c
	}
	// Every screen shows the workshop before timing starts.
	waitAll(b, seen, n, 60*time.Second)
	runtime.GC()
	rss1, g1 := rssBytes(), runtime.NumGoroutine()

	var lat []time.Duration
	moves := int64(2)
	for b.Loop() {
		moves++
		want.Store(moves)
		t0 := time.Now()
		if a := <-mover.Send(sessions.MoveMoney{Move: model.Move{From: "nhs", To: "public_health", Amount: 1e5}}); a.Err != nil {
			b.Fatal(a.Err)
		}
		waitAll(b, seen, n, 30*time.Second)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	for _, c := range clients {
		c.sess.Close()
		c.conn.Close()
	}
	wg.Wait()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
		b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "p99-ms")
	}
	b.ReportMetric(float64(rss1-rss0)/float64(n)/(1<<20), "MiB/participant")
	b.ReportMetric(float64(g1-g0)/float64(n), "goroutines/participant")
}

// waitAll waits until n distinct screens have reported.
func waitAll(b *testing.B, seen <-chan int, n int, limit time.Duration) {
	got := make(map[int]bool, n)
	deadline := time.After(limit)
	for len(got) < n {
		select {
		case id := <-seen:
			got[id] = true
		case <-deadline:
			b.Fatalf("only %d of %d screens showed the move in %s", len(got), n, limit)
		}
	}
}

func runB(b *testing.B, ts *testServer, cmd string) (string, string, int) {
	c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "bench",
		Auth:            []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var o, e strings.Builder
	s.Stdout, s.Stderr = &o, &e
	code := 0
	if err := s.Run(cmd); err != nil {
		var exit *gossh.ExitError
		if ok := errors.As(err, &exit); ok {
			code = exit.ExitStatus()
		} else {
			b.Fatal(err)
		}
	}
	return o.String(), e.String(), code
}
