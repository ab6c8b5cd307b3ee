package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"
)

// sshArgs runs the real OpenSSH client against the test server with a key
// of its own and no known_hosts, agent or user config.
func sshArgs(t *testing.T, ts *testServer, extra ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("the OpenSSH client is needed (apt-get install openssh-client; .ci/run installs it)")
	}
	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ts.addr)
	args := []string{"-F", "/dev/null", "-p", port, "-i", keyPath, "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + filepath.Join(dir, "known_hosts"), "-o", "LogLevel=ERROR"}
	return append(append(args, extra...), host)
}

func TestRealSSHClient(t *testing.T) {
	ts := startServer(t, t.TempDir())
	args := sshArgs(t, ts)

	out, err := exec.Command("ssh", append(args, "new", "gateshead")...).Output()
	if err != nil {
		t.Fatalf("ssh new: %v", err)
	}
	code := strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if !looksLikeCode(code) {
		t.Fatalf("ssh new printed %q first", out)
	}
	wrong := exec.Command("ssh", append(args, "join", "bako-bako-bako-bako")...)
	msg, err := wrong.CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "no workshop has the code") {
		t.Fatalf("a wrong code: %v, %q", err, msg)
	}

	// The real client, in a real terminal, on the workshop screen.
	cmd := exec.Command("ssh", append(append([]string{"-tt"}, args...), "join", code, "--name", "Real", "--as", "observer")...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	emu := vt.NewEmulator(120, 40)
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	var mu sync.Mutex
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				mu.Lock()
				_, _ = emu.Write(buf[:n])
				mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		var b strings.Builder
		for y := range emu.Height() {
			for x := range emu.Width() {
				if c := emu.CellAt(x, y); c != nil && c.Content != "" {
					b.WriteString(c.Content)
				} else {
					b.WriteByte(' ')
				}
			}
			b.WriteByte('\n')
		}
		mu.Unlock()
		s := flat(b.String())
		if strings.Contains(s, "Total Place · Gateshead") && strings.Contains(s, "Outcomes") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the real ssh client never showed the workshop; screen:\n%s", b.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// q leaves; the client exits cleanly.
	_, _ = tty.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the ssh client")
	}
}
