package model

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

const rowsPath = "neighbourhoods.rows"

// rowSpans is where the neighbourhood rows array is: its brackets and each
// row's inline table, as byte ranges of the file.
type rowSpans struct {
	open, close int
	spans       [][2]int
}

// findRows finds the rows array when it is written as the format shows,
// `rows = [ {...}, ... ]` under a [neighbourhoods] header, with a scan that
// knows only enough TOML to skip strings, comments and nested values.
// Anything unexpected reports false, and the file is decoded whole.
func findRows(data []byte) (rowSpans, bool) {
	var rs rowSpans
	found := false
	table := ""
	i := 0
	for i < len(data) {
		i = skipBlank(data, i)
		if i >= len(data) {
			break
		}
		switch data[i] {
		case '\n', '\r':
			i++
			continue
		case '#':
			i = skipComment(data, i)
			continue
		case '[':
			end := bytes.IndexByte(data[i:], '\n')
			if end < 0 {
				end = len(data) - i
			}
			line := data[i : i+end]
			close := bytes.IndexByte(line, ']')
			if close < 0 || bytes.ContainsAny(line[:close], "\"'") {
				return rs, false
			}
			table = strings.Trim(string(bytes.Trim(line[:close], " \t[")), " \t")
			table = strings.NewReplacer(" ", "", "\t", "").Replace(table)
			i += end
			continue
		}
		// A key-value: the key, '=', then the value.
		keyStart := i
		for i < len(data) && data[i] != '=' && data[i] != '\n' {
			if data[i] == '"' || data[i] == '\'' {
				if i = skipString(data, i); i < 0 {
					return rs, false
				}
				continue
			}
			i++
		}
		if i >= len(data) || data[i] != '=' {
			return rs, false
		}
		key := strings.TrimSpace(string(data[keyStart:i]))
		i = skipBlank(data, i+1)
		if table == "neighbourhoods" && key == "rows" && i < len(data) && data[i] == '[' {
			if found {
				return rs, false // defined twice: let go-toml say so
			}
			found = true
			rs.open = i
			j := i + 1
			for {
				j = skipBlank(data, j)
				if j >= len(data) {
					return rs, false
				}
				switch data[j] {
				case '\n', '\r', ',':
					j++
					continue
				case '#':
					j = skipComment(data, j)
					continue
				case ']':
					rs.close = j
				case '{':
					end := skipNested(data, j)
					if end < 0 {
						return rs, false
					}
					rs.spans = append(rs.spans, [2]int{j, end})
					j = end
					continue
				default:
					return rs, false
				}
				break
			}
			i = rs.close + 1
			continue
		}
		if i = skipValue(data, i); i < 0 {
			return rs, false
		}
	}
	return rs, found && len(rs.spans) > 0
}

func skipBlank(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return i
}

func skipComment(data []byte, i int) int {
	if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(data)
}

// skipString returns the index after the string starting at i, or -1.
func skipString(data []byte, i int) int {
	q := data[i]
	if bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		for j := i + 3; j+2 < len(data); j++ {
			if q == '"' && data[j] == '\\' {
				j++
				continue
			}
			if data[j] == q && data[j+1] == q && data[j+2] == q {
				j += 3
				for k := 0; k < 2 && j < len(data) && data[j] == q; k++ {
					j++
				}
				return j
			}
		}
		return -1
	}
	for j := i + 1; j < len(data); j++ {
		switch {
		case data[j] == '\n':
			return -1
		case q == '"' && data[j] == '\\':
			j++
		case data[j] == q:
			return j + 1
		}
	}
	return -1
}

// skipNested returns the index after the array or inline table at i, or -1.
func skipNested(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '"', '\'':
			if i = skipString(data, i); i < 0 {
				return -1
			}
			continue
		case '#':
			i = skipComment(data, i)
			continue
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return -1
}

// skipValue returns the index after the value at i, or -1.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"', '\'':
		return skipString(data, i)
	case '[', '{':
		return skipNested(data, i)
	}
	for i < len(data) && data[i] != '\n' && data[i] != '#' {
		i++
	}
	return i
}

// blankRows copies data with the rows array's contents replaced by spaces,
// keeping line breaks so every other offset, line and column is unchanged.
func blankRows(data []byte, rs rowSpans) []byte {
	doc := bytes.Clone(data)
	for i := rs.open + 1; i < rs.close; i++ {
		if doc[i] != '\n' && doc[i] != '\r' {
			doc[i] = ' '
		}
	}
	return doc
}

// failingRow is the index of the first row in chunk that go-toml refuses
// when decoded alone, or 0 if none is.
func failingRow(data []byte, chunk [][2]int) int {
	var buf []byte
	for r, sp := range chunk {
		buf = append(append(buf[:0], "row = "...), data[sp[0]:sp[1]]...)
		var v struct {
			Row nbhdFile `toml:"row"`
		}
		if toml.Unmarshal(buf, &v) != nil {
			return r
		}
	}
	return 0
}

// rowChunk is how many rows go-toml decodes at a time: small enough that
// its arena stays small, large enough that per-call costs vanish.
const rowChunk = 512

// decodeRows decodes the blanked rows, a chunk at a time, reporting their
// problems at their place in the file.
func (l *loader) decodeRows() ([]nbhdFile, bool) {
	spans := l.rows.spans
	rows := make([]nbhdFile, 0, len(spans))
	ok := true
	var buf []byte
	starts := make([]int, 0, rowChunk)
	for c := 0; c < len(spans); c += rowChunk {
		chunk := spans[c:min(c+rowChunk, len(spans))]
		buf = append(buf[:0], "rows = [\n"...)
		starts = starts[:0]
		for _, sp := range chunk {
			starts = append(starts, len(buf))
			buf = append(buf, l.data[sp[0]:sp[1]]...)
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, "]\n"...)
		rowAt := func(off int, _ []string) (int, string) {
			r := sort.SearchInts(starts, off+1) - 1
			if r < 0 {
				// go-toml put the error on the rows key, before any row:
				// point at the row that fails on its own instead.
				r = failingRow(l.data, chunk)
				off = starts[r]
			}
			off = chunk[r][0] + off - starts[r]
			ix := l.index()
			ix.indexRow(c + r)
			if path, ok := ix.byOffset[off]; ok {
				return off, path
			}
			return off, rowsPath + "[" + strconv.Itoa(c+r) + "]"
		}
		var v struct {
			Rows []nbhdFile `toml:"rows"`
		}
		if !l.decode(buf, &v, rowAt) {
			ok = false
			continue
		}
		rows = append(rows, v.Rows...)
	}
	return rows, ok
}
