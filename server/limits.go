package server

import (
	"bytes"
	"net"
	"os"
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// codeLimiter slows down and then refuses an address that keeps trying
// wrong join codes: each wrong code costs a second's wait, and the
// twentieth within ten minutes shuts the address out for two minutes. A
// room shares one address, so a few typos must not lock it out; guessing
// a 50-bit code a second at a time is hopeless anyway.
type codeLimiter struct {
	mu    sync.Mutex
	tries map[string]*codeTries
	now   func() time.Time
	delay time.Duration // each wrong code's wait
}

type codeTries struct {
	wrong []time.Time
	until time.Time
}

const (
	wrongCodesAllowed = 20
	wrongCodeWindow   = 10 * time.Minute
	wrongCodeLockout  = 2 * time.Minute
	wrongCodeDelay    = time.Second
)

func newCodeLimiter() *codeLimiter {
	return &codeLimiter{tries: map[string]*codeTries{}, now: time.Now, delay: wrongCodeDelay}
}

func host(addr net.Addr) string {
	if h, _, err := net.SplitHostPort(addr.String()); err == nil {
		return h
	}
	return addr.String()
}

// check says whether addr is shut out, and for how long.
func (l *codeLimiter) check(addr net.Addr) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.tries[host(addr)]
	if !ok {
		return 0, false
	}
	if wait := t.until.Sub(l.now()); wait > 0 {
		return wait, true
	}
	return 0, false
}

// failed records a wrong code from addr and makes the caller wait a little.
func (l *codeLimiter) failed(addr net.Addr) {
	l.mu.Lock()
	h := host(addr)
	t, ok := l.tries[h]
	if !ok {
		t = &codeTries{}
		l.tries[h] = t
	}
	now := l.now()
	kept := t.wrong[:0]
	for _, at := range t.wrong {
		if now.Sub(at) < wrongCodeWindow {
			kept = append(kept, at)
		}
	}
	t.wrong = append(kept, now)
	if len(t.wrong) >= wrongCodesAllowed {
		t.until, t.wrong = now.Add(wrongCodeLockout), nil
	}
	delay := l.delay
	l.mu.Unlock()
	time.Sleep(delay)
}

// authorized reports whether pk is in the authorized_keys file at path.
func authorized(path string, pk ssh.PublicKey) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for len(data) > 0 {
		k, _, _, rest, err := gossh.ParseAuthorizedKey(data)
		if err != nil {
			break
		}
		if bytes.Equal(k.Marshal(), pk.Marshal()) {
			return true
		}
		data = rest
	}
	return false
}
