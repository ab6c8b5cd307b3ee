// Package linedraw draws a Bubble Tea program's views itself, rewriting
// only the lines that changed, in place of Bubble Tea's own renderer.
//
// Why it exists: on the workshop server every participant's screen is a
// program of its own, and every move redraws all of them. Bubble Tea v2's
// cell renderer clears a cell buffer, parses the whole view string into
// cells, then hashes and diffs every cell, each frame: with 200 SSH
// participants that was about 83% of the server's CPU (0.45-0.7 ms a frame
// at 120x40). A workshop screen is a full-window frame of styled lines,
// most of them the same from one frame to the next, so comparing lines as
// strings and rewriting the changed ones does the same work for a
// fraction of the CPU and memory. Measured with
// go test ./server -run XXX -bench 'Participants/200' -benchtime 200x
// (2 cores shared with the 200 clients), a move until every screen shows
// it, p50 / p99, and resident memory a participant:
//
//	         cell renderer                    this
//	80x24    53-62 / 118-149 ms, 1.2-1.4 MiB  17-23 / 35-56 ms, 0.61-0.66 MiB
//	120x40   78-84 / 183-212 ms, 2.2-2.4 MiB  18-30 / 40-70 ms, 0.65-0.75 MiB
//
// on a quiet machine; with other tests running on the same cores the
// cell renderer reached 89 / 277 and 145 / 368 ms, this 30 / 76 and
// 42 / 113 ms. The solo terminal app keeps Bubble Tea's renderer: one
// screen has no such cost.
//
// A Model wraps the program's model; the program is built with
// tea.WithoutRenderer and tea.WithOutput(m.Output()), and the Model
// attached to it (Attach). Without its renderer Bubble Tea also leaves the
// terminal's modes alone (no raw mode), so this is for a terminal at the
// far end of a connection: on the server, an SSH session's emulated PTY.
// Frames are drawn on
// the program's goroutine (the wrapped model is not safe to use from
// another), when a frame message comes back to Update: a message asks for
// one at once, queued behind the messages already waiting, so that
// messages that come together make one frame (a move reaches a screen as
// a change of state and a change of who is doing what, a fraction of a
// millisecond apart). Frames are also held to 60 a second on average, by
// a budget that allows Burst back to back: a move just after a frame is
// drawn at once, not a frame interval later, and a stream of changes
// (someone dragging, with everyone's status line saying so) costs each
// screen at most 60 frames a second.
//
// It honours the tea.View fields a full-window app relies on: Content,
// AltScreen (and inline frames, as the server's lobby draws), MouseMode,
// WindowTitle, DisableBracketedPasteMode, ReportFocus,
// KeyboardEnhancements, Cursor (position, shape, visibility) and OnMouse.
// It leaves out BackgroundColor, ForegroundColor, Cursor.Color,
// ProgressBar and ProgramStatus, which nothing here sets.
//
// Only printable text and SGR (style) sequences of a view reach the
// terminal, SGR downsampled to the terminal's colour profile: a view may
// hold text participants typed, and the cell renderer never passed their
// OSC sequences (a window title, the clipboard) on to everyone else's
// terminal either. It did pass hyperlinks (OSC 8) and DCS/APC strings
// (images); nothing here draws those, and they are dropped too.
package linedraw

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/parser"
)

// Interval is the average time between frames at the most: Bubble Tea's
// own default of 60 frames a second.
const Interval = time.Second / 60

// Burst is how many frames may be drawn back to back.
const Burst = 2

// Options are what a Model knows of its terminal before any message.
type Options struct {
	// Profile is the terminal's colour profile. The program also sends it
	// as a tea.ColorProfileMsg, but perhaps only after the first frame.
	Profile colorprofile.Profile
	// Environ is the terminal's environment (TERM, TERM_PROGRAM...), to
	// decide whether to ask it for synchronized output as Bubble Tea does.
	Environ []string
}

