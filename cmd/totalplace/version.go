package main

import "runtime/debug"

// version is set at release time:
//
//	go build -ldflags "-X main.version=1.2.0" ./cmd/totalplace
var version = "dev"

// versionString is version (or the module version, for go install builds
// without -ldflags) followed by the VCS revision the binary was built from,
// when the build carries one.
func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		v += " (" + rev[:min(12, len(rev))]
		if modified == "true" {
			v += ", modified"
		}
		v += ")"
	}
	return v
}
