package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// ASCII screens are for terminals whose locale is not UTF-8 (LANG=C, a
// Latin-1 locale): £, block bars and box lines would show as junk there.
// Options.ASCII draws every glyph in ASCII instead. The parts laid out in
// columns (the board, the ledger, the compared scenarios) choose ASCII
// forms where they are drawn (Styles.ASCII); everything else is turned
// into ASCII a line at a time, as the screen is put together, by
// asciiLines. No byte above 0x7f reaches the terminal.

// LocaleIsASCII reports whether a terminal with environment env
// ("KEY=value" pairs, as os.Environ or an SSH session gives them) needs
// the ASCII screen: the first of LC_ALL, LC_CTYPE and LANG that is set
// decides, and it needs ASCII unless it names UTF-8. With none set the
// terminal is taken to be UTF-8, as nearly all are.
func LocaleIsASCII(env []string) bool {
	vals := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vals[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := vals[k]; v != "" {
			v = strings.ToLower(v)
			return !strings.Contains(v, "utf-8") && !strings.Contains(v, "utf8")
		}
	}
	return false
}

// asciiSame maps each glyph the screen uses to ASCII of the same width,
// so a line keeps its columns.
var asciiSame = map[string]string{
	glyphMovable: "#", glyphFixed: ":", "░": ".", "▓": "+",
	glyphLock: "X", glyphPartFixed: "x", glyphPrev: "*",
	"▸": ">", "■": "=", arrowUp: "^", arrowDown: "v", "●": "*", "○": "o",
	"│": "|", "┃": "|", "─": "-", "━": "-", "╭": "+", "╮": "+", "╰": "+", "╯": "+",
	"┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
	"·": "-", "•": "-", "−": "-", "–": "-", "—": "-", "‐": "-",
	"“": `"`, "”": `"`, "‘": "'", "’": "'", "«": `"`, "»": `"`,
	"±": "~", "×": "x", "✗": "!", "✓": "+", "°": "o",
	"↑": "^", "↓": "v", "→": ">", "←": "<",
	"▀": `"`, "▄": "_", "▁": "v", "▂": "v", "▃": "v", "▅": "^", "▆": "^", "▇": "^",
	"£": "#", "€": "E", "…": ".", "\u00a0": " ",
}

// asciiLonger are the clearer forms a line uses when it has the room.
var asciiLonger = map[string]string{"→": "->", "←": "<-", "£": "GBP", "…": "..."}

// asciiKeys names arrow keys in words, where a line has the room: an
// arrow alone reads as "to", not as a key.
var asciiKeys = strings.NewReplacer(
	"shift+↑/↓", "shift+up/down", "shift+↑", "shift+up", "shift+↓", "shift+down",
	"↑/↓", "up/down", "←/→", "left/right", "← →", "left/right", "↑/k", "up/k", "↓/j", "down/j",
)

// asciiLines turns every line of s into ASCII in at most w cells. A line
// beside another column (prose false) keeps every cell where it is; a
// line of prose may lose the £ before a figure (the unit is named GBP
// where it matters) and, when it has the room, spells arrows, ellipses
// and a lone £ out in full.
func asciiLines(s string, w int, prose bool) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			l = ansi.Truncate(l, w, "…")
		}
		if prose {
			long := asciiLine(l, true, true)
			if over := ansi.StringWidth(long) - w; over > 0 {
				long = trimTrailingSpaces(long, over) // the padding of a wrapped line
			}
			if ansi.StringWidth(long) <= w {
				lines[i] = long
				continue
			}
		}
		lines[i] = asciiLine(l, prose, false)
	}
	return strings.Join(lines, "\n")
}

// asciiLine turns one line into ASCII: escape sequences pass as they are,
// text through asciiSame. With shorten, £ before a digit goes; with
// longer, asciiLonger is used where it has a form (… only at the end of
// the line), and arrow keys are named in words. Otherwise an ellipsis
// that ends cut text takes the two cells before it ("Early he…" →
// "Early ..."), so it reads as one. A glyph
// without an ASCII form is "?".
func asciiLine(s string, shorten, longer bool) string {
	if longer {
		s = asciiKeys.Replace(s)
	}
	var out []byte
	var text []int // where in out each cell of text begins
	state := byte(ansi.NormalState)
	rest := s
	for len(rest) > 0 {
		seq, width, n, newState := ansi.DecodeSequenceWc(rest, state, nil)
		state, rest = newState, rest[n:]
		if n == 0 {
			break
		}
		if c := seq[0]; c < 0x20 || c == 0x7f {
			out = append(out, seq...) // an escape sequence or a control
			continue
		}
		if isASCII(seq) {
			text = append(text, len(out))
			out = append(out, seq...)
			continue
		}
		rep, ok := asciiSame[seq]
		switch {
		case seq == "£" && shorten && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9':
			continue // "£5m" is "5m": the unit is named where it matters
		case longer && seq == "…" && strings.TrimSpace(ansi.Strip(rest)) == "":
			rep = asciiLonger[seq]
		case longer && seq != "…" && asciiLonger[seq] != "":
			rep = asciiLonger[seq]
		case seq == "…":
			if k := len(text); k >= 2 {
				out[text[k-1]], out[text[k-2]] = '.', '.'
			}
		case !ok:
			rep = strings.Repeat("?", width)
		}
		for i := range len(rep) {
			text = append(text, len(out)+i)
		}
		out = append(out, rep...)
	}
	return string(out)
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// trimTrailingSpaces takes up to n spaces off the end of s's text,
// leaving its escape sequences.
func trimTrailingSpaces(s string, n int) string {
	type span struct{ at, n int }
	var spaces []span // the text's trailing spaces, by byte offset
	state, at := byte(ansi.NormalState), 0
	for at < len(s) {
		seq, width, k, newState := ansi.DecodeSequence(s[at:], state, nil)
		if k == 0 {
			break
		}
		switch {
		case seq == " ":
			spaces = append(spaces, span{at, k})
		case width > 0:
			spaces = spaces[:0]
		}
		state, at = newState, at+k
	}
	if len(spaces) > n {
		spaces = spaces[len(spaces)-n:]
	}
	for i := len(spaces) - 1; i >= 0; i-- {
		s = s[:spaces[i].at] + s[spaces[i].at+spaces[i].n:]
	}
	return s
}

// ascii is asciiLines on this screen, when it is an ASCII one; s as it is
// otherwise.
func (m *Model) ascii(s string, w int, prose bool) string {
	if !m.com.ascii {
		return s
	}
	return asciiLines(s, w, prose)
}
