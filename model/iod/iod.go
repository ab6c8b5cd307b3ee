// Package iod reads the English Indices of Deprivation 2019 (IoD2019) LSOA
// files into model.Neighbourhood rows and writes them as the
// `[neighbourhoods]` block of a place file.
//
// Two of the published files are joined on LSOA code: File 2 (ranks and
// deciles of the index and its seven domains) and File 6 (mid-2015
// population denominators). Columns are found by header name, so File 7,
// which holds both, can be passed as either reader.
package iod

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"totalplace/model"
)

// File names as published by MHCLG, for ReadDir.
const (
	File2Name = "File_2_-_IoD2019_Domains_of_Deprivation.csv.gz"
	File6Name = "File_6_-_IoD2019_Population_Denominators.csv.gz"
)

// Labels used in error messages.
const (
	file2Label = "File 2 (domains)"
	file6Label = "File 6 (population)"
)

// column is a wanted column: the header starts with prefix (case-insensitive).
// Prefixes rather than whole headers, so the 2011/2021 LSOA and 2019/2024
// district suffixes of later editions still match.
type column struct {
	key    string
	prefix string
}

var (
	colCode     = column{"code", "LSOA code"}
	colName     = column{"name", "LSOA name"}
	colLADCode  = column{"district code", "Local Authority District code"}
	colLADName  = column{"district name", "Local Authority District name"}
	colIMDRank  = column{"imd_rank", "Index of Multiple Deprivation (IMD) Rank"}
	colPop      = column{"population", "Total population: mid 2015"}
	colChildren = column{"children", "Dependent Children aged 0-15"}
	colAge16_59 = column{"age16_59", "Population aged 16-59"}
	colAge60    = column{"age60_plus", "Older population aged 60 and over"}
	colWorking  = column{"working_age", "Working age population 18-59/64"}
)

// decileCols are the decile columns in model.Domain order.
var decileCols = [model.DomainCount]column{
	{"imd", "Index of Multiple Deprivation (IMD) Decile"},
	{"income", "Income Decile"},
	{"employment", "Employment Decile"},
	{"education", "Education, Skills and Training Decile"},
	{"health", "Health Deprivation and Disability Decile"},
	{"crime", "Crime Decile"},
	{"housing", "Barriers to Housing and Services Decile"},
	{"environment", "Living Environment Decile"},
}

