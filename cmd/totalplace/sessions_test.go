package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	sampleplaces "totalplace/sample-places"
)

// driveSession makes a session on place with the given moves (FROM TO
// AMOUNT lines) through the real binary, and returns its id and journal.
func driveSession(t *testing.T, data, place, moves string) (id, journal string) {
	t.Helper()
	drive := exec.Command(bin, "drive", "--data", data, "--place", place)
	drive.Stdin = strings.NewReader(moves)
	out, err := drive.Output()
	if err != nil || strings.Count(string(out), "ack ") != strings.Count(moves, "\n") {
		t.Fatalf("drive: %v\n%s", err, out)
	}
	id = strings.TrimPrefix(strings.SplitN(string(out), "\n", 2)[0], "session ")
	return id, filepath.Join(data, id+".journal")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// journals lists the journal files in data.
func journals(t *testing.T, data string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(data, "*.journal"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// failsToOpen starts the app, which must refuse at once, and returns the
// screen once it shows every one of want.
func failsToOpen(t *testing.T, args []string, want ...string) string {
	t.Helper()
	app := startApp(t, 250, 40, args...)
	if err := app.exit(); err == nil {
		t.Fatalf("%v opened", args)
	}
	// The error box wraps long lines anywhere: compare without whitespace.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, missing := app.screen(), ""
		for _, w := range want {
			if !strings.Contains(squeeze(s), squeeze(w)) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: screen never showed %q:\n%s", args, missing, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestResumeRefusesAnotherPlace: --place with --session or --resume is for
// the same place's file after it moved. Another place is refused, naming
// both, and the session's journal is left exactly as it was.
func TestResumeRefusesAnotherPlace(t *testing.T) {
	data := t.TempDir()
	id, journal := driveSession(t, data, "worcestershire", "nhs public_health 2m\n")
	before := readFile(t, journal)
	for _, args := range [][]string{
		{"--data", data, "--session", id, "--place", "gateshead"},
		{"--data", data, "--resume", "--place", "gateshead"},
	} {
		screen := failsToOpen(t, args, "is a workshop on worcestershire", "--place gateshead is gateshead", "start a new session")
		if strings.Contains(screen, "Gateshead ·") {
			t.Errorf("%v opened the workshop:\n%s", args, screen)
		}
		if after := readFile(t, journal); !bytes.Equal(after, before) {
			t.Fatalf("%v changed the Worcestershire journal", args)
		}
	}
	// Nor is another place found where the session's place file was.
	file := filepath.Join(t.TempDir(), "mine.toml")
	src, _ := sampleplaces.Source("gateshead")
	os.WriteFile(file, src, 0o644)
	id, journal = driveSession(t, data, file, "police public_health 2m\n")
	other, _ := sampleplaces.Source("lewisham")
	os.WriteFile(file, other, 0o644)
	before = readFile(t, journal)
	failsToOpen(t, []string{"--data", data, "--session", id}, "is a workshop on gateshead, but its place file "+file+" now holds lewisham")
	if after := readFile(t, journal); !bytes.Equal(after, before) {
		t.Fatal("opening on another place's file changed the journal")
	}
}

// TestOpenFailuresSayWhatIsWrong: each reason a session will not open gets
// its own message, and only a missing place file the moved-file hint.
func TestOpenFailuresSayWhatIsWrong(t *testing.T) {
	data := t.TempDir()
	id, journal := driveSession(t, data, "gateshead", "police public_health 2m\npolice public_health 1m\n")
	hint := "If the place file moved"

	typo := id[:len(id)-1] + string("0123456789abcdef"[(strings.IndexByte("0123456789abcdef", id[len(id)-1])+1)%16])
	s := failsToOpen(t, []string{"--data", data, "--session", typo},
		fmt.Sprintf("no session %q", typo), fmt.Sprintf("did you mean %q?", id), "`totalplace --data "+data+" sessions` lists the saved ones")
	if strings.Contains(s, hint) {
		t.Errorf("unknown id got the moved-file hint:\n%s", s)
	}

	// A drive process holds the session open until its input ends.
	holder := exec.Command(bin, "drive", "--data", data, "--session", id)
	in, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || !strings.HasPrefix(line, "session ") {
		t.Fatalf("drive: %q, %v", line, err)
	}
	s = failsToOpen(t, []string{"--data", data, "--session", id}, "is open in process "+fmt.Sprint(holder.Process.Pid), "totalplace drive")
	if strings.Contains(s, hint) {
		t.Errorf("locked session got the moved-file hint:\n%s", s)
	}
	in.Close()
	if err := holder.Wait(); err != nil {
		t.Fatal(err)
	}

	// A flipped byte in the first move's record.
	good := readFile(t, journal)
	off := bytes.IndexByte(good, '\n') + 1
	bad := bytes.Clone(good)
	bad[off+bytes.IndexByte(bad[off:], '{')+3] ^= 0x20
	if err := os.WriteFile(journal, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	s = failsToOpen(t, []string{"--data", data, "--session", id}, journal, fmt.Sprintf("byte %d", off))
	if strings.Contains(s, hint) {
		t.Errorf("damaged journal got the moved-file hint:\n%s", s)
	}
	if !bytes.Equal(readFile(t, journal), bad) {
		t.Fatal("a damaged journal was changed")
	}
	list := ok(t, "sessions", "--data", data)
	if !strings.Contains(list, "1 journal is damaged") || !strings.Contains(list, journal+": damaged record at byte "+fmt.Sprint(off)) {
		t.Errorf("sessions with a damaged journal:\n%s", list)
	}
	os.WriteFile(journal, good, 0o600)

	// An empty journal is listed as such, not passed over in silence.
	empty := filepath.Join(data, "20260101-000000-0000.journal")
	os.WriteFile(empty, nil, 0o600)
	if list := ok(t, "sessions", "--data", data); !strings.Contains(list, empty+": empty") || !strings.Contains(list, id) {
		t.Errorf("sessions with an empty journal:\n%s", list)
	}
}

// TestUntouchedSessionIsNeverKept: however the app ends, a session nobody
// changed is not kept, and --resume opens the latest one with changes: a
// closed terminal (SIGHUP), a kill (SIGTERM) and even a kill -9, whose
// journal sessions and --resume clear away once nothing holds it.
func TestUntouchedSessionIsNeverKept(t *testing.T) {
	for _, end := range []struct {
		name string
		do   func(*ptyApp)
	}{
		{"closed terminal", func(a *ptyApp) { a.tty.Close() }},
		{"SIGHUP", func(a *ptyApp) { a.cmd.Process.Signal(syscall.SIGHUP) }},
		{"SIGTERM", func(a *ptyApp) { a.cmd.Process.Signal(syscall.SIGTERM) }},
		{"SIGKILL", func(a *ptyApp) { a.cmd.Process.Kill() }},
	} {
		t.Run(end.name, func(t *testing.T) {
			data := t.TempDir()
			_, journal := driveSession(t, data, "gateshead", "police public_health 2m\n")
			time.Sleep(10 * time.Millisecond) // the untouched journal is the newer
			app := startApp(t, 120, 40, "--data", data)
			app.waitFor("? help")
			if n := len(journals(t, data)); n != 2 {
				t.Fatalf("%d journals while the app runs, want 2", n)
			}
			end.do(app)
			app.exit()
			if end.name != "SIGKILL" {
				if js := journals(t, data); len(js) != 1 || js[0] != journal {
					t.Errorf("journals %v, want only %s", js, journal)
				}
			}
			again := startApp(t, 120, 40, "--data", data, "--resume")
			again.waitFor("1 move")
			again.send("q")
			if err := again.exit(); err != nil {
				t.Fatalf("quit: %v", err)
			}
			if js := journals(t, data); len(js) != 1 || js[0] != journal {
				t.Errorf("after --resume, journals %v, want only %s", js, journal)
			}
		})
	}
	t.Run("sessions after SIGKILL", func(t *testing.T) {
		data := t.TempDir()
		id, _ := driveSession(t, data, "gateshead", "police public_health 2m\n")
		app := startApp(t, 120, 40, "--data", data)
		app.waitFor("? help")
		app.cmd.Process.Kill()
		app.exit()
		list := ok(t, "sessions", "--data", data)
		if lines := strings.Split(strings.TrimSpace(list), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], id) {
			t.Errorf("sessions after a kill -9:\n%s", list)
		}
		if js := journals(t, data); len(js) != 1 {
			t.Errorf("sessions left %v", js)
		}
	})
}

// TestResumeWithTheMovedPlaceRemembersIt: once --place gives a moved place
// file, the session records it: the quit message's own command works.
func TestResumeWithTheMovedPlaceRemembersIt(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	src, _ := sampleplaces.Source("gateshead")
	oldPath, newPath := filepath.Join(dir, "mine.toml"), filepath.Join(dir, "moved.toml")
	if err := os.WriteFile(oldPath, src, 0o644); err != nil {
		t.Fatal(err)
	}
	driveSession(t, data, oldPath, "police public_health 2m\n")
	if err := os.Rename(oldPath, newPath); err != nil {
		t.Fatal(err)
	}
	found := startApp(t, 200, 40, "--data", data, "--resume", "--place", newPath)
	found.waitFor("1 move")
	found.send("q")
	if err := found.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
	screen := found.waitFor("Reopen it with: ")
	reopen := strings.TrimSpace(screen[strings.Index(screen, "Reopen it with: ")+len("Reopen it with: "):])
	reopen = strings.SplitN(reopen, "\n", 2)[0]
	if reopen != "totalplace --data "+data+" --resume" {
		t.Fatalf("quit message says to reopen with %q", reopen)
	}
	// The table may wrap a long path, but not within its last part.
	if list := ok(t, "sessions", "--data", data); !strings.Contains(list, "moved.toml") || strings.Contains(list, "mine.toml") {
		t.Errorf("sessions does not name the new path:\n%s", list)
	}
	again := startApp(t, 200, 40, strings.Fields(reopen)[1:]...)
	again.waitFor("1 move")
	again.send("q")
	if err := again.exit(); err != nil {
		t.Fatalf("quit: %v", err)
	}
}
