package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"totalplace/internal/plantest"
)

// scriptedData makes a data directory holding the scripted workshop
// (several participants, direct moves, a proposal agreed and one
// declined, a later reason, a saved scenario, the Plan stage), retimed
// so its exports are the same on every run.
func scriptedData(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	id, err := plantest.Script(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := plantest.Retime(data, id); err != nil {
		t.Fatal(err)
	}
	return data
}

// golden compares got with testdata/export/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "export", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/totalplace -run TestExportGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(go test ./cmd/totalplace -run TestExportGolden -update rewrites it)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s: %d lines, want %d", name, len(gl), len(wl))
	}
}

// TestExportGolden: every format of the scripted workshop's plan, from
// the real binary, byte for byte.
func TestExportGolden(t *testing.T) {
	data := scriptedData(t)
	for _, f := range []string{"md", "html", "json"} {
		golden(t, "plan."+f, []byte(ok(t, "export", plantest.ID, "--data", data, "--format", f)))
	}
	golden(t, "scenario.md", []byte(ok(t, "export", plantest.ID, "--data", data, "--scenario", plantest.Scenario)))
	dir := filepath.Join(t.TempDir(), "tables")
	ok(t, "export", plantest.ID, "--data", data, "--format", "csv", "-o", dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 7 {
		t.Errorf("csv wrote %d files: %v", len(files), files)
	}
	for _, f := range files {
		golden(t, "csv/"+filepath.Base(f), readFile(t, f))
	}
	// -o writes the same bytes as standard output, and twice the same.
	out := filepath.Join(t.TempDir(), "plan.md")
	ok(t, "export", plantest.ID, "--data", data, "-o", out)
	ok(t, "export", plantest.ID, "--data", data, "-o", out)
	if !bytes.Equal(readFile(t, out), []byte(ok(t, "export", plantest.ID, "--data", data))) {
		t.Error("-o FILE differs from standard output")
	}
}

// TestExportDefaultsToTheLatestSession: without SESSION, export writes the
// plan of the session changed last, as --resume would open it.
func TestExportDefaultsToTheLatestSession(t *testing.T) {
	data := t.TempDir()
	first, _ := driveSession(t, data, "gateshead", "police public_health 2m\n")
	time.Sleep(20 * time.Millisecond) // journals' times order them
	second, _ := driveSession(t, data, "gateshead", "police public_health 3m\n")
	latest := ok(t, "export", "--data", data)
	if latest != ok(t, "export", second, "--data", data) || !strings.Contains(latest, "session "+second) {
		t.Errorf("the default is not the latest session %s:\n%.300s", second, latest)
	}
	if !strings.Contains(ok(t, "export", first, "--data", data), "£2m a year from Police") {
		t.Error("SESSION does not choose the session")
	}
}

// TestExportBadInput: an unknown session, scenario or format, csv without
// a directory, and no sessions at all each get their own message and a
// non-zero exit, and write nothing.
func TestExportBadInput(t *testing.T) {
	data := scriptedData(t)
	typo := plantest.ID[:len(plantest.ID)-1] + "c"
	out := filepath.Join(t.TempDir(), "plan.md")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"export", typo, "--data", data, "-o", out}, []string{`no session "` + typo + `"`, `did you mean "` + plantest.ID + `"?`, "sessions` lists the saved ones"}},
		{[]string{"export", "--data", data, "--scenario", "Prevention frist", "-o", out}, []string{`no saved scenario called "Prevention frist"`, `"Prevention first"`}},
		{[]string{"export", "--data", data, "--format", "pdf", "-o", out}, []string{`unknown --format "pdf"`, "md, html, csv, json"}},
		{[]string{"export", "--data", data, "--format", "jsn", "-o", out}, []string{`did you mean "json"?`}},
		{[]string{"export", "--data", data, "--format", "csv"}, []string{"-o DIR"}},
		{[]string{"export", "--data", t.TempDir(), "-o", out}, []string{"no saved workshop sessions in"}},
		{[]string{"export", "a", "b", "--data", data}, []string{"accepts at most 1 arg"}},
	} {
		r := run(t, "", c.args...)
		if r.code == 0 {
			t.Errorf("%v: exit 0", c.args)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, r.stderr)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v wrote %s", c.args, out)
		}
	}
}

// chromium finds Debian's headless Chromium. CI installs it (.ci/run), so
// there its absence is a failure; elsewhere the test is skipped.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-headless-shell", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH: .ci/run installs Debian's chromium")
	}
	t.Skip("no chromium on PATH (apt-get install chromium)")
	return ""
}

