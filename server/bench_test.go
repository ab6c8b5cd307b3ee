package server

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
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

// The benchmarks run the server in a process of its own (this test
// binary, asked for TestBenchServerProcess), so that its resident memory
// and goroutines are the server's alone, not the load generator's.
const benchServerEnv = "TOTALPLACE_BENCH_SERVER"

// benchReply marks the server process's answers among whatever else the
// test binary prints.
const benchReply = "bench-server: "

// TestBenchServerProcess is the benchmarks' server: one workshop with
// two moves made, answering lines on stdin: "move" makes one more move as
// the facilitator and answers when it is journaled; "stats" answers the
// resident memory and goroutines after a GC; "profile" starts a CPU
// profile to $TOTALPLACE_BENCH_CPUPROFILE; "quit".
func TestBenchServerProcess(t *testing.T) {
	if os.Getenv(benchServerEnv) == "" {
		t.Skip("the benchmarks' server: run by them as a process of its own")
	}
	if os.Getenv("TOTALPLACE_BENCH_HEAPPROFILE") != "" {
		runtime.MemProfileRate = 1 // every allocation: growth of a few KiB must show
	}
	ts := startServer(t, t.TempDir())
	out, _, code := ts.run(newKey(t), "new "+os.Getenv(benchServerEnv))
	if code != 0 {
		t.Fatalf("new: %s", out)
	}
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	w, err := ts.srv.reg.lookup(joinCode)
	if err != nil {
		t.Fatal(err)
	}
	w.hub.LimitCommands(0, 1) // the benchmark's mover is not a person
	mover, err := w.hub.Seat(sessions.Participant{ID: "bench", Name: "Bench", Role: sessions.RoleFacilitator})
	if err != nil {
		t.Fatal(err)
	}
	place := w.hub.Session().State().Place
	from, to := benchMoveSilos(place)
	move := func() error {
		return (<-mover.Send(sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: 1e5}})).Err
	}
	// Two moves first, so the headline says "N moves" from then on.
	for range 2 {
		if err := move(); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Printf("%sready %s %s\n", benchReply, ts.addr, joinCode)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "move":
			if err := move(); err != nil {
				fmt.Printf("%serror %v\n", benchReply, err)
				continue
			}
			fmt.Printf("%sok\n", benchReply)
		case "stats":
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("%sstats %d %d %d\n", benchReply, rssBytes(), runtime.NumGoroutine(), ms.HeapAlloc)
		case "stacks":
			_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 1)
			fmt.Printf("%sok\n", benchReply)
		case "profile":
			// The timed part alone: from the start it would mostly show
			// the joins.
			pf, err := os.Create(os.Getenv("TOTALPLACE_BENCH_CPUPROFILE"))
			if err == nil {
				err = pprof.StartCPUProfile(pf)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer func() { pprof.StopCPUProfile(); pf.Close() }()
			fmt.Printf("%sok\n", benchReply)
		case "heap":
			runtime.GC()
			f, err := os.Create(arg)
			if err == nil {
				err = pprof.WriteHeapProfile(f)
				f.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("%sok\n", benchReply)
		case "quit":
			return
		}
	}
}

// benchMoveSilos is a move every place can make again and again: from
// its largest movable silo into its first prevention silo.
func benchMoveSilos(p *model.Place) (from, to string) {
	best := -1.0
	for _, s := range p.Silos {
		if m := s.Movable(); m > best {
			best, from = m, s.ID
		}
	}
	for _, s := range p.Silos {
		if s.Prevention && s.ID != from {
			return from, s.ID
		}
	}
	return from, p.Silos[0].ID
}

// benchServer is the server process, seen from the benchmark.
type benchServer struct {
	cmd        *exec.Cmd
	in         io.WriteCloser
	out        *bufio.Scanner
	addr, code string
}

func startBenchServer(b *testing.B, place string) *benchServer {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestBenchServerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), benchServerEnv+"="+place)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	s := &benchServer{cmd: cmd, in: in, out: bufio.NewScanner(stdout)}
	b.Cleanup(s.stop)
	f := strings.Fields(s.answer(b))
	if len(f) != 3 || f[0] != "ready" {
		b.Fatalf("the server process said %q", f)
	}
	s.addr, s.code = f[1], f[2]
	return s
}

// answer is the server process's next answer.
func (s *benchServer) answer(b *testing.B) string {
	for s.out.Scan() {
		if rest, ok := strings.CutPrefix(s.out.Text(), benchReply); ok {
			return rest
		}
	}
	b.Fatalf("the server process stopped: %v", s.out.Err())
	return ""
}

