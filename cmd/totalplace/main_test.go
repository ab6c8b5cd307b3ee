package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	sampleplaces "totalplace/sample-places"
)

var update = flag.Bool("update", false, "rewrite golden files")

// bin is the real binary, built once for every test.
var bin string

// testVersion is stamped with -ldflags, so TestVersion proves the flag works.
const testVersion = "9.8.7-test"

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "totalplace-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "totalplace")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+testVersion, "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building totalplace:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the binary with NO_COLOR set and its output captured (so never
// a terminal), in dir when it is not empty.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	return r
}

// ok runs the binary and fails the test unless it exits 0.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, "", args...)
	if r.code != 0 {
		t.Fatalf("totalplace %s: exit %d\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// fails runs the binary, requires exit 1 and nothing on stdout, and
// returns stderr.
func fails(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, "", args...)
	if r.code != 1 {
		t.Fatalf("totalplace %s: exit %d, want 1\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("totalplace %s: wrote to stdout on failure:\n%s", strings.Join(args, " "), r.stdout)
	}
	return r.stderr
}

func TestPlacesListsEveryEmbeddedPlace(t *testing.T) {
	out := ok(t, "places")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	ids := sampleplaces.IDs()
	if len(lines) != len(ids)+1 {
		t.Fatalf("got %d lines, want a header and %d places:\n%s", len(lines), len(ids), out)
	}
	for i, id := range ids {
		p, err := sampleplaces.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		fields := strings.Fields(lines[i+1])
		if fields[0] != id || !strings.Contains(lines[i+1], p.Name) || !strings.Contains(lines[i+1], thousands(p.Population.Value)) {
			t.Errorf("line %d = %q; want id %s, name %q and population %s", i+1, lines[i+1], id, p.Name, thousands(p.Population.Value))
		}
		if got := fields[len(fields)-4]; got != fmt.Sprint(len(p.Neighbourhoods)) {
			t.Errorf("%s: neighbourhoods %s, want %d", id, got, len(p.Neighbourhoods))
		}
		// Cited and assumed figures, as simulate counts them.
		assumed, figures := countAssumptions(p)
		if c, a := fields[len(fields)-2], fields[len(fields)-1]; c != fmt.Sprint(figures-assumed) || a != fmt.Sprint(assumed) {
			t.Errorf("%s: cited %s, assumed %s; want %d and %d", id, c, a, figures-assumed, assumed)
		}
	}
	// Columns line up: every row is as long as the header or shorter.
	head := strings.Index(lines[0], "ASSUMED") + len("ASSUMED")
	for _, l := range lines[1:] {
		if len([]rune(l)) != head {
			t.Errorf("row %q does not end under ASSUMED (column %d)", l, head)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	if out := ok(t, "--version"); !strings.Contains(out, testVersion) {
		t.Errorf("--version = %q, want it to contain %q", out, testVersion)
	}
	for _, args := range [][]string{
		{"--help"}, {"places", "--help"}, {"validate", "--help"}, {"simulate", "--help"},
		{"import", "--help"}, {"import", "imd", "--help"}, {"sessions", "--help"},
	} {
		out := ok(t, args...)
		name := "totalplace " + strings.Join(args[:len(args)-1], " ")
		if !strings.Contains(out, "USAGE") || !strings.Contains(out, strings.TrimSpace(name)) {
			t.Errorf("%v: no usage for %q:\n%s", args, name, out)
		}
	}
	// With no command and no terminal: a clear refusal naming the alternative.
	if msg := fails(t); !strings.Contains(msg, "needs a terminal") || !strings.Contains(msg, "totalplace simulate") {
		t.Errorf("no arguments, no terminal: %q", msg)
	}
}

// TestSessionsLists drives a real session to disk, then lists it.
func TestSessionsLists(t *testing.T) {
	dir := t.TempDir()
	if out := ok(t, "sessions", "--data", dir); !strings.Contains(out, "No saved sessions") {
		t.Errorf("empty directory: %q", out)
	}
	p, err := sampleplaces.Load("gateshead")
	if err != nil {
		t.Fatal(err)
	}
	var from, to string
	for _, s := range p.Silos {
		if s.Movable() > 10e6 {
			if from == "" {
				from = s.ID
			} else if to == "" {
				to = s.ID
			}
		}
	}
	cmd := exec.Command(bin, "drive", "--data", dir, "--place", "gateshead")
	cmd.Stdin = strings.NewReader(from + " " + to + " 2m\n" + from + " " + to + " 1m\n")
	out, err := cmd.Output()
	if err != nil || strings.Count(string(out), "ack ") != 2 {
		t.Fatalf("drive: %v\n%s", err, out)
	}
	id := strings.TrimPrefix(strings.SplitN(string(out), "\n", 2)[0], "session ")
	list := ok(t, "sessions", "--data", dir)
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], id) || !strings.Contains(lines[1], "gateshead") || !strings.HasSuffix(lines[1], " 2") {
		t.Errorf("sessions:\n%s\nwant one row for %s on gateshead with 2 moves", list, id)
	}
}

func TestUnknownFlagIsAnError(t *testing.T) {
	if msg := fails(t, "simulate", "--bogus"); !strings.Contains(msg, "unknown flag: --bogus") {
		t.Errorf("stderr = %q", msg)
	}
}

// writeFile writes data under dir and returns its path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateEmbeddedPlaces(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, id := range sampleplaces.IDs() {
		src, found := sampleplaces.Source(id)
		if !found {
			t.Fatalf("no source for %s", id)
		}
		files = append(files, writeFile(t, dir, id+".toml", src))
	}
	want := ""
	for _, f := range files {
		want += f + ": ok\n" // a verdict for each file, so none is taken as checked unseen
	}
	if out := ok(t, append([]string{"validate"}, files...)...); out != want {
		t.Errorf("validate = %q, want %q", out, want)
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	src, _ := sampleplaces.Source(sampleplaces.IDs()[0])
	// Break base_year, and work out where the loader should point.
	re := regexp.MustCompile(`(?m)^base_year = .*$`)
	loc := re.FindIndex(src)
	if loc == nil {
		t.Fatal("sample place has no base_year line")
	}
	line := bytes.Count(src[:loc[0]], []byte("\n")) + 1
	broken := re.ReplaceAll(src, []byte(`base_year = "soon"`))
	typeErr := writeFile(t, dir, "type.toml", broken)
	syntax := writeFile(t, dir, "syntax.toml", []byte("[place]\nid = \"x\"\nname = \n"))
	missing := filepath.Join(dir, "missing.toml")
	good := writeFile(t, dir, "good.toml", src)

	r := run(t, "", "validate", good, typeErr, syntax, missing)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", r.code, r.stderr)
	}
	shape := regexp.MustCompile(`^(.+):(\d+):(\d+): \S.*$`)
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
		if l == good+": ok" {
			continue
		}
		m := shape.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("line %q is not FILE:LINE:COL: message", l)
			continue
		}
		seen[m[1]] = true
		if m[1] == typeErr && (m[2] != fmt.Sprint(line) || !strings.Contains(l, "base_year")) {
			t.Errorf("%q: want line %d naming base_year", l, line)
		}
	}
	for _, f := range []string{typeErr, syntax, missing} {
		if !seen[f] {
			t.Errorf("no problem reported for %s:\n%s", f, r.stdout)
		}
	}
	if seen[good] {
		t.Errorf("problems reported for the good file:\n%s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want the problems on stdout only", r.stderr)
	}
}

func TestValidateNeedsAFile(t *testing.T) {
	if msg := fails(t, "validate"); !strings.Contains(msg, "FILE") {
		t.Errorf("stderr = %q", msg)
	}
}

// places PLACE lists the silo ids a move names, with what can move; an
// unknown place is refused with the ones there are.
func TestPlacesListsSilos(t *testing.T) {
	out := ok(t, "places", "gateshead")
	p, err := sampleplaces.Load("gateshead")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Silos {
		if !strings.Contains(out, s.ID+" ") {
			t.Errorf("silo %s missing:\n%s", s.ID, out)
		}
	}
	if !strings.Contains(out, "A move is FROM:TO:AMOUNT") || !strings.Contains(out, "CAN MOVE") {
		t.Errorf("no word on how to use the ids:\n%s", out)
	}
	r := run(t, "", "places", "nowhere")
	if r.code == 0 || !strings.Contains(r.stderr, "worcestershire, gateshead, lewisham") {
		t.Errorf("places nowhere: exit %d, %q", r.code, r.stderr)
	}
}
