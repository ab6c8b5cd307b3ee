//go:build unix

package sessions

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFile takes an exclusive advisory lock on the journal, so a second
// process (or a second Open in this one) cannot interleave its own events.
// The kernel drops the lock when the process dies, even by kill -9. It
// waits a moment for a lock held only briefly (List checking whether an
// untouched session is in use) before returning errLocked.
func lockFile(f *os.File) error {
	deadline := time.Now().Add(250 * time.Millisecond)
	for {
		err := tryLock(f)
		if !errors.Is(err, errLocked) || time.Now().After(deadline) {
			return err
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// tryLock takes the lock if it is free, or returns errLocked at once.
func tryLock(f *os.File) error {
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
		return errLocked
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
