package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	sampleplaces "totalplace/sample-places"
)

// ptyApp is the real binary in a real pseudo-terminal, its output replayed
// through a terminal emulator so the test reads the screen a person sees.
type ptyApp struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	emu  *vt.Emulator
	done chan error
}

func startApp(t *testing.T, w, h int, args ...string) *ptyApp {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		t.Fatal(err)
	}
	tty = pollable(t, tty)
	a := &ptyApp{t: t, cmd: cmd, tty: tty, emu: vt.NewEmulator(w, h), done: make(chan error, 1)}
	// The emulator answers the app's terminal queries, as a terminal would.
	go func() { _, _ = io.Copy(tty, a.emu) }()
	go func() {
		buf := make([]byte, 64*1024)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				a.mu.Lock()
				_, _ = a.emu.Write(buf[:n])
				a.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { a.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		tty.Close()
	})
	return a
}

// pollable returns f's descriptor in non-blocking mode, so reads wait in
// Go's poller rather than in the kernel: Close then really closes the
// terminal (and the kernel hangs up the app, as a closed window does)
// instead of waiting for a blocked read to end.
func pollable(t *testing.T, f *os.File) *os.File {
	t.Helper()
	fd, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := syscall.SetNonblock(fd, true); err != nil {
		t.Fatal(err)
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx")
}

func (a *ptyApp) screen() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.emu.String()
}

