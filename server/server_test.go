package server

import (
	"bytes"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"totalplace/model"
	"totalplace/sessions"
)

// moveKeys makes a £1m move from Worcestershire's public health to its
// early help, by keyboard: first silo, down to public health, enter,
// down to early help, enter, the first £1m, enter, no reason, enter.
func moveKeys(sc *screen) {
	keys := []string{"g"}
	for range 11 { // adult social care: public health is ring-fenced
		keys = append(keys, keyDown)
	}
	keys = append(keys, keyEnter)
	for range 3 {
		keys = append(keys, keyDown)
	}
	keys = append(keys, keyEnter, keyEnter, keyEnter)
	sc.keys(keys...)
}

func TestWorkshopOverSSH(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir)
	fran, pat := newKey(t), newKey(t)

	out, _, code := ts.run(fran, "new worcestershire")
	if code != 0 {
		t.Fatalf("new: exit %d: %s", code, out)
	}
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	if !looksLikeCode(joinCode) {
		t.Fatalf("the first line of new is %q, not a join code", joinCode)
	}

	// The facilitator, a partner for the county and an observer, each on
	// their own screen of one workshop.
	f := ts.join("fran", fran, "join "+joinCode+" --name Fran", 120, 40)
	p := ts.join("pat", pat, "join "+joinCode+" --name Pat --as county", 100, 30)
	o := ts.join("guest", nil, "join "+joinCode+" --name Olu --as observer", 120, 40)
	for _, sc := range []*screen{f, p, o} {
		sc.waitText("Total Place · Worcestershire")
	}
	moveKeys(f)
	for _, sc := range []*screen{f, p, o} {
		sc.waitText("1 move")
	}
	// An observer sees everything and changes nothing, and is told so at
	// the first key of a move, not after choosing where and how much.
	if s := flat(o.text()); strings.Contains(s, "enter move from") || strings.Contains(s, "undo last move") {
		t.Fatalf("the observer's key line offers moves:\n%s", o.text())
	}
	o.keys("g", keyEnter)
	o.waitText("Olu is an observer")
	moveKeys(o)
	o.waitText("Olu is an observer")
	if strings.Contains(flat(o.text()), "2 moves") {
		t.Fatal("an observer's move was made")
	}

	// A wrong code: a clear message and a non-zero exit.
	_, stderr, code := ts.run(nil, "join bako-bako-bako-bako")
	if code == 0 || !strings.Contains(stderr, "no workshop has the code") {
		t.Fatalf("wrong code: exit %d, %q", code, stderr)
	}
	// Without a terminal, join says why it needs one.
	_, stderr, code = ts.run(pat, "join "+joinCode)
	if code == 0 || !strings.Contains(stderr, "needs a terminal") {
		t.Fatalf("join without a terminal: exit %d, %q", code, stderr)
	}
	// A client never names a file on the server.
	if _, stderr, code := ts.run(fran, "new /etc/passwd"); code == 0 || !strings.Contains(stderr, `no place "/etc/passwd" here`) || strings.Contains(stderr, "TOML") {
		t.Fatalf("new with a path: exit %d, %q", code, stderr)
	}
	if _, stderr, _ := ts.run(fran, "new worcester"); !strings.Contains(stderr, `did you mean "worcestershire"`) {
		t.Fatalf("new with a near miss: %q", stderr)
	}
	// The caller's workshops.
	if out, _, _ := ts.run(fran, "workshops"); !strings.Contains(out, joinCode) {
		t.Fatalf("workshops: %q", out)
	}

	// A partner who drops reconnects into the same seat: no second Pat,
	// and not for another agency.
	p.close()
	if _, stderr, code := ts.run(pat, "join "+joinCode+" --as icb"); code == 0 || !strings.Contains(stderr, "you joined this workshop for county") {
		t.Fatalf("rejoining for another agency: exit %d, %q", code, stderr)
	}
	p = ts.join("pat", pat, "join "+joinCode+" --as county", 100, 30)
	p.waitText("1 move")
	p.keys("6")
	s := p.waitText("Pat joined for County council")
	if n := strings.Count(s, "Pat joined"); n > 2 {
		t.Fatalf("Pat has %d join lines", n)
	}

	// A restart resumes the workshop with the same code.
	for _, sc := range []*screen{f, p, o} {
		sc.close()
	}
	ts.stop()
	ts2 := startServer(t, dir)
	f2 := ts2.join("fran", fran, "join "+joinCode, 120, 40)
	f2.waitText("Total Place · Worcestershire", "1 move")
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		c, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if !looksLikeCode(c) || seen[c] {
			t.Fatalf("code %q (repeat %v)", c, seen[c])
		}
		seen[c] = true
		if normalCode(strings.ToUpper(strings.ReplaceAll(c, "-", " "))) != c {
			t.Fatalf("%q typed in capitals with spaces does not read back", c)
		}
	}
	if looksLikeCode("alice") || looksLikeCode("bako-tuli-mera") {
		t.Fatal("a login name reads as a code")
	}
}