// Error is a problem in one of the input files.
type Error struct {
	File   string // "File 2 (domains)" or "File 6 (population)"
	Line   int    // 1-based line, 0 when the problem is not on one line
	Column string // header of the offending column, if any
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ", line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// UnknownDistrictError names a requested district that is not in File 2.
type UnknownDistrictError struct {
	District    string
	Suggestions []string // close district names, sorted
}

func (e *UnknownDistrictError) Error() string {
	msg := fmt.Sprintf("no local authority district called %q in IoD2019 File 2", e.District)
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(quoteAll(e.Suggestions), ", ") + "?"
	} else {
		msg += " (give the 2019 district name, e.g. \"Wyre Forest\", or its code, e.g. \"E07000239\")"
	}
	return msg
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// ReadDir reads File 2 and File 6 under their published names from dir.
func ReadDir(dir string, districts []string) ([]model.Neighbourhood, error) {
	f2, err := os.Open(filepath.Join(dir, File2Name))
	if err != nil {
		return nil, err
	}
	defer f2.Close()
	f6, err := os.Open(filepath.Join(dir, File6Name))
	if err != nil {
		return nil, err
	}
	defer f6.Close()
	return Read(f2, f6, districts)
}

// Read returns the neighbourhoods of the named local authority districts
// (matched on the 2019 district name, case-insensitively, or on the district
// code), in LSOA code order. file2 supplies the ranks and deciles, file6 the
// population denominators; both are gzip-compressed CSV (plain CSV is
// accepted too). Every requested district must exist.
func Read(file2, file6 io.Reader, districts []string) ([]model.Neighbourhood, error) {
	if len(districts) == 0 {
		return nil, errors.New("iod: no districts given")
	}
	want := make(map[string]bool, len(districts))
	for _, d := range districts {
		want[strings.ToLower(strings.TrimSpace(d))] = true
	}

	rows := map[string]*model.Neighbourhood{}
	// Every district seen, name by lower-case name and code, for matching and suggestions.
	seen := map[string]string{}
	file2Cols := append([]column{colCode, colName, colLADCode, colLADName, colIMDRank}, decileCols[:]...)
	err := readCSV(file2Label, file2, file2Cols,
		func(line int, get func(column) (string, string)) error {
			ladCode, _ := get(colLADCode)
			ladName, _ := get(colLADName)
			seen[strings.ToLower(ladName)] = ladName
			seen[strings.ToLower(ladCode)] = ladName
			if !want[strings.ToLower(ladName)] && !want[strings.ToLower(ladCode)] {
				return nil
			}
			code, codeCol := get(colCode)
			if code == "" {
				return &Error{file2Label, line, codeCol, "empty LSOA code"}
			}
			if _, dup := rows[code]; dup {
				return &Error{file2Label, line, codeCol, fmt.Sprintf("LSOA %s appears twice", code)}
			}
			n := &model.Neighbourhood{Code: code, District: ladName}
			n.Name, _ = get(colName)
			rank, err := wholeNumber(get(colIMDRank))
			if err != nil {
				return lineErr(file2Label, line, err)
			}
			n.IMDRank = rank
			for d, c := range decileCols {
				v, err := decile(get(c))
				if err != nil {
					return lineErr(file2Label, line, err)
				}
				n.Deciles[d] = v
			}
			rows[code] = n
			return nil
		})
	if err != nil {
		return nil, err
	}

	for _, d := range districts {
		if _, ok := seen[strings.ToLower(strings.TrimSpace(d))]; !ok {
			return nil, &UnknownDistrictError{District: d, Suggestions: suggest(d, seen)}
		}
	}

	filled := map[string]bool{}
	err = readCSV(file6Label, file6, []column{colCode, colPop, colChildren, colAge16_59, colAge60, colWorking},
		func(line int, get func(column) (string, string)) error {
			code, _ := get(colCode)
			n, ok := rows[code]
			if !ok {
				return nil
			}
			for _, f := range []struct {
				c   column
				dst *float64
			}{{colPop, &n.Population}, {colChildren, &n.Children}, {colAge16_59, &n.Age16to59}, {colAge60, &n.Age60Plus}, {colWorking, &n.WorkingAge}} {
				v, err := count(get(f.c))
				if err != nil {
					return lineErr(file6Label, line, err)
				}
				*f.dst = v
			}
			filled[code] = true
			return nil
		})
	if err != nil {
		return nil, err
	}

	out := make([]model.Neighbourhood, 0, len(rows))
	for code, n := range rows {
		if !filled[code] {
			return nil, &Error{File: file6Label, Msg: fmt.Sprintf("no row for LSOA %s (%s), which File 2 lists", code, n.Name)}
		}
		out = append(out, *n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// fieldError is a bad value in a named column; lineErr adds file and line.
type fieldError struct {
	column string
	msg    string
}

func (e *fieldError) Error() string { return e.msg }

func lineErr(file string, line int, err error) error {
	var fe *fieldError
	if errors.As(err, &fe) {
		return &Error{File: file, Line: line, Column: fe.column, Msg: fe.msg}
	}
	return &Error{File: file, Line: line, Msg: err.Error()}
}

// readCSV decompresses r, finds the wanted columns in its header and calls
// row for each record with a getter returning a field and its header.
func readCSV(file string, r io.Reader, cols []column, row func(line int, get func(column) (string, string)) error) error {
	br := bufio.NewReader(r)
	var src io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{File: file, Msg: "not a readable gzip file: " + err.Error()}
		}
		defer zr.Close()
		src = zr
	}
	cr := csv.NewReader(src)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return &Error{File: file, Msg: "empty file; expected a CSV header row"}
	}
	if err != nil {
		return csvErr(file, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimLeft(header[0], "\ufeff") // a file re-saved by Excel can carry two
	}
	names := append([]string(nil), header...)
	index := map[column]int{}
	for _, c := range cols {
		i := findColumn(names, c.prefix)
		if i < 0 {
			msg := fmt.Sprintf("missing column %q (for %s); the header has %d columns: %s", c.prefix+"…", c.key, len(names), strings.Join(quoteAll(names), ", "))
			// The two files look alike from outside; a swap is the likely slip.
			if findColumn(names, colPop.prefix) >= 0 && c != colPop || findColumn(names, colIMDRank.prefix) >= 0 && c == colPop {
				msg = "this looks like the other IoD2019 file: were File 2 and File 6 swapped? (" + msg + ")"
			}
			return &Error{File: file, Line: 1, Msg: msg}
		}
		index[c] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c column) (string, string) {
			i := index[c]
			return strings.TrimSpace(rec[i]), names[i]
		}
		if err := row(line, get); err != nil {
			return err
		}
	}
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.Line, Msg: fmt.Sprintf("column %d: %v", pe.Column, pe.Err)}
	}
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{File: file, Msg: "damaged gzip data: " + err.Error()}
	}
	return &Error{File: file, Msg: err.Error()}
}

func findColumn(header []string, prefix string) int {
	p := strings.ToLower(prefix)
	for i, h := range header {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), p) {
			return i
		}
	}
	return -1
}

// number parses "1,296"-style values (the CSV layer has already removed the quotes).
func number(v, col string) (float64, error) {
	s := strings.ReplaceAll(v, ",", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, &fieldError{col, fmt.Sprintf("expected a number, got %q", v)}
	}
	return f, nil
}

func wholeNumber(v, col string) (int, error) {
	f, err := number(v, col)
	if err != nil {
		return 0, err
	}
	if f != math.Trunc(f) || f < 1 {
		return 0, &fieldError{col, fmt.Sprintf("expected a rank (a whole number from 1), got %q", v)}
	}
	return int(f), nil
}

func decile(v, col string) (int, error) {
	f, err := number(v, col)
	if err != nil || f != math.Trunc(f) || f < 1 || f > 10 {
		return 0, &fieldError{col, fmt.Sprintf("expected a decile (a whole number from 1 to 10), got %q", v)}
	}
	return int(f), nil
}

func count(v, col string) (float64, error) {
	f, err := number(v, col)
	if err != nil {
		return 0, err
	}
	if f < 0 {
		return 0, &fieldError{col, fmt.Sprintf("expected a count of people (0 or more), got %q", v)}
	}
	return f, nil
}

// suggest returns district names that contain, are contained in, or share a
// prefix with the unknown name, case-insensitively.
func suggest(name string, seen map[string]string) []string {
	q := strings.ToLower(strings.TrimSpace(name))
	if q == "" {
		return nil
	}
	set := map[string]bool{}
	for key, real := range seen {
		lk := strings.ToLower(real)
		if key != lk { // a code entry; suggest by name only
			continue
		}
		pre := min(len(q), len(lk), 4)
		if strings.Contains(lk, q) || strings.Contains(q, lk) || (pre >= 3 && lk[:pre] == q[:pre]) {
			set[real] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}
