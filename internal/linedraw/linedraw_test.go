package linedraw

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// viewModel shows whatever view it was last given.
type viewModel struct{ v tea.View }

type setView tea.View

func (vm *viewModel) Init() tea.Cmd { return nil }
func (vm *viewModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if v, ok := msg.(setView); ok {
		vm.v = tea.View(v)
	}
	return vm, nil
}
func (vm *viewModel) View() tea.View { return vm.v }

// term is a Model writing into a terminal emulator.
type term struct {
	t     *testing.T
	m     *Model
	emu   *vt.Emulator
	out   bytes.Buffer // everything written since the last take
	all   strings.Builder
	wait  time.Duration // the wait of the frame last asked for
	asked bool          // a frame was asked for and not delivered
}

// newTerm is a w×h terminal with profile. Its Model's clock leaps a
// second a call (so the frame budget is always full) unless a test says
// otherwise, and the frames it asks for at once are delivered at once.
func newTerm(t *testing.T, w, h int, profile colorprofile.Profile) *term {
	tm := &term{t: t, emu: vt.NewEmulator(w, h)}
	// Its replies, drained so its writes never block. (Not closed after:
	// the emulator's Close races with its Read.)
	go func() { _, _ = io.Copy(io.Discard, tm.emu) }()
	tm.m = New(&viewModel{}, &tm.out, Options{Profile: profile})
	clock := time.Unix(0, 0)
	tm.m.now = func() time.Time { clock = clock.Add(time.Second); return clock }
	tm.m.after = func(d time.Duration) { tm.wait, tm.asked = d, true }
	tm.send(tea.WindowSizeMsg{Width: w, Height: h})
	return tm
}

// send gives the Model msg as the program would, with the frame it asks
// for at once; one asked for after a wait is held for tick.
func (tm *term) send(msg tea.Msg) tea.Cmd {
	_, cmd := tm.m.Update(msg)
	tm.frame()
	tm.flush()
	return cmd
}

// frame delivers the frame asked for at once, if one was.
func (tm *term) frame() {
	if tm.asked && tm.wait <= 0 {
		tm.asked = false
		tm.m.Update(frameMsg{})
	}
}

// held reports a frame asked for after a wait, not delivered yet.
func (tm *term) held() bool { return tm.asked && tm.wait > 0 }

// tick delivers the frame held for its wait.
func (tm *term) tick() {
	tm.t.Helper()
	if !tm.held() {
		tm.t.Fatal("no frame was asked for after a wait")
	}
	tm.asked = false
	tm.send(frameMsg{})
}

func (tm *term) show(v tea.View) { tm.send(setView(v)) }

// shown is show, returning what was written for it.
func (tm *term) shown(v tea.View) string {
	n := tm.all.Len()
	tm.show(v)
	return tm.all.String()[n:]
}

// flush feeds what the Model wrote to the emulator, returning it.
func (tm *term) flush() string {
	s := tm.out.String()
	tm.out.Reset()
	tm.all.WriteString(s)
	if _, err := tm.emu.WriteString(s); err != nil {
		tm.t.Fatal(err)
	}
	return s
}

