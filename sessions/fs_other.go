//go:build !unix

package sessions

import "os"

// lockFile is a no-op where flock is unavailable: a second process on the
// same session is not detected there.
func lockFile(*os.File) error { return nil }

// tryLock cannot tell whether another process has the session open, so it
// says one may: nothing is deleted as unused on its word.
func tryLock(*os.File) error { return errLocked }

// syncDir is a no-op where directories cannot be opened for syncing.
func syncDir(string) error { return nil }
