//go:build unix

package sessions

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on the journal, so a second
// process (or a second Open in this one) cannot interleave its own events.
// The kernel drops the lock when the process dies, even by kill -9.
func lockFile(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) {
		lerr = syscall.Flock(int(fd), syscall.LOCK_EX|syscall.LOCK_NB)
	}); err != nil {
		return err
	}
	if errors.Is(lerr, syscall.EWOULDBLOCK) {
		return errors.New("the session is open elsewhere (another totalplace process has its journal)")
	}
	return lerr
}

// syncDir makes a newly created file's directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