// Model is a tea.Model drawing the views of the model it wraps.
type Model struct {
	inner tea.Model
	opts  Options

	mu  sync.Mutex // one writer at a time: frames, and the program's own queries
	out io.Writer

	now      func() time.Time
	interval time.Duration
	after    func(time.Duration) // has a frameMsg sent after a wait
	send     func(tea.Msg)       // the program's Send

	profile       colorprofile.Profile
	width, height int
	syncd         bool // the terminal does synchronized output (mode 2026)
	unicode       bool // the terminal was put in grapheme width mode (2027)

	last    *tea.View // the settings in force (Content unused); nil before the first frame
	rows    []string  // what each row shows: the screen's (alt screen) or the inline frame's
	inline  inline    // the inline frame, kept while the alt screen shows
	redraw  bool      // the next frame rewrites every row
	dirty   bool      // a message came since the last frame
	pending bool      // a frameMsg is on its way
	budget  float64   // frames that may be drawn now (up to Burst)
	filled  time.Time // when budget was last topped up
	closed  bool

	buf    []byte
	sgr    bytes.Buffer
	cw     colorprofile.Writer
	parser *ansi.Parser
	sgrs   map[string]string // SGR sequences as downsampled to profile
}

// newParser is a parser for styles alone: ansi.NewParser's would also
// keep 64 KiB a screen for the data of sequences this drops anyway.
func newParser() *ansi.Parser {
	p := new(ansi.Parser)
	p.SetParamsSize(parser.MaxParamsSize)
	p.SetDataSize(0)
	return p
}

// inline is where the cursor is in an inline frame.
type inline struct {
	rows   []string
	row    int // the cursor's row, from the frame's first
	lines  int // the frame's lines, as last drawn
	bottom int // rows of the frame on the terminal (the cursor can go down to them without scrolling)
}

// frameMsg asks for the frame that coalesced messages are waiting for.
type frameMsg struct{}

// frameAfter has a frameMsg sent to the program after d, or at once
// (behind the messages already waiting to be sent to it). Not a command:
// returned with the wrapped model's own, it would be batched with them,
// and Bubble Tea keeps a goroutine a batch until its slowest command (a
// wait for the workshop's next change) returns.
func (m *Model) frameAfter(d time.Duration) {
	send := m.send
	if d <= 0 {
		go send(frameMsg{})
		return
	}
	time.AfterFunc(d, func() { send(frameMsg{}) })
}

// New wraps inner, drawing its views to out.
func New(inner tea.Model, out io.Writer, opts Options) *Model {
	m := &Model{inner: inner, opts: opts, out: out, now: time.Now, interval: Interval,
		profile: opts.Profile, parser: newParser()}
	m.after = m.frameAfter
	m.cw.Forward = &m.sgr
	return m
}

// Attach gives the Model the program it runs in, which frames are sent
// to. Call it before the program runs.
func (m *Model) Attach(p *tea.Program) { m.send = p.Send }

// Output is the writer the program must be given (tea.WithOutput), so that
// its own output (terminal queries) never lands inside a frame.
func (m *Model) Output() io.Writer { return lockedWriter{m} }

type lockedWriter struct{ m *Model }

func (w lockedWriter) Write(b []byte) (int, error) {
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	return w.m.out.Write(b)
}

// Inner is the wrapped model.
func (m *Model) Inner() tea.Model { return m.inner }

func (m *Model) Init() tea.Cmd { return m.inner.Init() }

// View is empty: Bubble Tea's renderer is off and this model draws.
func (m *Model) View() tea.View { return tea.View{} }

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	switch msg := msg.(type) {
	case frameMsg:
		m.pending = false
		if m.dirty {
			m.draw() // asked for when the budget allowed it, or for when it would
		}
		return m, nil
	case tea.WindowSizeMsg:
		if msg.Width != m.width || msg.Height != m.height {
			m.width, m.height = msg.Width, msg.Height
			m.redraw = true
		}
	case tea.ColorProfileMsg:
		if msg.Profile != m.profile {
			m.profile, m.sgrs = msg.Profile, nil
			m.redraw = true
		}
	case tea.ModeReportMsg:
		m.modeReport(msg)
	case tea.MouseClickMsg, tea.MouseReleaseMsg, tea.MouseWheelMsg, tea.MouseMotionMsg:
		// What Bubble Tea's renderer does with the view it last drew.
		if m.last != nil && m.last.OnMouse != nil {
			cmds = append(cmds, m.last.OnMouse(msg.(tea.MouseMsg)))
		}
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	cmds = append(cmds, cmd)
	m.dirty = true
	if !m.pending {
		m.pending = true
		m.after(m.wait())
	}
	return m, tea.Batch(cmds...)
}

