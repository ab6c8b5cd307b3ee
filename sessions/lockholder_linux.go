package sessions

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// lockHolder names the process holding f's flock, from /proc/locks, so a
// refusal can say which app to close: "process 4242 (totalplace --resume)".
func lockHolder(f *os.File) string {
	fi, err := f.Stat()
	if err != nil {
		return ""
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	data, err := os.ReadFile("/proc/locks")
	if err != nil {
		return ""
	}
	d, n := uint64(st.Dev), uint64(st.Ino) // narrower types on some platforms
	dev := fmt.Sprintf("%02x:%02x:%d", (d>>8)&0xfff|(d>>32)&^uint64(0xfff), d&0xff|(d>>12)&^uint64(0xff), n)
	ino := ":" + strconv.FormatUint(n, 10)
	var byDev, byIno []string
	for _, line := range strings.Split(string(data), "\n") {
		// 1: FLOCK  ADVISORY  WRITE 4242 fd:01:1234567 0 EOF; waiters have "->".
		f := strings.Fields(line)
		if len(f) < 6 || f[1] != "FLOCK" {
			continue
		}
		switch {
		case f[5] == dev:
			byDev = append(byDev, f[4])
		case strings.HasSuffix(f[5], ino):
			byIno = append(byIno, f[4])
		}
	}
	pid := ""
	switch {
	case len(byDev) == 1:
		pid = byDev[0]
	case len(byDev) == 0 && len(byIno) == 1:
		pid = byIno[0] // on a filesystem that reports another device number
	default:
		return ""
	}
	cmd, err := os.ReadFile("/proc/" + pid + "/cmdline")
	args := strings.Fields(strings.ReplaceAll(string(cmd), "\x00", " "))
	if err != nil || len(args) == 0 {
		return "process " + pid
	}
	if i := strings.LastIndexByte(args[0], '/'); i >= 0 {
		args[0] = args[0][i+1:]
	}
	line := strings.Join(args, " ")
	if len(line) > 80 {
		line = line[:77] + "..."
	}
	if pid == strconv.Itoa(os.Getpid()) {
		return fmt.Sprintf("this process (%d: %s)", os.Getpid(), line)
	}
	return fmt.Sprintf("process %s (%s)", pid, line)
}
