//go:build !linux

package sessions

import "os"

// datasync is fsync where fdatasync is unavailable (on macOS Go's Sync
// issues F_FULLFSYNC).
func datasync(f *os.File) error { return f.Sync() }