func TestLimits(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := startServerWith(t, t.TempDir(), ln, Limits{Workshops: 1, Participants: 1, MaxWidth: 100, MaxHeight: 30})
	out, _, code := ts.run(newKey(t), "new lewisham")
	if code != 0 {
		t.Fatalf("new: %d %s", code, out)
	}
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	if _, stderr, code := ts.run(newKey(t), "new gateshead"); code == 0 || !strings.Contains(stderr, "hosts 1 workshops, its most") {
		t.Fatalf("a second workshop past the limit: exit %d, %q", code, stderr)
	}
	// A window wider than the server draws is drawn at the largest size.
	a := ts.join("a", nil, "join "+joinCode+" --name A --as observer", 160, 50)
	s := a.waitText("Total Place · Lewisham")
	for _, line := range strings.Split(s, "\n") {
		if w := len([]rune(strings.TrimRight(line, " "))); w > 100 {
			t.Fatalf("a line %d cells wide on a server that draws at most 100:\n%s", w, s)
		}
	}
	// The workshop is full with one screen.
	b := ts.join("b", nil, "join "+joinCode+" --name B --as observer", 80, 24)
	b.waitText("this workshop is full")
}

// proposeKeys has a partner move £1m from Worcestershire's NHS care
// (the ICB's money) to public health, by keyboard.
func proposeKeys(sc *screen) {
	keys := []string{"g"}
	for range 8 {
		keys = append(keys, keyDown)
	}
	keys = append(keys, keyEnter, keyDown, keyDown, keyEnter, keyEnter, keyEnter) // past NHS England to public health
	sc.keys(keys...)
}

