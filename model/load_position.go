package model

import (
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// posIndex maps key paths to byte offsets in the document, built by walking
// it with go-toml's unstable parser. Only files with problems need it, so a
// valid file never pays for it. Neighbourhood rows decoded in chunks are
// indexed one at a time, when a problem asks for one.
type posIndex struct {
	data       []byte
	lineStarts []int
	// at is where a path is defined: a key-value's value, a table's header
	// or an inline table's opening brace.
	at map[string]int
	// byOffset names the path of a key or value starting at an offset, to
	// put go-toml's errors (which know positions but not indexes) in terms
	// of paths.
	byOffset map[int]string
	rows     rowSpans
	rowDone  map[int]bool
}

// buildPosIndex indexes data by walking doc, which is data with the rows
// blanked out when rows is set (offsets are the same).
func buildPosIndex(data, doc []byte, rows rowSpans) *posIndex {
	ix := &posIndex{data: data, at: map[string]int{}, byOffset: map[int]string{}, lineStarts: []int{0},
		rows: rows, rowDone: map[int]bool{}}
	for i, c := range data {
		if c == '\n' {
			ix.lineStarts = append(ix.lineStarts, i+1)
		}
	}
	var p unstable.Parser
	p.Reset(doc)
	w := walker{ix: ix, src: doc}
	arrays := map[string]int{} // array of tables path → elements so far
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = w.header(e, arrays)
		case unstable.KeyValue:
			w.keyValue(table, e)
		}
	}
	return ix
}

// indexRow indexes one blanked neighbourhood row by parsing it alone.
func (ix *posIndex) indexRow(i int) {
	if ix.rowDone[i] || i < 0 || i >= len(ix.rows.spans) {
		return
	}
	ix.rowDone[i] = true
	sp := ix.rows.spans[i]
	src := append([]byte("r="), ix.data[sp[0]:sp[1]]...)
	var p unstable.Parser
	p.Reset(src)
	if p.NextExpression() {
		w := walker{ix: ix, src: src, delta: sp[0] - 2}
		w.value(rowsPath+"["+strconv.Itoa(i)+"]", p.Expression().Value(), 2)
	}
}

// walker records the positions of one parsed document: src is what the
// parser read, delta shifts its offsets to the file's.
type walker struct {
	ix    *posIndex
	src   []byte
	delta int
}

func (w walker) set(path string, off int) {
	w.ix.at[path] = off + w.delta
	w.ix.byOffset[off+w.delta] = path
}

// header resolves a [table] or [[array table]] header to its indexed path.
// As in TOML, a header below an array of tables belongs to its last element.
func (w walker) header(e *unstable.Node, arrays map[string]int) string {
	path := ""
	keyOff := -1
	it := e.Key()
	for it.Next() {
		k := it.Node()
		if keyOff < 0 {
			keyOff = int(k.Raw.Offset)
		}
		path = joinPath(path, string(k.Data))
		n, isArr := arrays[path]
		switch {
		case it.IsLast() && e.Kind == unstable.ArrayTable:
			arrays[path] = n + 1
			path += "[" + strconv.Itoa(n) + "]"
		case isArr:
			path += "[" + strconv.Itoa(n-1) + "]"
		}
	}
	// Point at the opening bracket, not the name.
	off := keyOff
	for off > 0 && (w.src[off-1] == '[' || w.src[off-1] == ' ' || w.src[off-1] == '\t') {
		off--
	}
	w.set(path, off)
	w.ix.byOffset[keyOff+w.delta] = path
	return path
}

func (w walker) keyValue(table string, e *unstable.Node) {
	path := table
	keyOff, keyEnd := -1, 0
	it := e.Key()
	for it.Next() {
		k := it.Node()
		if keyOff < 0 {
			keyOff = int(k.Raw.Offset)
		}
		keyEnd = int(k.Raw.Offset + k.Raw.Length)
		path = joinPath(path, string(k.Data))
		if !it.IsLast() {
			// A dotted key defines its parent tables where it first appears.
			if _, ok := w.ix.at[path]; !ok {
				w.ix.at[path] = keyOff + w.delta
			}
		}
	}
	w.ix.byOffset[keyOff+w.delta] = path
	w.value(path, e.Value(), w.afterEquals(keyEnd))
}