// wait is how long until the frame budget allows a frame, topping it up
// for the time since it last was.
func (m *Model) wait() time.Duration {
	now := m.now()
	if m.filled.IsZero() {
		m.budget = Burst
	} else {
		m.budget = min(Burst, m.budget+float64(now.Sub(m.filled))/float64(m.interval))
	}
	m.filled = now
	if m.budget >= 1 {
		return 0
	}
	return time.Duration((1 - m.budget) * float64(m.interval))
}

func (m *Model) modeReport(msg tea.ModeReportMsg) {
	switch msg.Mode {
	case ansi.ModeSynchronizedOutput:
		if msg.Value == ansi.ModeReset {
			m.syncd = true // supported, and off between frames
		}
	case ansi.ModeUnicodeCore:
		if msg.Value == ansi.ModeReset || msg.Value == ansi.ModeSet || msg.Value == ansi.ModePermanentlySet {
			// Bubble Tea turns it on when the terminal knows it: widths are
			// then graphemes', as lipgloss and this renderer count them.
			if !m.unicode && !m.closed {
				m.unicode = true
				m.write([]byte(ansi.SetModeUnicodeCore))
			}
		}
	}
}

// Close draws the last frame if one is due and puts the terminal back as
// it was: main screen, cursor shown, mouse and paste modes off. Call it
// once the program has ended (the wrapped model is then idle).
func (m *Model) Close() error {
	if m.closed {
		return nil
	}
	if m.dirty {
		m.draw()
	}
	m.closed = true
	lv := m.last
	if lv == nil {
		return nil
	}
	b := m.buf[:0]
	b = append(b, ansi.ResetModifyOtherKeys...)
	b = append(b, ansi.PopKittyKeyboard(1)...)
	if lv.AltScreen {
		b = append(b, ansi.ResetModeAltScreenSaveCursor...)
		m.rows = m.inline.rows
	}
	if !lv.AltScreen || m.inline.bottom > 0 {
		// As the cell renderer does, the inline frame's last line (a
		// prompt, a hint) is given to whatever is written next.
		b = m.moveRow(b, max(m.inline.lines-1, 0))
		b = append(b, '\r')
		b = append(b, ansi.EraseScreenBelow...)
	}
	if lv.Cursor == nil {
		b = append(b, ansi.SetModeTextCursorEnable...)
	} else if s := cursorStyle(lv.Cursor); s != 0 && s != 1 {
		b = append(b, ansi.SetCursorStyle(0)...)
	}
	if !lv.DisableBracketedPasteMode {
		b = append(b, ansi.ResetModeBracketedPaste...)
	}
	if lv.ReportFocus {
		b = append(b, ansi.ResetModeFocusEvent...)
	}
	if lv.MouseMode != tea.MouseModeNone {
		b = append(b, ansi.ResetModeMouseButtonEvent+ansi.ResetModeMouseAnyEvent+ansi.ResetModeMouseExtSgr...)
	}
	if lv.WindowTitle != "" {
		b = append(b, ansi.SetWindowTitle("")...)
	}
	if m.unicode {
		b = append(b, ansi.ResetModeUnicodeCore...)
	}
	m.buf = b
	return m.write(b)
}

func (m *Model) write(b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, err := m.out.Write(b)
	return err
}