func TestProposalsAcrossAgencies(t *testing.T) {
	ts := startServer(t, t.TempDir())
	fran, cat, nia := newKey(t), newKey(t), newKey(t)
	out, _, _ := ts.run(fran, "new worcestershire")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	f := ts.join("fran", fran, "join "+joinCode+" --name Fran", 120, 40)
	c := ts.join("cat", cat, "join "+joinCode+" --name Cat --as county", 120, 40)
	n := ts.join("nia", nia, "join "+joinCode+" --name Nia --as icb", 120, 40)
	for _, sc := range []*screen{f, c, n} {
		sc.waitText("Total Place · Worcestershire")
	}
	// Everyone sees who is here, and what someone is in the middle of.
	f.waitText("3 here")
	keys := []string{"g"}
	for range 8 {
		keys = append(keys, keyDown)
	}
	c.keys(append(keys, keyEnter, keyDown, keyDown, keyEnter)...)
	n.waitText("Cat is moving £1m from NHS care commissioned locally (ICB) to Public health…")
	c.keys("\x1b")                     // esc cancels the move
	time.Sleep(300 * time.Millisecond) // so the next key is not read as alt+key
	n.waitFor("Cat's move to clear", func(s string) bool { return !strings.Contains(s, "Cat is moving") })
	// The county partner moves the ICB's money: told before sending that
	// it will be a proposal, and then nothing moves.
	keys = []string{"g"}
	for range 8 {
		keys = append(keys, keyDown)
	}
	c.keys(append(keys, keyEnter, keyDown, keyDown, keyEnter)...)
	c.waitText("A proposal: it is NHS ICB's money")
	c.keys("\x1b")
	time.Sleep(300 * time.Millisecond)
	proposeKeys(c)
	c.waitText("Proposed £1m a year from NHS care commissioned locally (ICB) to Public health")
	n.waitText("Cat proposes £1m a year from NHS care commissioned locally (ICB) to Public health", "a agrees · d declines")
	if strings.Contains(flat(f.text()), "1 move") {
		t.Fatal("a proposal moved money before the ICB agreed")
	}
	// The ICB agrees: the move is made on every screen, and the proposer
	// is told.
	n.keys("a")
	n.waitText("Agree, because:")
	n.keys("falls prevention", keyEnter)
	for _, sc := range []*screen{f, c, n} {
		sc.waitText("1 move")
	}
	c.waitText("Nia agreed to your proposal (“falls prevention”)")
	// Another proposal, declined: nothing more moves.
	proposeKeys(c)
	n.waitText("Cat proposes")
	n.keys("d")
	n.waitText("Decline, because:")
	n.keys("\x1b") // not yet: the proposal still waits
	n.waitText("Not declined: the proposal still waits")
	n.keys("d")
	n.waitText("Cat's proposal of £1m a year", "Decline, because:")
	n.keys("budget committed", keyEnter)
	n.waitText("Declined Cat's proposal")
	c.waitText("Nia declined your proposal", "“budget committed”")
	c.keys("6")
	c.waitText("Nia declined Cat's proposal", "budget committed")
	if !strings.Contains(flat(c.text()), "1 move") || strings.Contains(flat(c.text()), "2 moves") {
		t.Fatalf("a declined proposal moved money:\n%s", c.text())
	}
}

// A stopping server ends every screen and tells its participant how to
// rejoin; the workshop is saved.
func TestStoppingTellsParticipants(t *testing.T) {
	ts := startServer(t, t.TempDir())
	out, _, _ := ts.run(newKey(t), "new gateshead")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	a := ts.join("a", nil, "join "+joinCode+" --name A --as observer", 100, 30)
	a.waitText("Total Place · Gateshead")
	ts.stop()
	a.waitText("The workshop server is stopping", "rejoin with", joinCode)
}

// What a join leaves out is asked on screen: ssh -t HOST with no command
// asks for the code, then a name, then an agency (or observer).
func TestLobbyAsksWhatTheJoinDidNotSay(t *testing.T) {
	ts := startServer(t, t.TempDir())
	out, _, _ := ts.run(newKey(t), "new lewisham")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	sc := ts.join("kim", nil, "", 100, 30)
	sc.waitText("Workshop code")
	sc.keys("bako-bako-bako-bako", keyEnter)
	sc.waitText("no workshop has the code")
	sc.keys(strings.Repeat("\x7f", 19), joinCode, keyEnter)
	sc.waitText("Workshop on Lewisham", "Your name")
	sc.keys(strings.Repeat("\x7f", 10), "Kim", keyEnter)
	sc.waitText("Which agency do you speak for?")
	sc.keys("nonesuch", keyEnter)
	sc.waitText("no agency \"nonesuch\" here")
	sc.keys(strings.Repeat("\x7f", 8), "observer", keyEnter)
	sc.waitText("Total Place · Lewisham")
	sc.keys("6")
	sc.waitText("Kim (guest) joined")
	w, _ := ts.srv.reg.lookup(joinCode)
	if p, ok := w.sess.State().Participant(identity2(w, "Kim")); !ok || p.Role != "observer" {
		t.Fatalf("Kim joined as %+v", p)
	}
}

