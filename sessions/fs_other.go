//go:build !unix

package sessions

import "os"

// lockFile is a no-op where flock is unavailable: a second process on the
// same session is not detected there.
func lockFile(*os.File) error { return nil }

// syncDir is a no-op where directories cannot be opened for syncing.
func syncDir(string) error { return nil }