func altView(s string) tea.View {
	v := tea.NewView(s)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

// reference is what Bubble Tea's cell renderer puts in its cell buffer
// for content on a w×h window, colours as profile shows them.
func reference(content string, w, h int, profile colorprofile.Profile) uv.ScreenBuffer {
	buf := uv.NewScreenBuffer(w, h)
	buf.Method = ansi.GraphemeWidth
	uv.NewStyledString(content).Draw(buf, buf.Bounds())
	for y := range h {
		for x := range w {
			if c := buf.CellAt(x, y); c != nil {
				c.Style = uv.ConvertStyle(c.Style, profile)
			}
		}
	}
	return buf
}

// sameScreen fails unless the emulator's screen shows what ref holds,
// cell by cell, content and style.
func sameScreen(t *testing.T, what string, emu *vt.Emulator, ref uv.ScreenBuffer) {
	t.Helper()
	for y := range ref.Height() {
		for x := range ref.Width() {
			want, got := ref.CellAt(x, y), emu.CellAt(x, y)
			if cellText(want) != cellText(got) || !sameStyle(style(want), style(got)) {
				t.Fatalf("%s: cell %d,%d is %q %+v, want %q %+v\nscreen:\n%s\nwant:\n%s", what, x, y,
					cellText(got), style(got), cellText(want), style(want), screenText(emu), ref.String())
			}
		}
	}
}

func cellText(c *uv.Cell) string {
	if c == nil || c.Content == "" {
		if c != nil && c.Width == 0 && c.Content == "" {
			return "" // the second half of a wide character
		}
		return " "
	}
	return c.Content
}

func style(c *uv.Cell) uv.Style {
	if c == nil {
		return uv.Style{}
	}
	return c.Style
}

func sameStyle(a, b uv.Style) bool {
	return a.Attrs == b.Attrs && a.Underline == b.Underline &&
		sameColor(a.Fg, b.Fg) && sameColor(a.Bg, b.Bg) && sameColor(a.UnderlineColor, b.UnderlineColor)
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	return ar == br && ag == bg && ab == bb && aa == ba
}

func screenText(emu *vt.Emulator) string {
	var b strings.Builder
	for y := range emu.Height() {
		for x := range emu.Width() {
			b.WriteString(cellText(emu.CellAt(x, y)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// randomFrame is a frame of styled words, box lines and wide characters,
// some lines too long for the window, sometimes fewer lines than rows.
func randomFrame(r *rand.Rand, w, h int) string {
	palette := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#d75f00")),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#5fafff")).Background(lipgloss.Color("#202020")),
		lipgloss.NewStyle().Reverse(true),
		lipgloss.NewStyle().Faint(true).Underline(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
	}
	words := []string{"Worcestershire", "£1.2m", "│", "moves", "NEET", "—", "日本", "✗", "prevention", "x"}
	lines := make([]string, r.IntN(h+2))
	for i := range lines {
		var b strings.Builder
		for n := r.IntN(w/4 + 2); n > 0; n-- {
			b.WriteString(palette[r.IntN(len(palette))].Render(words[r.IntN(len(words))]))
			b.WriteByte(' ')
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}

// TestFramesMatchCellRenderer draws a run of frames that change a few
// lines at a time and checks, after each, that the terminal shows what
// Bubble Tea's cell renderer would have put on it, in each colour profile.
func TestFramesMatchCellRenderer(t *testing.T) {
	for _, profile := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI, colorprofile.ASCII} {
		t.Run(profile.String(), func(t *testing.T) {
			const w, h = 40, 12
			r := rand.New(rand.NewPCG(1, uint64(profile)))
			tm := newTerm(t, w, h, profile)
			lines := strings.Split(randomFrame(r, w, h), "\n")
			for step := range 200 {
				// Change a few lines, sometimes the number of lines.
				next := strings.Split(randomFrame(r, w, h), "\n")
				for i := range min(len(lines), len(next)) {
					if r.IntN(4) != 0 {
						next[i] = lines[i]
					}
				}
				lines = next
				content := strings.Join(lines, "\n")
				tm.show(altView(content))
				sameScreen(t, fmt.Sprintf("step %d", step), tm.emu, reference(content, w, h, profile))
			}
		})
	}
}

// TestResizeRedraws changes the window's size mid-way: the frame after
// is the whole screen at the new size.
func TestResizeRedraws(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	tm := newTerm(t, 50, 14, colorprofile.TrueColor)
	content := randomFrame(r, 50, 14)
	tm.show(altView(content))
	for _, size := range [][2]int{{30, 10}, {70, 20}, {50, 14}} {
		tm.emu.Resize(size[0], size[1])
		tm.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		sameScreen(t, fmt.Sprintf("%dx%d", size[0], size[1]), tm.emu, reference(content, size[0], size[1], colorprofile.TrueColor))
		content = randomFrame(r, size[0], size[1])
		tm.show(altView(content))
		sameScreen(t, fmt.Sprintf("%dx%d, next frame", size[0], size[1]), tm.emu, reference(content, size[0], size[1], colorprofile.TrueColor))
	}
}

// TestNoColor: NO_COLOR (the ASCII profile) keeps bold and reverse and
// sends no colour; a terminal that is no terminal gets no styles at all.
func TestNoColor(t *testing.T) {
	content := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#ff0000")).Render("bold red") + " " +
		lipgloss.NewStyle().Reverse(true).Background(lipgloss.Color("#0000ff")).Render("reverse on blue")
	tm := newTerm(t, 40, 4, colorprofile.ASCII)
	tm.show(altView(content))
	sameScreen(t, "ascii", tm.emu, reference(content, 40, 4, colorprofile.ASCII))
	bold, rev := tm.emu.CellAt(0, 0).Style, tm.emu.CellAt(9, 0).Style
	if bold.Attrs&uv.AttrBold == 0 || rev.Attrs&uv.AttrReverse == 0 {
		t.Errorf("bold %+v, reverse %+v: attributes lost", bold, rev)
	}
	for x := range 40 {
		if s := tm.emu.CellAt(x, 0).Style; s.Fg != nil || s.Bg != nil {
			t.Fatalf("cell %d has a colour under NO_COLOR: %+v", x, s)
		}
	}

	tm = newTerm(t, 40, 4, colorprofile.NoTTY)
	out := tm.shown(altView(content))
	if !strings.Contains(out, "bold red") {
		t.Fatalf("the frame is not what was written: %q", out)
	}
	for _, sgr := range []string{"\x1b[1", "\x1b[7", "38;", "48;"} {
		if strings.Contains(out, sgr) {
			t.Errorf("no terminal, yet %q was sent: %q", sgr, out)
		}
	}
	if got := strings.TrimRight(screenText(tm.emu), " \n"); !strings.HasPrefix(got, "bold red reverse on blue") {
		t.Errorf("screen %q", got)
	}
}

// TestOnlyTextAndStyles: escape sequences in a view's text (a name a
// participant typed, say) never reach the terminal; the text around them
// does.
func TestOnlyTextAndStyles(t *testing.T) {
	tm := newTerm(t, 40, 4, colorprofile.TrueColor)
	evil := "a\x1b]0;owned\x07b\x1b]52;c;aGVsbG8=\x1b\\c\x1b[2Jd\x1b[5;5He\af\x1bPq#0\x1b\\g\tend"
	tm.show(altView("x\x1b[1m" + evil + "\x1b[m"))
	out := tm.m.buf
	for _, bad := range []string{"]0;owned", "]52;", "\x1b[2J" + "d", "\x1b[5;5H", "\a", "\x1bP"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("%q reached the terminal: %q", bad, out)
		}
	}
	if got := strings.TrimRight(strings.SplitN(screenText(tm.emu), "\n", 2)[0], " "); got != "xabcdefg end" {
		t.Errorf("row 0 is %q", got)
	}
}

// TestLongLinesAreCut: a line wider than the window is cut at its edge
// (a wide character that would straddle it goes), never wrapped onto the
// next row; a line exactly as wide keeps its last cell.
func TestLongLinesAreCut(t *testing.T) {
	const w = 10
	tm := newTerm(t, w, 4, colorprofile.TrueColor)
	content := "123456789日本\n" + strings.Repeat("x", w) + "\n" + lipgloss.NewStyle().Bold(true).Render(strings.Repeat("y", 3*w)) + "\nlast"
	tm.show(altView(content))
	sameScreen(t, "cut", tm.emu, reference(content, w, 4, colorprofile.TrueColor))
	// The same again, row by row from a different frame.
	tm.show(altView("a\nb\nc\nd"))
	tm.show(altView(content))
	sameScreen(t, "cut, redrawn", tm.emu, reference(content, w, 4, colorprofile.TrueColor))
}

// TestInlineThenAltScreen is the server's lobby: inline frames that grow
// and shrink below what the terminal showed, then the workshop in the alt
// screen, then the end: the main screen back with the lobby's last frame
// but for its last line, where the cursor is, and the modes the program
// set turned off.
func TestInlineThenAltScreen(t *testing.T) {
	tm := newTerm(t, 30, 10, colorprofile.TrueColor)
	tm.emu.WriteString("$ ssh -t host\r\n")
	tm.show(tea.NewView("totalplace\n\nWorkshop code:\n> "))
	tm.show(tea.NewView("totalplace\n\nWorkshop code:\n> AB\n✗ no such code\nenter to go on"))
	tm.show(tea.NewView("totalplace\n\nYour name:\n> Na"))
	want := "$ ssh -t host\ntotalplace\n\nYour name:\n> Na\n"
	if got := trimScreen(tm.emu); got != want {
		t.Fatalf("inline screen:\n%s\nwant:\n%s", got, want)
	}
	v := altView("the workshop\nboard")
	v.WindowTitle = "totalplace: Worcestershire"
	tm.show(v)
	if !tm.emu.IsAltScreen() || trimScreen(tm.emu) != "the workshop\nboard\n" {
		t.Fatalf("alt screen %v:\n%s", tm.emu.IsAltScreen(), trimScreen(tm.emu))
	}
	if err := tm.m.Close(); err != nil {
		t.Fatal(err)
	}
	out := tm.flush()
	tm.emu.WriteString("Bye.")
	if tm.emu.IsAltScreen() {
		t.Error("still in the alt screen")
	}
	if got, want := trimScreen(tm.emu), "$ ssh -t host\ntotalplace\n\nYour name:\nBye.\n"; got != want {
		t.Errorf("after the end:\n%s\nwant:\n%s", got, want)
	}
	for _, seq := range []string{ansi.ResetModeMouseButtonEvent, ansi.ResetModeMouseExtSgr, ansi.ResetModeBracketedPaste,
		ansi.SetModeTextCursorEnable, ansi.SetWindowTitle(""), ansi.PopKittyKeyboard(1)} {
		if !strings.Contains(out, seq) {
			t.Errorf("the end did not send %q: %q", seq, out)
		}
	}
}

func trimScreen(emu *vt.Emulator) string {
	var b strings.Builder
	for _, l := range strings.Split(screenText(emu), "\n") {
		if l = strings.TrimRight(l, " "); l != "" || b.Len() > 0 {
			b.WriteString(l + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// TestModesSetOnce: the first frame sets the view's modes and hides the
// cursor; later frames send only their changed lines.
func TestModesSetOnce(t *testing.T) {
	tm := newTerm(t, 20, 3, colorprofile.TrueColor)
	v := altView("one\ntwo\nthree")
	v.WindowTitle = "title"
	tm.show(v)
	first := tm.all.String() // with the empty frame drawn at the first size
	for _, seq := range []string{ansi.SetModeAltScreenSaveCursor, ansi.SetModeMouseButtonEvent, ansi.SetModeMouseExtSgr,
		ansi.SetModeBracketedPaste, ansi.ResetModeTextCursorEnable, ansi.SetWindowTitle("title"), ansi.PushKittyKeyboard(1)} {
		if !strings.Contains(first, seq) {
			t.Errorf("the first frame lacks %q: %q", seq, first)
		}
	}
	v.Content = "one\nTWO\nthree"
	if got, want := tm.shown(v), ansi.CursorPosition(1, 2)+"TWO"+ansi.EraseLineRight; got != want {
		t.Errorf("second frame %q, want %q", got, want)
	}
	if got := tm.shown(v); got != "" {
		t.Errorf("an unchanged frame sent %q", got)
	}
}

// TestCoalesces: messages that come together make one frame; a frame
// just after another is drawn at once too (the burst); beyond it, frames
// wait for the budget, and a stream of messages gets 60 frames a second.
func TestCoalesces(t *testing.T) {
	tm := newTerm(t, 20, 3, colorprofile.TrueColor)
	clock := time.Unix(100, 0)
	tm.m.now = func() time.Time { return clock }

	// Three messages before the program delivers the frame asked for with
	// the first: one frame, of the last.
	tm.m.Update(setView(altView("a")))
	tm.m.Update(setView(altView("b")))
	tm.m.Update(setView(altView("c")))
	if tm.out.Len() > 0 {
		t.Fatalf("drawn before the frame: %q", tm.out.String())
	}
	tm.frame()
	if out := tm.flush(); trimScreen(tm.emu) != "c\n" || strings.ContainsAny(out, "ab") {
		t.Fatalf("one frame of c: %q shows %q", out, trimScreen(tm.emu))
	}
	clock = clock.Add(time.Millisecond)
	tm.show(altView("d"))
	if trimScreen(tm.emu) != "d\n" || tm.held() {
		t.Fatalf("the burst's second frame not drawn at once: %q", trimScreen(tm.emu))
	}
	for _, s := range []string{"e", "f", "g"} {
		tm.show(altView(s))
		if !tm.held() || trimScreen(tm.emu) != "d\n" {
			t.Fatalf("%s drawn beyond the burst", s)
		}
	}
	if tm.wait <= 0 || tm.wait > Interval {
		t.Fatalf("the frame waits %v", tm.wait)
	}
	clock = clock.Add(tm.wait)
	tm.tick()
	if trimScreen(tm.emu) != "g\n" {
		t.Errorf("after the frame: %q", trimScreen(tm.emu))
	}

	// A message a millisecond for a second.
	clock = clock.Add(time.Second)
	frames, due := 0, time.Time{}
	for i := range 1000 {
		clock = clock.Add(time.Millisecond)
		if tm.held() && !clock.Before(due) {
			tm.tick()
			frames++
		}
		n := tm.all.Len()
		tm.show(altView(fmt.Sprint(i)))
		if tm.held() && due.Before(clock) {
			due = clock.Add(tm.wait)
		}
		if tm.all.Len() > n {
			frames++
		}
	}
	if frames < 55 || frames > 62 {
		t.Errorf("%d frames in a second of messages, want about 60", frames)
	}
}

// TestCursor: a view that places the cursor has it there and shown;
// one that does not hides it again.
func TestCursor(t *testing.T) {
	tm := newTerm(t, 20, 5, colorprofile.TrueColor)
	v := altView("name: Kim\nwhy: ")
	v.Cursor = tea.NewCursor(5, 1)
	out := tm.shown(v)
	if pos := tm.emu.CursorPosition(); pos.X != 5 || pos.Y != 1 {
		t.Errorf("cursor at %v, want 5,1", pos)
	}
	if !strings.HasSuffix(out, ansi.SetModeTextCursorEnable) {
		t.Errorf("the cursor is not shown at the end of the frame: %q", out)
	}
	v.Cursor = nil
	if out := tm.shown(v); !strings.Contains(out, ansi.ResetModeTextCursorEnable) {
		t.Errorf("the cursor is not hidden again: %q", out)
	}
}

// TestTerminalReports: the terminal's answers change how frames are
// sent: synchronized output wraps each frame that changes something, a
// better colour profile redraws the screen in it, and a view's own mouse
// handler sees the mouse.
func TestTerminalReports(t *testing.T) {
	tm := newTerm(t, 20, 3, colorprofile.ANSI256)
	red := lipgloss.NewStyle().Foreground(lipgloss.Color("#d70000")).Render("red")
	v := altView(red)
	var clicked tea.Mouse
	v.OnMouse = func(msg tea.MouseMsg) tea.Cmd {
		clicked = msg.Mouse()
		return func() tea.Msg { return nil }
	}
	tm.show(v)
	if out := tm.all.String(); !strings.Contains(out, ansi.RequestModeSynchronizedOutput) || strings.Contains(out, "38;2;") {
		t.Errorf("first frames %q: no query for synchronized output, or true colour on a 256-colour terminal", out)
	}
	tm.send(tea.ModeReportMsg{Mode: ansi.ModeSynchronizedOutput, Value: ansi.ModeReset})
	tm.send(tea.ColorProfileMsg{Profile: colorprofile.TrueColor})
	tm.show(v)
	out := tm.all.String()
	if i := strings.LastIndex(out, "38;2;215;0;0m"); i < 0 || !strings.Contains(out[:i], ansi.SetModeSynchronizedOutput) ||
		!strings.HasSuffix(out, ansi.ResetModeSynchronizedOutput) {
		t.Errorf("after the reports: %q", out)
	}
	n := tm.all.Len()
	tm.show(v)
	if tm.all.Len() != n {
		t.Errorf("an unchanged frame sent %q", tm.all.String()[n:])
	}
	if cmd := tm.send(tea.MouseClickMsg{X: 2, Y: 0, Button: tea.MouseLeft}); cmd == nil || clicked.X != 2 {
		t.Errorf("the view's mouse handler saw %+v", clicked)
	}
	v.KeyboardEnhancements.ReportEventTypes = true
	if out := tm.shown(v); !strings.Contains(out, ansi.KittyKeyboard(1|ansi.KittyReportEventTypes, 1)) {
		t.Errorf("keyboard enhancements not asked for: %q", out)
	}
}

// TestInlineEnd: a program that ends inline (the lobby left with esc)
// leaves its frame but for the last line, where what follows is written.
func TestInlineEnd(t *testing.T) {
	tm := newTerm(t, 30, 6, colorprofile.TrueColor)
	tm.emu.WriteString("$ ssh -t host\r\n")
	tm.show(tea.NewView("totalplace\nWorkshop code:\n> ab\nenter to go on · esc to leave"))
	if err := tm.m.Close(); err != nil {
		t.Fatal(err)
	}
	tm.flush()
	tm.emu.WriteString("$ ")
	if got, want := trimScreen(tm.emu), "$ ssh -t host\ntotalplace\nWorkshop code:\n> ab\n$\n"; got != want {
		t.Errorf("after the end:\n%s\nwant:\n%s", got, want)
	}
}