// A screen is drawn a changed line at a time (internal/linedraw): the
// lobby inline below the shell's last line, the workshop in the alt
// screen, resized to the window, and on quitting the terminal as it was
// with the lobby's last question still there.
func TestScreenDrawnAndGivenBack(t *testing.T) {
	ts := startServer(t, t.TempDir())
	out, _, _ := ts.run(newKey(t), "new lewisham")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	sc := ts.join("kim", nil, "join "+joinCode+" --name Kim", 100, 30)
	sc.waitText("Which agency do you speak for?")
	if sc.altScreen() {
		t.Fatal("the lobby is drawn in the alt screen")
	}
	sc.keys("observer", keyEnter)
	sc.waitText("Total Place · Lewisham")
	if !sc.altScreen() {
		t.Fatal("the workshop is not in the alt screen")
	}
	// A narrower window: the workshop redrawn to it, nothing of the wider
	// frame left over.
	sc.mu.Lock()
	sc.emu.Resize(80, 24)
	sc.mu.Unlock()
	if err := sc.sess.WindowChange(24, 80); err != nil {
		t.Fatal(err)
	}
	sc.waitFor("the workshop at 80x24", func(s string) bool {
		return strings.Contains(s, "Total Place · Lewisham") && strings.Contains(s, "q quit")
	})
	sc.keys("q")
	select {
	case <-sc.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end after q")
	}
	if sc.altScreen() {
		t.Error("the alt screen is still on after the program ended")
	}
	if s := sc.text(); !strings.Contains(s, "Which agency do you speak for?") || strings.Contains(s, "Total Place · Lewisham") {
		t.Errorf("after the end the terminal shows:\n%s", s)
	}
}

func (sc *screen) altScreen() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.emu.IsAltScreen()
}

func TestWrongCodesSlowThenRefuse(t *testing.T) {
	l := newCodeLimiter()
	clock := time.Unix(1000, 0)
	l.now = func() time.Time { return clock }
	addr := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: 4000}
	other := &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: 4001} // the same room
	l.delay = 0
	for i := range wrongCodesAllowed - 1 {
		l.failed(addr)
		if _, refused := l.check(other); refused {
			t.Fatalf("refused after %d wrong codes", i+1)
		}
	}
	l.failed(addr)
	wait, refused := l.check(other)
	if !refused || wait != wrongCodeLockout {
		t.Fatalf("after %d wrong codes: refused %v for %s", wrongCodesAllowed, refused, wait)
	}
	clock = clock.Add(wrongCodeLockout)
	if _, refused := l.check(addr); refused {
		t.Fatal("still refused after the lockout")
	}
}

// The facilitator's console moves the meeting between stages: at Count a
// partner sees the stage and cannot move money; at Collaborate they can.
// History's r rewinds the allocation, recorded as an event.
func TestFacilitatorConsole(t *testing.T) {
	ts := startServer(t, t.TempDir())
	fran, cat := newKey(t), newKey(t)
	out, _, _ := ts.run(fran, "new worcestershire")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	f := ts.join("fran", fran, "join "+joinCode+" --name Fran", 120, 40)
	c := ts.join("cat", cat, "join "+joinCode+" --name Cat --as county", 120, 40)
	f.waitText("Total Place")
	c.waitText("Total Place")
	c.keys("F")
	c.waitText("only the facilitator may run the meeting")
	// Follow me: the partner's screen shows the facilitator's panel.
	c.keys("f")
	c.waitText("Following the facilitator's screen")
	f.keys("3")
	c.waitText("No money moved yet: this shows who invests")
	c.keys("f", "1")
	f.keys("F")
	f.waitText("Console: stage Collaborate")
	f.keys("1")
	c.waitText("Fran moved the workshop to Count", "Count · £5.17bn a year")
	moveKeys(c) // the county's own money, but the meeting is counting
	c.waitText("the workshop is counting")
	f.keys("F", "2")
	c.waitText("Fran moved the workshop to Collaborate")
	moveKeys(c)
	f.waitText("1 move")
	moveKeys(f)
	f.waitText("2 moves")
	// Rewind to the first move: History, the older move chosen, r, r.
	f.keys("6", keyRight, "r")
	f.waitText("Rewind the allocation to just after move 1?")
	f.keys("r")
	c.waitText("1 move")
	f.waitText("rewound the allocation to just after move 1")
	// The facilitator removes Cat: Cat is told, and can change nothing.
	f.keys("F", "k")
	f.keys("Cat", keyEnter)
	c.waitText("The facilitator has removed you from workshop " + joinCode)
	f.keys("6")
	f.waitText("Fran removed Cat from the workshop")
}