// draw writes the inner model's view as it differs from what the
// terminal shows.
func (m *Model) draw() {
	if m.closed || m.width <= 0 || m.height <= 0 {
		return
	}
	m.wait() // top up for the time since the frame was asked for
	m.dirty = false
	m.budget--
	v := m.inner.View()
	b := m.buf[:0]
	first := m.last == nil
	switchScreen := first || v.AltScreen != m.last.AltScreen
	if first && shouldQuerySync(m.opts.Environ) {
		b = append(b, ansi.RequestModeSynchronizedOutput+ansi.RequestModeUnicodeCore...)
	}
	if switchScreen {
		if !first {
			// Each screen has its own keyboard mode stack.
			b = append(b, ansi.ResetModifyOtherKeys...)
			b = append(b, ansi.PopKittyKeyboard(1)...)
		}
		if v.AltScreen {
			b = append(b, ansi.SetModeAltScreenSaveCursor...)
			m.inline.rows, m.rows = m.rows, nil
		} else if !first {
			b = append(b, ansi.ResetModeAltScreenSaveCursor...)
			m.rows, m.inline.rows = m.inline.rows, nil
		}
		m.redraw = true
		b = append(b, ansi.SetModifyOtherKeys2...)
		b = append(b, ansi.PushKittyKeyboard(kittyFlags(v.KeyboardEnhancements))...)
		b = append(b, ansi.RequestKittyKeyboard...)
	} else if v.KeyboardEnhancements != m.last.KeyboardEnhancements {
		b = append(b, ansi.SetModifyOtherKeys2...)
		b = append(b, ansi.KittyKeyboard(kittyFlags(v.KeyboardEnhancements), 1)...)
		b = append(b, ansi.RequestKittyKeyboard...)
	}
	b = m.modes(b, &v, first)
	// The cursor is hidden while a frame draws, and (as Bubble Tea does)
	// stays hidden unless the view places it; a screen switch may have
	// its own cursor state.
	showCursor := v.Cursor != nil
	wasShown := !first && m.last.Cursor != nil
	if showCursor && !switchScreen && wasShown {
		b = append(b, ansi.ResetModeTextCursorEnable...)
	} else if !showCursor && (switchScreen || wasShown) {
		b = append(b, ansi.ResetModeTextCursorEnable...)
	}
	start := len(b)
	if m.syncd {
		b = append(b, ansi.SetModeSynchronizedOutput...)
	}
	body := len(b)
	if v.AltScreen {
		b = m.drawAlt(b, v.Content)
	} else {
		b = m.drawInline(b, v.Content)
	}
	changed := len(b) > body
	if c := v.Cursor; c != nil {
		if v.AltScreen {
			b = append(b, ansi.CursorPosition(c.X+1, c.Y+1)...)
		} else {
			b = m.moveRow(b, min(max(c.Y, 0), max(len(m.rows)-1, 0)))
			b = append(b, ansi.CursorHorizontalAbsolute(c.X+1)...)
		}
		if s := cursorStyle(c); first || s != cursorStyle(m.last.Cursor) {
			b = append(b, ansi.SetCursorStyle(s)...)
		}
		b = append(b, ansi.SetModeTextCursorEnable...)
	}
	if m.syncd {
		if changed {
			b = append(b, ansi.ResetModeSynchronizedOutput...)
		} else {
			b = append(b[:start], b[body:]...)
		}
	}
	m.buf = b
	settings := v
	settings.Content = ""
	m.last = &settings
	if len(b) > 0 {
		_ = m.write(b) // a dropped connection ends the program by itself
	}
}

// modes writes the terminal modes the view changed.
func (m *Model) modes(b []byte, v *tea.View, first bool) []byte {
	lv := m.last
	if first || v.DisableBracketedPasteMode != lv.DisableBracketedPasteMode {
		if !v.DisableBracketedPasteMode {
			b = append(b, ansi.SetModeBracketedPaste...)
		} else if !first {
			b = append(b, ansi.ResetModeBracketedPaste...)
		}
	}
	if first || v.ReportFocus != lv.ReportFocus {
		if v.ReportFocus {
			b = append(b, ansi.SetModeFocusEvent...)
		} else if !first {
			b = append(b, ansi.ResetModeFocusEvent...)
		}
	}
	if first || v.MouseMode != lv.MouseMode {
		switch v.MouseMode {
		case tea.MouseModeNone:
			if !first {
				b = append(b, ansi.ResetModeMouseButtonEvent+ansi.ResetModeMouseAnyEvent+ansi.ResetModeMouseExtSgr...)
			}
		case tea.MouseModeCellMotion:
			if !first && lv.MouseMode == tea.MouseModeAllMotion {
				b = append(b, ansi.ResetModeMouseAnyEvent...)
			}
			b = append(b, ansi.SetModeMouseButtonEvent+ansi.SetModeMouseExtSgr...)
		case tea.MouseModeAllMotion:
			if !first && lv.MouseMode == tea.MouseModeCellMotion {
				b = append(b, ansi.ResetModeMouseButtonEvent...)
			}
			b = append(b, ansi.SetModeMouseAnyEvent+ansi.SetModeMouseExtSgr...)
		}
	}
	if (first && v.WindowTitle != "") || (!first && v.WindowTitle != lv.WindowTitle) {
		b = append(b, ansi.SetWindowTitle(ansi.Strip(v.WindowTitle))...)
	}
	return b
}

