package main

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
)

// TestDriveSurvivesKill9 builds the real binary, feeds it moves and kills it
// with SIGKILL at random points, 30+ times against one session. After each
// kill the journal must hold every move acknowledged before it, in order,
// and nothing that was never sent. Set TOTALPLACE_DRIVE_SEED to replay a run.
func TestDriveSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real binary")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "totalplace")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("TOTALPLACE_DRIVE_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (TOTALPLACE_DRIVE_SEED=%d to replay)", seed, seed)
	rng := rand.New(rand.NewSource(seed))

	from, to := twoMovableSilos(t)
	data := filepath.Join(tmp, "data")
	var (
		id      string
		next    = 1000.0               // each move's amount is unique, so it names the move
		sent    = map[float64]bool{}   // every amount ever written to a driver
		acked   = map[uint64]float64{} // seq -> amount, for every "ack" printed
		pending int                    // kills that left sent-but-unacknowledged moves
	)
	const rounds = 36
	for round := range rounds {
		args := []string{"drive", "--data", data, "--place", "worcestershire"}
		if id != "" {
			args = append(args, "--session", id)
		}
		cmd := exec.Command(bin, args...)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1000)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()

		// Plan this round: how many moves to send, and when to kill.
		n := 1 + rng.Intn(40)
		plan := rng.Intn(4)
		killAfter := rng.Intn(n + 1)                               // acks seen before the kill
		delay := time.Duration(rng.Intn(3000)) * time.Microsecond  // then this long
		early := time.Duration(rng.Intn(40000)) * time.Microsecond // plan 0: kill this long after start
		var amounts []float64
		for range n {
			amounts = append(amounts, next)
			sent[next] = true
			next++
		}
		var writer sync.WaitGroup
		writer.Go(func() {
			bw := bufio.NewWriter(stdin)
			for _, a := range amounts {
				// In thousands: a bare number would be £ millions.
				fmt.Fprintf(bw, "%s %s %sk\n", from, to, strconv.FormatFloat(a/1e3, 'f', -1, 64))
				if plan != 3 { // plan 3 sends everything in one write
					if bw.Flush() != nil {
						return
					}
				}
			}
			bw.Flush()
		})

		kill := func() {
			cmd.Process.Signal(syscall.SIGKILL)
		}
		var roundAcks []float64
		handle := func(line string) {
			f := strings.Fields(line)
			switch {
			case len(f) == 2 && f[0] == "session":
				if id != "" && f[1] != id {
					t.Fatalf("round %d: driver opened session %s, want %s", round, f[1], id)
				}
				id = f[1]
			case len(f) == 3 && f[0] == "ack":
				seq, _ := strconv.ParseUint(f[1], 10, 64)
				inEffect, _ := strconv.Atoi(f[2])
				if len(roundAcks) >= len(amounts) {
					t.Fatalf("round %d: more acks than moves sent: %q", round, line)
				}
				a := amounts[len(roundAcks)]
				roundAcks = append(roundAcks, a)
				if old, dup := acked[seq]; dup {
					t.Fatalf("round %d: seq %d acknowledged twice (amounts %v, %v)", round, seq, old, a)
				}
				acked[seq] = a
				if uint64(inEffect) != seq-1 { // the start event, then only moves
					t.Fatalf("round %d: %q: %d moves in effect at event %d", round, line, inEffect, seq)
				}
			default:
				t.Fatalf("round %d: unexpected output %q (stderr %s)", round, line, stderr.String())
			}
		}
		if plan == 0 && id != "" {
			// Kill at a random moment, perhaps while the journal is replayed.
			time.Sleep(early)
			kill()
		} else {
			// Wait for the session line and killAfter acks, then a little more.
			for id == "" || len(roundAcks) < killAfter {
				line, ok := <-lines
				if !ok {
					t.Fatalf("round %d: driver ended early: %s", round, stderr.String())
				}
				handle(line)
			}
			time.Sleep(delay)
			kill()
		}
		// Anything printed before the kill was acknowledged too.
		for line := range lines {
			handle(line)
		}
		cmd.Wait()
		stdin.Close()
		writer.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			t.Logf("round %d: driver exited by itself (%v): %s", round, cmd.ProcessState, stderr.String())
		}
		if len(roundAcks) < n {
			pending++
		}
		if id == "" {
			t.Fatalf("round %d: no session id (stderr %s)", round, stderr.String())
		}
		checkJournal(t, round, data, id, sent, acked)
	}
	t.Logf("%d kills, %d with moves sent but unacknowledged, %d moves acknowledged, %d sent", rounds, pending, len(acked), len(sent))
	if pending < rounds/4 {
		t.Fatalf("only %d of %d kills landed mid-stream: the test is not testing much", pending, rounds)
	}
}

// checkJournal reopens the session as a fresh process would after the kill.
func checkJournal(t *testing.T, round int, dir, id string, sent map[float64]bool, acked map[uint64]float64) {
	t.Helper()
	s, err := sessions.Open(dir, id, sampleplaces.Open)
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer s.Close()
	st := s.State()
	for seq, a := range acked {
		if seq > uint64(len(st.History)) {
			t.Fatalf("round %d: acknowledged move %d (£%.0f) lost: journal has %d events", round, seq, a, len(st.History))
		}
		ev := st.History[seq-1]
		if ev.Kind != sessions.KindMove || ev.Move.Amount != a {
			t.Fatalf("round %d: event %d is %+v, want the acknowledged move of £%.0f", round, seq, ev, a)
		}
	}
	var last float64
	for _, ev := range st.History[1:] {
		if ev.Kind != sessions.KindMove {
			t.Fatalf("round %d: unexpected event %+v", round, ev)
		}
		if !sent[ev.Move.Amount] {
			t.Fatalf("round %d: event %d moves £%.0f, which was never sent", round, ev.Seq, ev.Move.Amount)
		}
		if ev.Move.Amount <= last {
			t.Fatalf("round %d: moves out of order at event %d", round, ev.Seq)
		}
		last = ev.Move.Amount
	}
	if len(st.Applied) != len(st.History)-1 || len(st.Scenario.Moves) != len(st.Applied) {
		t.Fatalf("round %d: %d moves in effect, %d events", round, len(st.Applied), len(st.History))
	}
	// Moves sent but never acknowledged may or may not have landed; either
	// way they must have landed whole, which Open's checksums ensure.
}

// twoMovableSilos picks two silos of the embedded place with room to move
// far more than the test ever sends, so the engine never refuses a move.
func twoMovableSilos(t *testing.T) (from, to string) {
	p, err := sampleplaces.Open("worcestershire")
	if err != nil {
		t.Fatal(err)
	}
	silos := slices.Clone(p.Silos)
	slices.SortFunc(silos, func(a, b model.Silo) int { return int(b.Movable()/1e3) - int(a.Movable()/1e3) })
	if len(silos) < 2 || silos[0].Movable() < 100e6 {
		t.Fatalf("no silo with £100m movable in %s", p.Name)
	}
	return silos[0].ID, silos[1].ID
}