// Connecting and leaving again and again leaves nothing behind: the
// server's goroutines come back to where they were (each cycle joins a
// screen, draws it, and drops the connection mid-use).
func TestConnectDisconnectLeavesNothing(t *testing.T) {
	ts := startServer(t, t.TempDir())
	out, _, _ := ts.run(newKey(t), "new gateshead")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	cycle := func() {
		sc := ts.join("g", nil, "join "+joinCode+" --name G --as observer", 80, 24)
		sc.waitText("Total Place · Gateshead")
		sc.keys(keyDown) // mid-use
		sc.close()
	}
	cycle() // warm: the workshop opens once
	time.Sleep(200 * time.Millisecond)
	base := runtime.NumGoroutine()
	for range 60 {
		cycle()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base+5 {
		t.Fatalf("%d goroutines after 60 connections came and went, %d before", n, base)
	}
}

// --facilitators (authorized_keys) says who may start workshops.
func TestFacilitatorsFile(t *testing.T) {
	fran, cat := newKey(t), newKey(t)
	file := filepath.Join(t.TempDir(), "facilitators")
	if err := os.WriteFile(file, gossh.MarshalAuthorizedKey(fran.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := startServerWithConfig(t, ln, func(c *Config) { c.Facilitators = file })
	for _, who := range []gossh.Signer{cat, nil} {
		if _, stderr, code := ts.run(who, "new gateshead"); code == 0 || !strings.Contains(stderr, "only this server's facilitators may start a workshop") {
			t.Fatalf("a non-facilitator's new: exit %d, %q", code, stderr)
		}
	}
	if out, _, code := ts.run(fran, "new gateshead"); code != 0 || !looksLikeCode(strings.SplitN(out, "\n", 2)[0]) {
		t.Fatalf("the facilitator's new: exit %d, %q", code, out)
	}
}

// A facilitator who starts a workshop in the lobby sees its code at once.
func TestLobbyNewShowsTheCode(t *testing.T) {
	ts := startServer(t, t.TempDir())
	sc := ts.join("gail", newKey(t), "", 120, 40)
	sc.waitText("Workshop code")
	sc.keys("new gateshead", keyEnter)
	sc.waitText("Your name")
	sc.keys(strings.Repeat("\x7f", 10), "Gail", keyEnter)
	s := sc.waitText("Total Place · Gateshead", "Join: ssh -t")
	if !regexp.MustCompile(`join [a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}`).MatchString(flat(s)) {
		t.Fatalf("no join code on the new facilitator's screen:\n%s", s)
	}
}

// Without a key anyone could type any name: guests are marked as guests
// on every screen, cannot start a workshop they could not come back to,
// cannot take a name someone else has here, and --guests limits them to
// watching or keeps them out.
func TestGuests(t *testing.T) {
	ts := startServer(t, t.TempDir())
	if _, stderr, code := ts.run(nil, "new gateshead"); code == 0 || !strings.Contains(stderr, "start a workshop with an SSH key") || !strings.Contains(stderr, "ssh-keygen") {
		t.Fatalf("a keyless new: exit %d, %q", code, stderr)
	}
	fran, cat := newKey(t), newKey(t)
	out, _, _ := ts.run(fran, "new gateshead")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	host := ts.join("fran", fran, "join "+joinCode+" --name Fran", 120, 40)
	host.waitText("Total Place · Gateshead")
	catScreen := ts.join("cat", cat, "join "+joinCode+" --name Cat --as council", 120, 40)
	catScreen.waitText("Cat, for")

	// Cat's name is Cat's: neither a guest nor another key may take it.
	for _, key := range []gossh.Signer{nil, newKey(t)} {
		if _, stderr, code := ts.run(key, "join "+joinCode+" --name cat --as observer"); code == 0 || !strings.Contains(stderr, `"cat" is someone else's name in this workshop`) {
			t.Errorf("a second Cat: exit %d, %q", code, stderr)
		}
	}
	guest := ts.join("g", nil, "join "+joinCode+" --name Gil --as council", 120, 40)
	guest.waitText("Gil (guest), for")
	host.keys("6") // History names the guest as one
	host.waitText("Gil (guest) joined")

	for _, c := range []struct {
		policy GuestPolicy
		as     string
		want   string
	}{
		{GuestsObservers, "council", "only participants with an SSH key speak for an agency: join --as observer to watch"},
		{GuestsNone, "observer", "this server admits only participants with an SSH key"},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		strict := startServerWithConfig(t, ln, func(cfg *Config) { cfg.Guests = c.policy })
		out, _, _ := strict.run(newKey(t), "new gateshead")
		code := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
		if _, stderr, exit := strict.run(nil, "join "+code+" --name Sam --as "+c.as); exit == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("--guests %s, a guest --as %s: exit %d, %q", c.policy, c.as, exit, stderr)
		}
		if c.policy == GuestsObservers {
			sc := strict.join("g", nil, "join "+code+" --name Sam --as observer", 100, 30)
			sc.waitText("Sam (guest), observer")
			// Without --as a guest is not asked for an agency it may not have.
			sc2 := strict.join("h", nil, "join "+code+" --name Hal", 100, 30)
			sc2.waitText("Hal (guest), observer")
		}
	}
}

// A bug that panics in one participant's screen ends that screen alone:
// the others' screens go on, the workshop takes moves, new participants
// join, the panic is logged, and nothing of the screen is left running.
func TestPanicInOneScreen(t *testing.T) {
	var logged bytes.Buffer
	var logMu sync.Mutex
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := startServerWithConfig(t, ln, func(cfg *Config) {
		cfg.Logger = log.New(lockedWriter{&logMu, &logged})
	})
	fault := func(msg tea.Msg) {
		if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+t" {
			panic("a bug in one screen")
		}
	}
	screenFault.Store(&fault)
	t.Cleanup(func() { screenFault.Store(nil) })
	fran := newKey(t)
	out, _, _ := ts.run(fran, "new worcestershire")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	f := ts.join("fran", fran, "join "+joinCode+" --name Fran", 120, 40)
	f.waitText("Total Place · Worcestershire")
	g := ts.join("g", nil, "join "+joinCode+" --name Gil --as observer", 120, 40)
	g.waitText("Total Place · Worcestershire")
	time.Sleep(200 * time.Millisecond)
	base := runtime.NumGoroutine()

	victim := ts.join("v", nil, "join "+joinCode+" --name Vic --as observer", 120, 40)
	victim.waitText("Total Place · Worcestershire")
	victim.keys("\x14") // ctrl+t
	select {
	case <-victim.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the panicking screen's connection did not end")
	}
	if s := flat(victim.text()); !strings.Contains(s, "Something went wrong on this screen") || !strings.Contains(s, "join again with") {
		t.Errorf("the participant was not told why their screen closed:\n%s", victim.text())
	} else if n := strings.Count(s, "Something went wrong"); n != 1 {
		// The screen's own last frame says it too, and gives its line
		// to what follows.
		t.Errorf("the participant was told %d times:\n%s", n, victim.text())
	}
	victim.close() // the client's side of the connection, and the server's with it
	moveKeys(f)
	for _, sc := range []*screen{f, g} {
		sc.waitText("1 move")
	}
	late := ts.join("l", nil, "join "+joinCode+" --name Lou --as observer", 120, 40)
	late.waitText("1 move")
	late.close()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base+5 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base+5 {
		var stacks strings.Builder
		_ = pprof.Lookup("goroutine").WriteTo(&stacks, 1)
		t.Errorf("%d goroutines after the panicking screen ended, %d before it joined:\n%s", n, base, stacks.String())
	}
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(logged.String(), "a bug in one screen") {
		t.Errorf("the panic was not logged:\n%s", logged.String())
	}
}

// lockedWriter lets the server's goroutines log into a test's buffer.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// The plan over SSH: whoever has the code gets it as Markdown, HTML or
// JSON on standard output; CSV, an unknown format and a wrong code are
// refused, each with its reason and a non-zero exit.
func TestExportOverSSH(t *testing.T) {
	ts := startServer(t, t.TempDir())
	out, _, _ := ts.run(newKey(t), "new worcestershire")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	w, err := ts.srv.reg.lookup(joinCode)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.sess.Do(w.Facilitator, sessions.MoveMoney{Move: model.Move{From: "nhs", To: "public_health", Amount: 2e6}, Why: "falls prevention"}); err != nil {
		t.Fatal(err)
	}
	md, stderr, code := ts.run(nil, "export "+joinCode)
	if code != 0 || !strings.HasPrefix(md, "# Local Public Service Plan: Worcestershire") || !strings.Contains(md, "falls prevention") {
		t.Fatalf("export as md: exit %d, %q\n%.400s", code, stderr, md)
	}
	html, _, code := ts.run(nil, "export "+joinCode+" --format html")
	if code != 0 || !strings.Contains(html, "<!DOCTYPE html>") {
		t.Errorf("export as html: exit %d\n%.200s", code, html)
	}
	for cmd, says := range map[string]string{
		"export " + joinCode + " --format csv":        "csv is one file a table",
		"export " + joinCode + " --format pdf":        `unknown --format "pdf"`,
		"export bako-bako-bako-bako":                  `no workshop has the code "bako-bako-bako-bako"`,
		"export":                                      "export needs the workshop's code",
		"export " + joinCode + " --scenario Nonesuch": "Nonesuch",
	} {
		if _, stderr, code := ts.run(nil, cmd); code == 0 || !strings.Contains(stderr, says) {
			t.Errorf("%s: exit %d, %q; want it to say %q", cmd, code, stderr, says)
		}
	}
}

// The facilitator's first screen asks their name (new took the login's),
// prefilled; after that they come back unasked. A name of several words
// reaches the server unquoted (ssh joins the words with spaces) and is
// still one name, with --as after it still read.
func TestFacilitatorNamedOnFirstJoinAndNamesOfSeveralWords(t *testing.T) {
	ts := startServer(t, t.TempDir())
	fran := newKey(t)
	out, _, _ := ts.run(fran, "new worcestershire")
	joinCode := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	f := ts.join("fran", fran, "join "+joinCode, 120, 40)
	f.waitText("Your name")
	f.keys(strings.Repeat("\x7f", 10), "Fran Fac", keyEnter)
	f.waitText("Total Place · Worcestershire")
	f.keys("6")
	f.waitText("Fran Fac joined")
	f.close()
	again := ts.join("fran", fran, "join "+joinCode, 120, 40)
	again.waitText("Total Place · Worcestershire")
	if strings.Contains(again.text(), "Your name") {
		t.Error("asked the facilitator's name again")
	}

	nadia := ts.join("nadia", newKey(t), "join "+joinCode+" --name Nadia Khan --as icb", 120, 40)
	nadia.waitText("Total Place · Worcestershire")
	nadia.keys("6")
	nadia.waitText("Nadia Khan joined for NHS")
	if _, stderr, code := ts.run(newKey(t), "join "+joinCode+" stray --as icb"); code == 0 || !strings.Contains(stderr, `"stray --as icb" is not understood here`) {
		t.Errorf("a stray word: exit %d, %q", code, stderr)
	}
}

// A server listening on one address tells people to join at that address,
// not at the machine's name, which may not resolve where they are.
func TestJoinHintUsesTheListeningAddress(t *testing.T) {
	ts := startServer(t, t.TempDir())
	ts.run(nil, "help") // serving by now
	_, port, _ := net.SplitHostPort(ts.addr)
	if got := ts.srv.joinHint("bako-tuli-mera-sofi"); got != "ssh -t -p "+port+" 127.0.0.1 join bako-tuli-mera-sofi" {
		t.Errorf("join hint %q", got)
	}
	if got := ts.srv.exportHint("bako-tuli-mera-sofi"); got != "ssh -p "+port+" 127.0.0.1 export bako-tuli-mera-sofi --format html > plan.html" {
		t.Errorf("export hint %q", got)
	}
}