// afterEquals finds where a value starts after its key, for arrays, whose
// nodes carry no position.
func (w walker) afterEquals(off int) int {
	for off < len(w.src) && (w.src[off] == ' ' || w.src[off] == '\t') {
		off++
	}
	if off < len(w.src) && w.src[off] == '=' {
		off++
	}
	for off < len(w.src) && (w.src[off] == ' ' || w.src[off] == '\t') {
		off++
	}
	return off
}

func (w walker) value(path string, v *unstable.Node, fallback int) {
	off := fallback
	if v.Kind != unstable.Array {
		off = int(v.Raw.Offset)
	}
	w.set(path, off)
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				w.keyValue(path, c)
			}
		}
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind != unstable.Comment {
				w.value(path+"["+strconv.Itoa(i)+"]", c, off)
				i++
			}
		}
	}
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// lookup finds where a path is defined, or failing that its nearest
// defined parent: a missing key points at its table's header.
func (ix *posIndex) lookup(path string) int {
	if rest, ok := strings.CutPrefix(path, rowsPath+"["); ok && ix.rows.spans != nil {
		if n, _, ok := strings.Cut(rest, "]"); ok {
			if i, err := strconv.Atoi(n); err == nil {
				ix.indexRow(i)
			}
		}
	}
	for path != "" {
		if off, ok := ix.at[path]; ok {
			return off
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// lineCol turns a byte offset into a 1-based line and character column.
func (ix *posIndex) lineCol(off int) (int, int) {
	off = min(max(off, 0), len(ix.data))
	line := sort.Search(len(ix.lineStarts), func(i int) bool { return ix.lineStarts[i] > off })
	start := ix.lineStarts[line-1]
	return line, utf8.RuneCount(ix.data[start:off]) + 1
}

var duplicateRe = regexp.MustCompile(`^toml: key (.*) is already defined$`)

// duplicateName is the key go-toml says is defined twice, if that is the error.
func duplicateName(de *toml.DecodeError) (string, bool) {
	m := duplicateRe.FindStringSubmatch(de.Error())
	if m == nil {
		return "", false
	}
	return m[1], true
}

// duplicateKey finds the repeat of key that go-toml reported at off. go-toml
// points at the key of the whole top-level key/value, so a key repeated in
// an inline table, such as one neighbourhood row, would be reported where
// the table's key (or the rows array) starts. It returns the offset of the
// repeated key/value's key inside that value, or off when the repeat is the
// top-level key itself.
func duplicateKey(doc []byte, off int, key string) int {
	var p unstable.Parser
	p.Reset(doc)
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind != unstable.KeyValue {
			continue
		}
		// The parser reuses its nodes, so e is searched before moving on.
		it := e.Key()
		it.Next()
		switch k := int(it.Node().Raw.Offset); {
		case k == off:
			if d, ok := repeatIn(e.Value(), key); ok {
				return d
			}
			return off
		case k > off:
			return off
		}
	}
	return off
}

// repeatIn finds, in document order, the first key/value in an inline table
// within v that defines key again, as go-toml does: the same dotted key twice,
// or key as both a value and the table of a dotted key. It returns the offset
// of that key/value's first key, where the position index records its path.
func repeatIn(v *unstable.Node, key string) (int, bool) {
	switch v.Kind {
	case unstable.InlineTable:
		values, tables := map[string]bool{}, map[string]bool{}
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			if kv.Kind != unstable.KeyValue {
				continue
			}
			path, start, again := "", -1, false
			ki := kv.Key()
			for ki.Next() {
				k := ki.Node()
				if start < 0 {
					start = int(k.Raw.Offset)
				}
				path += "\x00" + string(k.Data)
				same := string(k.Data) == key
				if ki.IsLast() {
					again = again || same && (values[path] || tables[path])
					values[path] = true
				} else {
					again = again || same && values[path]
					tables[path] = true
				}
			}
			if again {
				return start, true
			}
			if d, ok := repeatIn(kv.Value(), key); ok {
				return d, true
			}
		}
	case unstable.Array:
		it := v.Children()
		for it.Next() {
			if d, ok := repeatIn(it.Node(), key); ok {
				return d, true
			}
		}
	}
	return 0, false
}

// offsetOf turns a 1-based line and byte column into an offset.
func offsetOf(doc []byte, line, col int) int {
	off := 0
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(doc[off:], '\n')
		if j < 0 {
			return len(doc)
		}
		off += j + 1
	}
	return min(off+col-1, len(doc))
}