func (s *benchServer) ask(b *testing.B, line string) string {
	if _, err := fmt.Fprintln(s.in, line); err != nil {
		b.Fatal(err)
	}
	return s.answer(b)
}

func (s *benchServer) move(b *testing.B) {
	if a := s.ask(b, "move"); a != "ok" {
		b.Fatalf("move: %s", a)
	}
}

// stats is the server process's resident bytes and goroutines.
func (s *benchServer) stats(b *testing.B) (rss int64, goroutines int) {
	rss, goroutines, _ = s.heapStats(b)
	return rss, goroutines
}

// heapStats is stats with the live heap's bytes after a GC.
func (s *benchServer) heapStats(b *testing.B) (rss int64, goroutines int, heap int64) {
	if _, err := fmt.Sscanf(s.ask(b, "stats"), "stats %d %d %d", &rss, &goroutines, &heap); err != nil {
		b.Fatal(err)
	}
	return rss, goroutines, heap
}

// settled is heapStats once the goroutines have not changed for a
// second (or after 10 s).
func (s *benchServer) settled(b *testing.B) (rss int64, goroutines int, heap int64) {
	rss, goroutines, heap = s.heapStats(b)
	since := time.Now()
	for deadline := since.Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		r, g, h := s.heapStats(b)
		if g != goroutines {
			since = time.Now()
		} else if time.Since(since) >= time.Second {
			break
		}
		rss, goroutines, heap = r, g, h
	}
	return rss, goroutines, heap
}

func (s *benchServer) stop() {
	_, _ = fmt.Fprintln(s.in, "quit")
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// benchClient is a participant's terminal for the benchmark: an SSH
// session with a PTY whose output feeds an emulator, watching its
// headline for the number of moves the benchmark waits for.
type benchClient struct {
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	emu  *vt.Emulator
	seen chan<- int
}

func dialBenchClient(b *testing.B, addr, user, cmd string, w, h int, seen chan<- int, want *atomic.Int64, id int, wg *sync.WaitGroup) *benchClient {
	guest := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	return dialBenchClientWith(b, addr, user, guest, cmd, w, h, seen, want, id, wg)
}

func dialBenchClientWith(b *testing.B, addr, user string, auth []gossh.AuthMethod, cmd string, w, h int, seen chan<- int, want *atomic.Int64, id int, wg *sync.WaitGroup) *benchClient {
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	s, err := conn.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	stdout, _ := s.StdoutPipe()
	stdin, _ := s.StdinPipe()
	c := &benchClient{conn: conn, sess: s, in: stdin, emu: vt.NewEmulator(w, h), seen: seen}
	go func() { _, _ = io.Copy(io.Discard, c.emu) }() // the emulator's replies
	wg.Add(1)
	go func() { defer wg.Done(); c.pump(stdout, want, id) }()
	if err := s.Start(cmd); err != nil {
		b.Fatal(err)
	}
	return c
}

func (c *benchClient) close() {
	c.sess.Close()
	c.conn.Close()
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
	return strings.Contains(headline(emu), strconv.FormatInt(n, 10)+" moves")
}

func headline(emu *vt.Emulator) string {
	var b strings.Builder
	for x := range emu.Width() {
		if c := emu.CellAt(x, 1); c != nil && c.Content != "" {
			b.WriteString(c.Content)
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
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

// BenchmarkParticipants connects N real SSH clients with PTYs to one
// Worcestershire workshop on a loopback server running as its own
// process, then times a move until every client's screen, read through a
// terminal emulator, shows it. It reports p50-ms and p99-ms, and the
// server process's resident memory (MiB/participant) and goroutines per
// participant. Windows are 80x24 (a terminal's default) and 120x40: the
// cost of a frame grows with its cells.
func BenchmarkParticipants(b *testing.B) {
	for _, n := range []int{10, 50, 200} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			b.Run(fmt.Sprintf("%d/%dx%d", n, size[0], size[1]), func(b *testing.B) { benchParticipants(b, n, size[0], size[1]) })
		}
	}
}

func benchParticipants(b *testing.B, n, w, h int) {
	srv := startBenchServer(b, "worcestershire")
	rss0, g0 := srv.stats(b)
	var want atomic.Int64
	want.Store(2)
	seen := make(chan int, 4*n)
	clients := make([]*benchClient, n)
	var wg sync.WaitGroup
	for i := range clients {
		clients[i] = dialBenchClient(b, srv.addr, fmt.Sprint("p", i),
			"join "+srv.code+" --as observer --name "+fmt.Sprint("p", i), w, h, seen, &want, i, &wg)
	}
	// Every screen shows the workshop before timing starts.
	if !waitAll(b, seen, n, 60*time.Second) {
		b.FailNow()
	}
	rss1, g1 := srv.stats(b)
	if os.Getenv("TOTALPLACE_BENCH_HEAPPROFILE") != "" {
		srv.ask(b, "heap "+os.Getenv("TOTALPLACE_BENCH_HEAPPROFILE")) // the server process's, with everyone joined
	}
	if os.Getenv("TOTALPLACE_BENCH_CPUPROFILE") != "" {
		srv.ask(b, "profile") // the server process's, to that file
	}

	var lat []time.Duration
	moves := int64(2)
	for b.Loop() {
		moves++
		want.Store(moves)
		t0 := time.Now()
		srv.move(b)
		if !waitAll(b, seen, n, 30*time.Second) {
			b.Fatalf("waiting for %d moves, the first screen's headline says %q", moves, headline(clients[0].emu))
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	if f := os.Getenv("TOTALPLACE_BENCH_HEAPPROFILE"); f != "" {
		srv.ask(b, "heap "+f+".after") // with the one before: what the moves allocated (pprof -base)
	}
	for _, c := range clients {
		c.close()
	}
	wg.Wait()
	if os.Getenv("TOTALPLACE_BENCH_LAT") != "" {
		b.Log(lat)
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2])/1e6, "p50-ms")
		b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)])/1e6, "p99-ms")
	}
	b.ReportMetric(float64(rss1-rss0)/float64(n)/(1<<20), "MiB/participant")
	b.ReportMetric(float64(g1-g0)/float64(n), "goroutines/participant")
}