// drawAlt draws a full-window frame: rows from the top of the screen,
// those past its height cut off, as Bubble Tea does.
func (m *Model) drawAlt(b []byte, content string) []byte {
	if m.redraw || len(m.rows) != m.height {
		m.redraw = false
		b = append(b, ansi.CursorHomePosition+ansi.EraseEntireScreen...)
		m.rows = make([]string, m.height) // every row blank
	}
	rest := content
	for y := range m.height {
		var line string
		if rest != "" {
			line, rest, _ = strings.Cut(rest, "\n")
		}
		if m.rows[y] == line {
			continue
		}
		b = append(b, ansi.CursorPosition(1, y+1)...)
		b = m.appendLine(b, line)
		m.rows[y] = line
	}
	return b
}

// drawInline draws a frame below where the cursor was when the program
// started, as tall as its lines (the last screenful of them), scrolling
// the terminal as it grows.
func (m *Model) drawInline(b []byte, content string) []byte {
	lines := strings.Split(content, "\n")
	if content == "" {
		lines = nil
	}
	if len(lines) > m.height {
		lines = lines[len(lines)-m.height:]
	}
	m.inline.lines = len(lines)
	if m.redraw {
		m.redraw = false
		b = m.moveRow(b, 0)
		b = append(b, '\r')
		b = append(b, ansi.EraseScreenBelow...)
		for i := range m.rows {
			m.rows[i] = ""
		}
	}
	for y := range max(len(lines), len(m.rows)) {
		var line string
		if y < len(lines) {
			line = lines[y]
		}
		if y < len(m.rows) && m.rows[y] == line {
			continue
		}
		b = m.moveRow(b, y)
		b = append(b, '\r')
		b = m.appendLine(b, line)
		m.rows[y] = line
	}
	return b
}

// moveRow moves the cursor to row y of the inline frame, making the row
// (scrolling if need be) when the frame has not reached it yet.
func (m *Model) moveRow(b []byte, y int) []byte {
	in := &m.inline
	if in.bottom == 0 {
		in.bottom = 1 // the row the cursor starts on
		m.rows = append(m.rows[:0], "")
	}
	switch {
	case y < in.row:
		b = append(b, ansi.CursorUp(in.row-y)...)
	case y < in.bottom:
		if y > in.row {
			b = append(b, ansi.CursorDown(y-in.row)...)
		}
	default:
		if in.row < in.bottom-1 {
			b = append(b, ansi.CursorDown(in.bottom-1-in.row)...)
		}
		for ; in.bottom <= y; in.bottom++ {
			b = append(b, "\r\n"...)
			m.rows = append(m.rows, "")
		}
	}
	in.row = y
	return b
}

