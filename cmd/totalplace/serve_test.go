package main

import (
	stdnet "net"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve --open starts a workshop, shows its join code on the facilitator's
// own screen, and someone joining with that code appears in its history.
func TestServeOpenShowsTheCodeAndTakesJoins(t *testing.T) {
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Fatal("the OpenSSH client is needed (.ci/run installs it)")
	}
	addr := freePort(t)
	data := t.TempDir()
	app := startApp(t, 140, 40, "serve", "--listen", addr, "--data", data, "--open", "lewisham")
	s := app.waitFor("Join: ssh -t")
	code := regexp.MustCompile(`join ([a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4})`).FindStringSubmatch(s)
	if code == nil {
		t.Fatalf("no join code on the screen:\n%s", s)
	}
	_, port, _ := stdnet.SplitHostPort(addr)
	join := exec.Command("ssh", "-F", "/dev/null", "-tt", "-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "IdentityAgent=none", "-o", "PubkeyAuthentication=no", "127.0.0.1", "join", code[1], "--name", "Visitor", "--as", "observer")
	if err := join.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = join.Process.Kill(); _ = join.Wait() }()
	app.send("6")                                                                          // History
	if s := app.waitFor("Visitor (guest) joined"); !strings.Contains(s, "join "+code[1]) { // no key: a guest
		t.Fatalf("the join code left the facilitator's screen after a key:\n%s", s)
	}
	app.send("q")
	app.waitFor("Quitting stops the server: it ends the workshop for the other person here")
	app.send("q")
	if err := app.exit(); err != nil {
		t.Fatalf("serve --open exit: %v\n%s", err, app.screen())
	}
	again := "`totalplace serve --listen " + addr + " --data " + data + " --open " + code[1] + "` opens it here again"
	deadline := time.Now().Add(5 * time.Second)
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") } // the line wraps anywhere
	for !strings.Contains(squeeze(app.screen()), squeeze(again)) {
		if time.Now().After(deadline) {
			t.Fatalf("no word on how to open the workshop again:\n%s", app.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Served again with --open CODE: the same workshop, its history and
	// its code, on the facilitator's screen.
	app = startApp(t, 140, 40, "serve", "--listen", addr, "--data", data, "--open", code[1])
	app.waitFor("Join: ssh -t")
	app.send("6")
	if s := app.waitFor("Visitor (guest) joined"); !strings.Contains(s, "join "+code[1]) {
		t.Fatalf("the workshop opened again without its code:\n%s", s)
	}
	app.send("q") // no one else is here now: no question
	if err := app.exit(); err != nil {
		t.Fatalf("serve --open CODE exit: %v\n%s", err, app.screen())
	}
}