// BenchmarkReconnect is one participant (one SSH key: the same seat each
// time) joining a Gateshead workshop b.N times over, drawing the screen,
// pressing a key and dropping the connection mid-use. It reports the
// server process's growth in live heap, resident memory and goroutines
// from the 50th visit to the last (run it with -benchtime 1000x): anything
// a visit leaves behind shows as growth.
func BenchmarkReconnect(b *testing.B) {
	srv := startBenchServer(b, "gateshead")
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	key, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		b.Fatal(err)
	}
	var want atomic.Int64
	want.Store(2)
	seen := make(chan int, 4)
	var wg sync.WaitGroup
	cycle := func(i int) {
		c := dialBenchClientWith(b, srv.addr, "visitor", []gossh.AuthMethod{gossh.PublicKeys(key)}, "join "+srv.code+" --as observer --name Visitor", 80, 24, seen, &want, i, &wg)
		if !waitAll(b, seen, 1, 30*time.Second) {
			b.FailNow()
		}
		_, _ = io.WriteString(c.in, "j") // mid-use
		c.close()
	}
	const warm = 50
	for i := range warm {
		cycle(i)
	}
	wg.Wait()
	// Dropped connections' programs end soon after, not at once (a drop
	// waits for the input reader, up to 2 s): the counts are taken once
	// the goroutines have stopped falling, at both ends, so that what is
	// still closing is not counted as kept, nor as freed.
	rss0, g0, heap0 := srv.settled(b)
	if os.Getenv("TOTALPLACE_BENCH_STACKS") != "" {
		srv.ask(b, "stacks")
	}
	if f := os.Getenv("TOTALPLACE_BENCH_HEAPPROFILE"); f != "" {
		srv.ask(b, "heap "+f+".before") // to compare with the one after (pprof -base)
		defer srv.ask(b, "heap "+f)
	}
	i := warm
	for b.Loop() {
		cycle(i)
		i++
	}
	wg.Wait()
	b.StopTimer()
	rss1, g1, heap1 := srv.settled(b)
	if os.Getenv("TOTALPLACE_BENCH_STACKS") != "" {
		b.Logf("goroutines %d, %d at the start", g1, g0)
	}
	if os.Getenv("TOTALPLACE_BENCH_STACKS") != "" {
		srv.ask(b, "stacks")
	}
	b.ReportMetric(float64(heap1-heap0)/(1<<20), "heap-MiB-growth")
	b.ReportMetric(float64(rss1-rss0)/(1<<20), "rss-MiB-growth")
	b.ReportMetric(float64(g1-g0), "goroutine-growth")
}

// waitAll waits until n distinct screens have reported.
func waitAll(b *testing.B, seen <-chan int, n int, limit time.Duration) bool {
	got := make(map[int]bool, n)
	deadline := time.After(limit)
	for len(got) < n {
		select {
		case id := <-seen:
			got[id] = true
		case <-deadline:
			b.Errorf("only %d of %d screens showed the move in %s", len(got), n, limit)
			return false
		}
	}
	return true
}