// appendLine writes one line of a view from the cursor: its printable
// text, cut at the window's width, and its styles as the terminal's
// profile allows, then clears the rest of the row. Nothing else of the
// line reaches the terminal.
func (m *Model) appendLine(b []byte, line string) []byte {
	if plain(line) {
		if len(line) > m.width {
			line = line[:m.width]
		}
		b = append(b, line...)
		if len(line) < m.width {
			// Not when the line fills the row: the cursor then still
			// stands on its last cell, which erasing would blank.
			b = append(b, ansi.EraseLineRight...)
		}
		return b
	}
	cells, styled := 0, false
	p := m.parser
	for rest := line; rest != ""; {
		if n := asciiRun(rest); n > 0 {
			// Printable ASCII is one cell a byte: no need to find graphemes.
			run := rest[:min(n, m.width-cells)]
			b = append(b, run...)
			cells += len(run)
			rest = rest[n:]
			if len(run) < n {
				rest = "" // cut: the rest would wrap onto the next row
			}
			continue
		}
		seq, w, n, _ := ansi.DecodeSequence(rest, 0, p)
		rest = rest[n:]
		switch {
		case w > 0:
			if cells+w > m.width {
				// Cut: the rest would wrap onto the next row. A wide
				// character straddling the edge leaves its first half's
				// cells blank in its style, as the cell renderer does.
				for ; cells < m.width; cells++ {
					b = append(b, ' ')
				}
				rest = ""
				continue
			}
			b = append(b, seq...)
			cells += w
		case seq == "\t" && cells < m.width:
			b = append(b, ' ')
			cells++
		case ansi.HasCsiPrefix(seq) && p.Command() == 'm':
			b = append(b, m.style(seq)...)
			styled = true
		}
		// Anything else (controls, other sequences) is dropped.
	}
	if styled {
		// The styles end with the line, and are not the erased cells'.
		b = append(b, "\x1b[m"...)
	}
	if cells < m.width {
		b = append(b, ansi.EraseLineRight...)
	}
	return b
}

// asciiRun is the length of the printable ASCII that s starts with, but
// for a last byte that may begin a grapheme with what follows it.
func asciiRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x7e {
		n++
	}
	if n < len(s) && s[n] >= 0x80 {
		n--
	}
	return max(n, 0)
}

// plain reports whether s is printable ASCII alone.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// style is an SGR sequence as the terminal's colour profile shows it:
// as it is in true colour, nearest colours in 256 or 16, attributes alone
// without colour (NO_COLOR), nothing without a terminal.
func (m *Model) style(seq string) string {
	switch {
	case m.profile == colorprofile.TrueColor:
		return seq
	case m.profile <= colorprofile.NoTTY:
		return ""
	}
	if s, ok := m.sgrs[seq]; ok {
		return s
	}
	m.sgr.Reset()
	m.cw.Profile = m.profile
	_, _ = m.cw.Write([]byte(seq))
	s := m.sgr.String()
	if m.sgrs == nil || len(m.sgrs) >= maxStyles {
		m.sgrs = make(map[string]string) // styles typed in text could be endless
	}
	m.sgrs[seq] = s
	return s
}

// maxStyles bounds the remembered downsampled styles. An app uses a few
// dozen.
const maxStyles = 512

func kittyFlags(ke tea.KeyboardEnhancements) int {
	flags := 1 // Bubble Tea always asks for basic disambiguation
	if ke.ReportEventTypes {
		flags |= ansi.KittyReportEventTypes
	}
	if ke.ReportAlternateKeys {
		flags |= ansi.KittyReportAlternateKeys
	}
	if ke.ReportAllKeysAsEscapeCodes {
		flags |= ansi.KittyReportAllKeysAsEscapeCodes
	}
	if ke.ReportAssociatedText {
		flags |= ansi.KittyReportAssociatedKeys
	}
	return flags
}

// cursorStyle is the DECSCUSR number for a cursor, 0 for none.
func cursorStyle(c *tea.Cursor) int {
	if c == nil {
		return 0
	}
	s := int(c.Shape)*2 + 1
	if !c.Blink {
		s++
	}
	return s
}

// shouldQuerySync is Bubble Tea's rule for asking a terminal whether it
// does synchronized output: not through an SSH session of its own (the
// answer may be the wrong terminal's), unless the terminal is known.
func shouldQuerySync(env []string) bool {
	get := func(k string) (string, bool) {
		for i := len(env) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(env[i], k+"="); ok {
				return v, true
			}
		}
		return "", false
	}
	termType, _ := get("TERM")
	termProg, okProg := get("TERM_PROGRAM")
	_, okSSH := get("SSH_TTY")
	_, okWT := get("WT_SESSION")
	return (!okProg && !okSSH) || okWT ||
		(okProg && !strings.Contains(termProg, "Apple") && !okSSH) ||
		strings.Contains(termType, "ghostty") || strings.Contains(termType, "wezterm") ||
		strings.Contains(termType, "alacritty") || strings.Contains(termType, "kitty") ||
		strings.Contains(termType, "rio")
}