// waitFor polls the screen until it contains want.
func (a *ptyApp) waitFor(want string) string {
	a.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := a.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("screen never showed %q:\n%s", want, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (a *ptyApp) send(s string) {
	a.t.Helper()
	if _, err := a.tty.WriteString(s); err != nil {
		a.t.Fatal(err)
	}
}

// exit waits for the app to end and returns its exit error.
func (a *ptyApp) exit() error {
	a.t.Helper()
	select {
	case err := <-a.done:
		return err
	case <-time.After(15 * time.Second):
		a.t.Fatalf("the app did not exit:\n%s", a.screen())
		return nil
	}
}

// find returns the 1-based column and row of the first line holding label,
// and the column of the first bar cell (█) on that line.
func find(t *testing.T, screen, label string) (barCol, row int) {
	t.Helper()
	for y, line := range strings.Split(screen, "\n") {
		if i := strings.Index(line, label); i >= 0 && strings.Contains(line, "█") {
			runes := []rune(line)
			for x, r := range runes {
				if r == '█' && x > len([]rune(line[:i])) {
					return x + 1, y + 1
				}
			}
		}
	}
	t.Fatalf("no bar for %q on screen:\n%s", label, screen)
	return 0, 0
}

// TestWorkshopDragSaveResume runs the real app in a terminal: drag money from
// one silo onto another with the mouse, quit, resume, see the move, undo it.
func TestWorkshopDragSaveResume(t *testing.T) {
	data := t.TempDir()
	app := startApp(t, 140, 45, "--data", data, "--place", "gateshead")
	// The first frame can arrive in pieces: wait for the key line at its
	// foot before reading where the bars are.
	app.waitFor("? help")
	screen := app.waitFor("Gateshead")

	fromX, fromY := find(t, screen, "Police")
	// Public health is a ring-fenced grant, all fixed, so its bar has no █:
	// early help is the preventative service that can take and give money.
	_, toY := find(t, screen, "Early help")
	// SGR mouse: press on the police bar, drag right and down onto early
	// help, release there.
	app.send(fmt.Sprintf("\x1b[<0;%d;%dM", fromX, fromY))
	for step := 1; step <= 6; step++ {
		app.send(fmt.Sprintf("\x1b[<32;%d;%dM", fromX+2*step, fromY+(toY-fromY)*step/6))
	}
	app.send(fmt.Sprintf("\x1b[<0;%d;%dm", fromX+12, toY))
	app.waitFor("1 move")
	// The session's new state can be drawn a frame before the move's own
	// answer ("Moving …" still in the status): wait for that too.
	screen = app.waitFor("Moved £")
	if !strings.Contains(screen, "Police") || !strings.Contains(screen, "1 move") {
		t.Errorf("after the drag:\n%s", screen)
	}

	app.send("q")
	if err := app.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	list := ok(t, "sessions", "--data", data)
	if !strings.Contains(list, "gateshead") || !strings.HasSuffix(strings.TrimSpace(list), " 1") {
		t.Fatalf("sessions after the drag:\n%s", list)
	}

	again := startApp(t, 140, 45, "--data", data, "--resume")
	again.waitFor("1 move")
	again.send("u")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(again.screen(), "1 move") {
		if time.Now().After(deadline) {
			t.Fatalf("undo did not take the move back:\n%s", again.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	again.send("q")
	if err := again.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if list := ok(t, "sessions", "--data", data); !strings.HasSuffix(strings.TrimSpace(list), " 0") {
		t.Errorf("sessions after undo:\n%s", list)
	}
}

func TestResumeWithNothingSaved(t *testing.T) {
	app := startApp(t, 100, 30, "--data", t.TempDir(), "--resume")
	if err := app.exit(); err == nil {
		t.Fatal("--resume with no sessions succeeded")
	}
	app.waitFor("no saved workshop sessions")
}

// BenchmarkFirstFrame measures what a facilitator waits for: from starting
// the real binary in a terminal to the workshop's first full frame (the
// board's headline and its last agency drawn).
func BenchmarkFirstFrame(b *testing.B) {
	data := b.TempDir()
	for b.Loop() {
		cmd := exec.Command(bin, "--data", data)
		cmd.Env = append(os.Environ(), "TERM=xterm-256color")
		tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 160, Rows: 50})
		if err != nil {
			b.Fatal(err)
		}
		emu := vt.NewEmulator(160, 50)
		go func() { _, _ = io.Copy(tty, emu) }()
		// A frame that never comes ends the read rather than the benchmark run.
		stuck := time.AfterFunc(10*time.Second, func() { _ = cmd.Process.Kill() })
		buf := make([]byte, 64*1024)
		for !strings.Contains(emu.String(), " a head · ") || !strings.Contains(emu.String(), "Hereford and Worcester Fire") {
			n, err := tty.Read(buf)
			if err != nil {
				b.Fatalf("no first frame: %v\n%s", err, emu.String())
			}
			_, _ = emu.Write(buf[:n])
		}
		b.StopTimer()
		stuck.Stop()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
		b.StartTimer()
	}
}

// TestUntouchedSessionIsNotKept: opening the app and quitting at once must
// not leave an empty session for --resume to pick over real work.
func TestUntouchedSessionIsNotKept(t *testing.T) {
	data := t.TempDir()
	app := startApp(t, 100, 30, "--data", data)
	app.waitFor("? help")
	app.send("q")
	if err := app.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	if list := ok(t, "sessions", "--data", data); !strings.Contains(list, "No saved sessions") {
		t.Errorf("an untouched session was kept:\n%s", list)
	}
}

// TestResumeAfterThePlaceFileMoved: a session finds its place file by path;
// when the file has moved, --place gives the new path.
func TestResumeAfterThePlaceFileMoved(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	src, _ := sampleplaces.Source("gateshead")
	oldPath, newPath := filepath.Join(dir, "mine.toml"), filepath.Join(dir, "moved.toml")
	if err := os.WriteFile(oldPath, src, 0o644); err != nil {
		t.Fatal(err)
	}
	drive := exec.Command(bin, "drive", "--data", data, "--place", oldPath)
	drive.Stdin = strings.NewReader("police public_health 2m\n")
	if out, err := drive.Output(); err != nil || !strings.Contains(string(out), "ack ") {
		t.Fatalf("drive: %v\n%s", err, out)
	}
	if err := os.Rename(oldPath, newPath); err != nil {
		t.Fatal(err)
	}
	lost := startApp(t, 100, 30, "--data", data, "--resume")
	if err := lost.exit(); err == nil {
		t.Fatal("resumed a session whose place file is gone")
	}
	lost.waitFor("--place NEW-PATH --resume")

	found := startApp(t, 120, 40, "--data", data, "--resume", "--place", newPath)
	found.waitFor("1 move")
	found.send("q")
	if err := found.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
}
