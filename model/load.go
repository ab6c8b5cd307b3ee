package model

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Problem is one thing wrong with a place file.
type Problem struct {
	File      string
	Line, Col int    // 1-based; Col counts characters, not bytes
	Path      string // key path such as silos[3].agency (0-based indexes), or empty
	Msg       string
}

// String formats the problem as FILE:LINE:COL: PATH: MSG, the form editors
// and compilers use, so a terminal or IDE can jump to it.
func (p Problem) String() string {
	if p.Path == "" {
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Col, p.Path, p.Msg)
}

// Problems is every problem found in a place file, in file order.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Load reads and parses a place file from disk.
func Load(path string) (*Place, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read place file: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and checks a place file (docs/place-format.md). name is used
// in messages. On any problem it returns nil and Problems, every one found,
// sorted by line then column: never a half-built place.
func Parse(name string, data []byte) (*Place, error) {
	return parse(name, data, true)
}

// parse is Parse, optionally without the fast path for rows, so tests can
// check both give the same answers.
func parse(name string, data []byte, fast bool) (*Place, error) {
	// Spreadsheet exports and Notepad start files with a byte-order mark;
	// it is not TOML, and nothing after it moves when it is dropped.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	l := &loader{name: name, data: data, doc: data}
	// go-toml parses an array as one expression whose nodes it keeps in one
	// growing arena, so England's 32,844 neighbourhood rows in one array
	// cost most of a second. When the rows are laid out as the format shows,
	// they are blanked out of the document (keeping every offset) and
	// decoded in chunks instead.
	if rows, ok := findRows(data); ok && fast {
		l.rows = rows
		l.doc = blankRows(data, rows)
	}
	var f placeFile
	if !l.decode(l.doc, &f, nil) {
		return nil, l.problems()
	}
	if l.rows.spans != nil && f.Neighbourhoods != nil {
		rows, ok := l.decodeRows()
		if !ok {
			return nil, l.problems()
		}
		f.Neighbourhoods.Rows = rows
	}
	p := l.convert(&f)
	if len(l.pending) > 0 {
		return nil, l.problems()
	}
	p.Index()
	return p, nil
}

// decode decodes doc strictly into v, turning go-toml's errors into
// problems. It reports false after a syntax or type error: go-toml stops
// there and what it decoded is partial, so checking it would only report
// noise. Unknown keys are found after a complete decode, so the checks still
// run after them (a misspelt key then also shows as a missing one).
// rowAt maps an offset in doc to the file's offset and path, for chunks of
// rows; nil for the document itself.
func (l *loader) decode(doc []byte, v any, rowAt func(off int, key []string) (int, string)) bool {
	dec := toml.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case err == nil:
		return true
	case errors.As(err, &strict):
		for i := range strict.Errors {
			off, path := l.locate(doc, &strict.Errors[i], rowAt)
			l.unknownKey(&strict.Errors[i], off, path)
		}
		return true
	case errors.As(err, &de):
		off, path := l.locate(doc, de, rowAt)
		l.decodeError(de, off, path)
	default:
		l.pending = append(l.pending, pending{off: 0, msg: err.Error()})
	}
	return false
}

// locate finds the file offset and key path of a go-toml error, which knows
// its line and byte column and its key without array indexes.
func (l *loader) locate(doc []byte, de *toml.DecodeError, rowAt func(int, []string) (int, string)) (int, string) {
	line, col := de.Position()
	off := offsetOf(doc, line, col)
	if key, ok := duplicateName(de); ok {
		off = duplicateKey(doc, off, key)
	}
	if rowAt != nil {
		return rowAt(off, de.Key())
	}
	if path, ok := l.index().byOffset[off]; ok {
		return off, path
	}
	return off, strings.Join(de.Key(), ".")
}

// pending is a problem whose position is found from its path (or a byte
// offset) only once the whole file has been checked, because finding
// positions means walking the document again.
type pending struct {
	path string
	off  int // byte offset, or -1 to look the path up
	msg  string
}

type loader struct {
	name    string
	data    []byte
	doc     []byte // data with the neighbourhood rows blanked, when rows is set
	rows    rowSpans
	pending []pending
	ix      *posIndex

	sources  map[string]string // id → path of its first definition
	agencies map[string]string
	silos    map[string]string
	outcomes map[string]string
	srcIDs   []string
	agIDs    []string
	siloIDs  []string
	outIDs   []string
	outRate  map[string]string // outcome id → rate_base
}

func (l *loader) add(path, format string, args ...any) {
	l.pending = append(l.pending, pending{path: path, off: -1, msg: fmt.Sprintf(format, args...)})
}

func (l *loader) index() *posIndex {
	if l.ix == nil {
		l.ix = buildPosIndex(l.data, l.doc, l.rows)
	}
	return l.ix
}

// problems resolves every pending problem to a position and sorts them.
func (l *loader) problems() Problems {
	ix := l.index()
	ps := make(Problems, len(l.pending))
	for i, q := range l.pending {
		off := q.off
		if off < 0 {
			off = ix.lookup(q.path)
		}
		line, col := ix.lineCol(off)
		ps[i] = Problem{File: l.name, Line: line, Col: col, Path: q.path, Msg: q.msg}
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	return ps
}

// line is the line of a path, for messages that point back at a first
// definition.
func (l *loader) line(path string) int {
	line, _ := l.index().lineCol(l.index().lookup(path))
	return line
}

// decodeError turns a go-toml syntax or type error into a problem with the
// key path and, for type errors, what was expected in the file's terms
// rather than Go's.
func (l *loader) decodeError(de *toml.DecodeError, off int, path string) {
	msg := strings.TrimPrefix(de.Error(), "toml: ")
	if m := typeErrRe.FindStringSubmatch(msg); m != nil {
		msg = "wrong type: got " + withTOMLArticle(m[1])
		if want := describeType(schemaAt(path)); want != "" {
			msg += ", expected " + want
		}
	} else if key, ok := duplicateName(de); ok {
		msg = fmt.Sprintf("%q is defined twice; each key may appear once per table", key)
	} else {
		msg = "invalid TOML: " + msg
	}
	l.pending = append(l.pending, pending{path: path, off: off, msg: msg})
}

var typeErrRe = regexp.MustCompile(`^cannot decode TOML (\w+) into `)

func withTOMLArticle(kind string) string {
	switch kind {
	case "integer":
		return "an integer"
	case "inline":
		return "an inline table"
	case "array":
		return "an array"
	}
	return "a " + kind
}

// unknownKey reports a key or table the format does not have, with the keys
// that are allowed there and a suggestion when one is close.
func (l *loader) unknownKey(de *toml.DecodeError, off int, path string) {
	parent, key := splitPath(path)
	what := "key"
	if strings.Contains(de.Error(), "missing table") {
		what = "table"
		if o, ok := l.index().at[path]; ok {
			off = o // the header's bracket, as for other tables
		}
	}
	msg := "unknown " + what
	allowed := fieldNames(schemaAt(parent))
	if s := closest(key, allowed); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	if len(allowed) > 0 {
		msg += " (expected one of: " + strings.Join(allowed, ", ") + ")"
	}
	l.pending = append(l.pending, pending{path: path, off: off, msg: msg})
}