// headless runs Chromium on a local file with one action (--screenshot=…
// or --print-to-pdf=…) and returns the console messages it logged. The
// flags keep it off the network and out of the user's profile.
func headless(t *testing.T, browser, page string, action ...string) []string {
	t.Helper()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-extensions", "--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"},
		action...)
	cmd := exec.Command(browser, append(args, "file://"+page)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", action, err, stderr.String())
		}
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("chromium %v did not finish in 90s", action)
	}
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	return console
}

var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// TestExportHTMLInChromium looks at the HTML plan as a person would: in
// headless Chromium, a screenshot and an A4 PDF are made, the PDF has a
// sane number of pages, and the browser logs nothing to the console (the
// page has no script, and its security policy logs any attempt to fetch).
// A page that does log is caught, so the check can fail.
func TestExportHTMLInChromium(t *testing.T) {
	browser := chromium(t)
	data := scriptedData(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "plan.html")
	ok(t, "export", plantest.ID, "--data", data, "--format", "html", "-o", page)

	shot := filepath.Join(dir, "plan.png")
	console := headless(t, browser, page, "--screenshot="+shot, "--window-size=1000,1400", "--hide-scrollbars")
	if len(console) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 1400 {
		t.Errorf("screenshot is %v", b)
	}
	// Not a blank page: the heading and the charts put dark pixels on it.
	dark := 0
	for y := 0; y < 1400; y += 4 {
		for x := 0; x < 1000; x += 4 {
			if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x4000 {
				dark++
			}
		}
	}
	if dark < 500 {
		t.Errorf("the screenshot is nearly blank (%d dark samples)", dark)
	}

	pdf := filepath.Join(dir, "plan.pdf")
	if console := headless(t, browser, page, "--print-to-pdf="+pdf, "--no-pdf-header-footer"); len(console) > 0 {
		t.Errorf("console messages while printing:\n%s", strings.Join(console, "\n"))
	}
	doc := readFile(t, pdf)
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		t.Fatal("print-to-pdf wrote no PDF")
	}
	// The board paper with its appendices: more than a page or two, and
	// not one page per table row either. Appendix A alone prints every
	// figure of the place with its source or derivation, some 260 rows
	// for the sample county.
	if pages := len(pdfPage.FindAll(doc, -1)); pages < 5 || pages > 50 {
		t.Errorf("the PDF has %d pages", pages)
	}
	if os.Getenv("TOTALPLACE_KEEP_SCREENSHOTS") != "" {
		os.WriteFile(os.Getenv("TOTALPLACE_KEEP_SCREENSHOTS")+"/plan.png", readFile(t, shot), 0o644)
		os.WriteFile(os.Getenv("TOTALPLACE_KEEP_SCREENSHOTS")+"/plan.pdf", doc, 0o644)
	}

	// The console check itself: a page that logs, and one that tries to
	// fetch, are both caught.
	bad := filepath.Join(dir, "bad.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:"><title>bad</title></head>`+
		`<body><img src="http://127.0.0.1:9/x.png" alt="x"><script>console.error("boom")</script></body></html>`), 0o644)
	if console := headless(t, browser, bad, "--screenshot="+filepath.Join(dir, "bad.png")); len(console) < 2 {
		t.Errorf("a page that logs and fetches gave %d console messages: %v", len(console), console)
	}
}

// TestReadmeExcerptIsFromThePlan keeps the README's excerpt of an exported
// plan true: each of its lines is in the golden Markdown plan.
func TestReadmeExcerptIsFromThePlan(t *testing.T) {
	readme := string(readFile(t, filepath.Join("..", "..", "README.md")))
	_, rest, found := strings.Cut(readme, "excerpt of the Markdown plan")
	if !found {
		t.Fatal("README has no excerpt of an exported plan")
	}
	_, rest, _ = strings.Cut(rest, "```\n")
	excerpt, _, _ := strings.Cut(rest, "```")
	plan := string(readFile(t, filepath.Join("testdata", "export", "plan.md")))
	lines := 0
	for _, line := range strings.Split(excerpt, "\n") {
		if line == "" {
			continue
		}
		lines++
		if !strings.Contains(plan, line+"\n") {
			t.Errorf("README excerpt line not in the plan: %s", line)
		}
	}
	if lines < 5 {
		t.Errorf("the excerpt has %d lines", lines)
	}
}
