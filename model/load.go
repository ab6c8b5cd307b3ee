package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
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

// The file-shaped structs mirror docs/place-format.md. Pointers tell a
// missing key from a zero one.

type placeFile struct {
	Place          *placeHeader        `toml:"place"`
	Sources        []sourceFile        `toml:"sources"`
	Agencies       []agencyFile        `toml:"agencies"`
	Silos          []siloFile          `toml:"silos"`
	Neighbourhoods *neighbourhoodsFile `toml:"neighbourhoods"`
	Need           *needFile           `toml:"need"`
	Outcomes       []outcomeFile       `toml:"outcomes"`
	Effects        []effectFile        `toml:"effects"`
	Spillovers     []spilloverFile     `toml:"spillovers"`
	Pools          []poolFile          `toml:"pools"`
}

type placeHeader struct {
	ID           *string    `toml:"id"`
	Name         *string    `toml:"name"`
	Kind         *string    `toml:"kind"`
	Region       *string    `toml:"region"`
	Description  *string    `toml:"description"`
	Illustrative *bool      `toml:"illustrative"`
	Population   *paramFile `toml:"population"`
	PriceYear    *string    `toml:"price_year"`
	BaseYear     *int       `toml:"base_year"`
	HorizonYears *int       `toml:"horizon_years"`
	DiscountRate *paramFile `toml:"discount_rate"`
}

type paramFile struct {
	Value      *float64 `toml:"value"`
	Low        *float64 `toml:"low"`
	High       *float64 `toml:"high"`
	Source     *string  `toml:"source"`
	Assumption *string  `toml:"assumption"`
	Note       *string  `toml:"note"`
	Year       any      `toml:"year"` // "2017-18" or 2019
}

type sourceFile struct {
	ID    *string `toml:"id"`
	Title *string `toml:"title"`
	URL   *string `toml:"url"`
	What  *string `toml:"what"`
}

type agencyFile struct {
	ID    *string `toml:"id"`
	Name  *string `toml:"name"`
	Short *string `toml:"short"`
	Level *string `toml:"level"`
	Kind  *string `toml:"kind"`
}

type siloFile struct {
	ID           *string    `toml:"id"`
	Name         *string    `toml:"name"`
	Agency       *string    `toml:"agency"`
	Type         *string    `toml:"type"`
	Budget       *paramFile `toml:"budget"`
	Fixed        *paramFile `toml:"fixed"`
	FixedReason  *string    `toml:"fixed_reason"`
	Floor        *paramFile `toml:"floor"`
	Distribution *string    `toml:"distribution"`
	Prevention   *bool      `toml:"prevention"`
}

type neighbourhoodsFile struct {
	Source *string    `toml:"source"`
	Rows   []nbhdFile `toml:"rows"`
}

type nbhdFile struct {
	Code        *string  `toml:"code"`
	Name        *string  `toml:"name"`
	District    *string  `toml:"district"`
	Population  *float64 `toml:"population"`
	Children    *float64 `toml:"children"`
	Age16to59   *float64 `toml:"age16_59"`
	Age60Plus   *float64 `toml:"age60_plus"`
	WorkingAge  *float64 `toml:"working_age"`
	IMDRank     *int     `toml:"imd_rank"`
	IMD         *int     `toml:"imd"`
	Income      *int     `toml:"income"`
	Employment  *int     `toml:"employment"`
	Education   *int     `toml:"education"`
	Health      *int     `toml:"health"`
	Crime       *int     `toml:"crime"`
	Housing     *int     `toml:"housing"`
	Environment *int     `toml:"environment"`
}

type needFile struct {
	Domain   *string     `toml:"domain"`
	ByDecile []paramFile `toml:"by_decile"`
}

type outcomeFile struct {
	ID             *string       `toml:"id"`
	Name           *string       `toml:"name"`
	Unit           *string       `toml:"unit"`
	HigherIsBetter *bool         `toml:"higher_is_better"`
	RateBase       *string       `toml:"rate_base"`
	Cohort         *string       `toml:"cohort"`
	Min            *float64      `toml:"min"`
	Max            *float64      `toml:"max"`
	Baseline       *baselineFile `toml:"baseline"`
}

type baselineFile struct {
	Domain   *string     `toml:"domain"`
	ByDecile []paramFile `toml:"by_decile"`
	D1       *paramFile  `toml:"d1"`
	D10      *paramFile  `toml:"d10"`
	Shape    *string     `toml:"shape"`
	Offset   *paramFile  `toml:"offset"`
	ScaleTo  *paramFile  `toml:"scale_to"`
}

type effectFile struct {
	Silo        *string    `toml:"silo"`
	Outcome     *string    `toml:"outcome"`
	PerMillion  *paramFile `toml:"per_million"`
	MaxEffect   *paramFile `toml:"max_effect"`
	YearsToFull *paramFile `toml:"years_to_full"`
	Targeting   *string    `toml:"targeting"`
	NeedDomain  *string    `toml:"need_domain"`
}

type spilloverFile struct {
	Outcome     *string    `toml:"outcome"`
	Agency      *string    `toml:"agency"`
	Silo        *string    `toml:"silo"`
	CostPerCase *paramFile `toml:"cost_per_case"`
	LagYears    *paramFile `toml:"lag_years"`
	Cashable    *paramFile `toml:"cashable"`
	Note        *string    `toml:"note"`
}

type poolFile struct {
	ID          *string    `toml:"id"`
	Name        *string    `toml:"name"`
	Silos       []string   `toml:"silos"`
	CohortSpend *paramFile `toml:"cohort_spend"`
	AdminCost   *paramFile `toml:"admin_cost"`
	Saving      *paramFile `toml:"saving"`
	YearsToFull *paramFile `toml:"years_to_full"`
}

// Allowed values of the enumerated keys.
var (
	placeKinds    = []string{"county", "district", "unitary", "metropolitan borough", "london borough"}
	agencyLevels  = []string{"local", "national"}
	siloTypes     = []string{"service", "transfer"}
	distributions = []string{"population", "children", "age16_59", "age60_plus", "working_age", "need"}
	rateBases     = []string{"percent", "per_1000", "per_10000", "per_100000", "none"}
	shapes        = []string{"linear", "geometric"}
	targetings    = []string{"need", "per_head"}
	placeIDRe     = regexp.MustCompile(`^[a-z0-9-]+$`)
)

// Defaults that carry their own provenance.
const (
	greenBookID           = "hmt-green-book"
	defaultNeedAssumption = "default need weighting: twice the need per person in the most deprived decile as in the least; replace with a local needs index"
	imdMaxRank            = 32844
)

var greenBook = Source{
	ID:    greenBookID,
	Title: "The Green Book: appraisal and evaluation in central government",
	URL:   "https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-in-central-government",
	What:  "HM Treasury's social time preference rate of 3.5% a year, used to discount future costs and savings",
}

const paramExample = `a parameter such as { value = 1_000_000, source = "..." }`

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

// convert checks the decoded file and builds the Place. Every check runs,
// so one pass reports every problem.
func (l *loader) convert(f *placeFile) *Place {
	p := &Place{}
	l.convertSources(f, p)

	if f.Place == nil {
		l.add("place", "missing; expected a [place] table with id, name, kind, population, price_year and base_year")
		f.Place = &placeHeader{}
	}
	h := f.Place
	p.ID = l.str("place.id", h.ID, true)
	if h.ID != nil && !placeIDRe.MatchString(p.ID) {
		l.add("place.id", "%q is not a valid id; use lower-case letters, digits and hyphens, such as \"worcestershire\"", p.ID)
	}
	p.Name = l.str("place.name", h.Name, true)
	p.Kind = l.enum("place.kind", h.Kind, "", placeKinds)
	p.Region = l.str("place.region", h.Region, false)
	p.Description = l.str("place.description", h.Description, false)
	if h.Illustrative != nil {
		p.Illustrative = *h.Illustrative
	}
	p.Population, _ = l.param("place.population", h.Population, true, ruleAbove0)
	p.PriceYear = l.str("place.price_year", h.PriceYear, true)
	if h.BaseYear == nil {
		l.add("place.base_year", "missing; expected the first calendar year simulated, such as 2026")
	} else if *h.BaseYear < 1990 || *h.BaseYear > 2100 {
		l.add("place.base_year", "must be between 1990 and 2100, got %d", *h.BaseYear)
	} else {
		p.BaseYear = *h.BaseYear
	}
	p.HorizonYears = 10
	if h.HorizonYears != nil {
		if *h.HorizonYears < 1 || *h.HorizonYears > 50 {
			l.add("place.horizon_years", "must be between 1 and 50, got %d", *h.HorizonYears)
		}
		p.HorizonYears = *h.HorizonYears
	}
	if h.DiscountRate != nil {
		p.DiscountRate, _ = l.param("place.discount_rate", h.DiscountRate, true, ruleShare)
	} else {
		p.DiscountRate = Param{Value: 0.035, Low: 0.035, High: 0.035, Source: greenBookID,
			Note: "HM Treasury social time preference rate (default)"}
		if _, ok := l.sources[greenBookID]; !ok {
			p.Sources = append(p.Sources, greenBook)
		}
	}

	l.convertAgencies(f, p)
	l.convertSilos(f, p)
	l.convertNeighbourhoods(f, p)
	l.convertNeed(f, p)
	l.convertOutcomes(f, p)
	l.convertEffects(f, p)
	l.convertSpillovers(f, p)
	l.convertPools(f, p)
	return p
}

func (l *loader) convertSources(f *placeFile, p *Place) {
	l.sources = map[string]string{}
	for i, s := range f.Sources {
		path := "sources[" + strconv.Itoa(i) + "]"
		src := Source{
			ID:    l.unique(path+".id", s.ID, "source", l.sources, &l.srcIDs),
			Title: l.str(path+".title", s.Title, true),
			URL:   l.str(path+".url", s.URL, false),
			What:  l.str(path+".what", s.What, true),
		}
		p.Sources = append(p.Sources, src)
	}
}

func (l *loader) convertAgencies(f *placeFile, p *Place) {
	l.agencies = map[string]string{}
	for i, a := range f.Agencies {
		path := "agencies[" + strconv.Itoa(i) + "]"
		p.Agencies = append(p.Agencies, Agency{
			ID:    l.unique(path+".id", a.ID, "agency", l.agencies, &l.agIDs),
			Name:  l.str(path+".name", a.Name, true),
			Short: l.str(path+".short", a.Short, false),
			Level: l.enum(path+".level", a.Level, "", agencyLevels),
			Kind:  l.enum(path+".kind", a.Kind, "", AgencyKinds),
		})
	}
}

func (l *loader) convertSilos(f *placeFile, p *Place) {
	l.silos = map[string]string{}
	if len(f.Silos) == 0 {
		l.add("silos", "no silos; expected at least one [[silos]] table")
	}
	for i, s := range f.Silos {
		path := "silos[" + strconv.Itoa(i) + "]"
		si := Silo{
			ID:           l.unique(path+".id", s.ID, "silo", l.silos, &l.siloIDs),
			Name:         l.str(path+".name", s.Name, true),
			Agency:       l.ref(path+".agency", s.Agency, true, "agency", l.agencies, l.agIDs),
			Type:         l.enum(path+".type", s.Type, "", siloTypes),
			FixedReason:  l.str(path+".fixed_reason", s.FixedReason, false),
			Distribution: l.enum(path+".distribution", s.Distribution, "population", distributions),
		}
		if s.Prevention != nil {
			si.Prevention = *s.Prevention
		}
		var okB, okF, okL bool
		si.Budget, okB = l.param(path+".budget", s.Budget, true, ruleMoneyAbove0)
		si.Fixed, okF = l.param(path+".fixed", s.Fixed, false, ruleMoney)
		si.Floor, okL = l.param(path+".floor", s.Floor, false, ruleMoney)
		if okB && okF && si.Fixed.Value > si.Budget.Value {
			l.add(path+".fixed", "fixed part %s is larger than the budget %s", FormatMoney(si.Fixed.Value), FormatMoney(si.Budget.Value))
		}
		if okB && okL && si.Floor.Value > si.Budget.Value {
			l.add(path+".floor", "floor %s is larger than the budget %s", FormatMoney(si.Floor.Value), FormatMoney(si.Budget.Value))
		}
		if si.Type == "transfer" && s.Fixed == nil {
			l.add(path+".fixed", "missing; a transfer payment's entitlements are set nationally: give fixed (usually the whole budget) and fixed_reason = \"entitlement\"")
		}
		if okF && si.Fixed.Value > 0 && strings.TrimSpace(si.FixedReason) == "" {
			l.add(path+".fixed_reason", "missing; needed because fixed is more than £0: say why it cannot move, such as \"entitlement\" or \"ring-fenced grant\"")
		}
		p.Silos = append(p.Silos, si)
	}
}

func (l *loader) convertNeighbourhoods(f *placeFile, p *Place) {
	nf := f.Neighbourhoods
	if nf == nil {
		l.add("neighbourhoods", "missing; expected a [neighbourhoods] table (generate one with `totalplace import imd`)")
		return
	}
	p.NeighbourhoodSource = l.ref("neighbourhoods.source", nf.Source, true, "source", l.sources, l.srcIDs)
	if nf.Rows == nil {
		l.add("neighbourhoods.rows", "missing; expected an array of rows such as { code = \"E01032161\", name = ..., population = 1590, ... }")
		return
	}
	if len(nf.Rows) == 0 {
		l.add("neighbourhoods.rows", "no neighbourhoods; expected at least one row")
		return
	}
	codes := make(map[string]int, len(nf.Rows))
	p.Neighbourhoods = make([]Neighbourhood, len(nf.Rows))
	for i := range nf.Rows {
		r := &nf.Rows[i]
		rc := rowChecker{l, i}
		n := &p.Neighbourhoods[i]
		n.Code = rc.str("code", r.Code)
		if r.Code != nil {
			if j, dup := codes[n.Code]; dup {
				rc.add("code", "duplicate neighbourhood code %q (first at line %d)", n.Code, l.line(rowsPath+"["+strconv.Itoa(j)+"].code"))
			} else {
				codes[n.Code] = i
			}
		}
		n.Name = rc.str("name", r.Name)
		n.District = rc.str("district", r.District)
		var ok bool
		if n.Population, ok = rc.num("population", r.Population); ok && n.Population <= 0 {
			rc.add("population", "must be more than 0, got %s", fmtNum(n.Population))
		}
		n.Children = rc.cohortPart("children", r.Children, n.Population)
		n.Age16to59 = rc.cohortPart("age16_59", r.Age16to59, n.Population)
		n.Age60Plus = rc.cohortPart("age60_plus", r.Age60Plus, n.Population)
		n.WorkingAge = rc.cohortPart("working_age", r.WorkingAge, n.Population)
		switch {
		case r.IMDRank == nil:
			rc.add("imd_rank", "missing; expected the national IMD rank, 1..%d", imdMaxRank)
		case *r.IMDRank < 1 || *r.IMDRank > imdMaxRank:
			rc.add("imd_rank", "must be between 1 and %d, got %d", imdMaxRank, *r.IMDRank)
		default:
			n.IMDRank = *r.IMDRank
		}
		deciles := [DomainCount]*int{r.IMD, r.Income, r.Employment, r.Education, r.Health, r.Crime, r.Housing, r.Environment}
		for d, v := range deciles {
			n.Deciles[d] = rc.decile(DomainNames[d], v)
		}
	}
}

// rowChecker checks one neighbourhood row, building key paths only for
// problems: there may be 32,844 rows.
type rowChecker struct {
	l *loader
	i int
}

func (rc rowChecker) add(field, format string, args ...any) {
	rc.l.add(rowsPath+"["+strconv.Itoa(rc.i)+"]."+field, format, args...)
}

func (rc rowChecker) str(field string, s *string) string {
	if s == nil {
		rc.add(field, "missing; expected a string")
		return ""
	}
	return *s
}

// num reads a required finite number; ok is false when it is not one.
func (rc rowChecker) num(field string, v *float64) (x float64, ok bool) {
	if v == nil {
		rc.add(field, "missing; expected a number")
		return 0, false
	}
	if msg := nonFinite(*v); msg != "" {
		rc.add(field, "%s", msg)
		return 0, false
	}
	return *v, true
}

// cohortPart reads a population band, which cannot exceed the whole.
func (rc rowChecker) cohortPart(field string, v *float64, pop float64) float64 {
	x, ok := rc.num(field, v)
	switch {
	case !ok:
	case x < 0:
		rc.add(field, "must not be negative, got %s", fmtNum(x))
	case pop > 0 && x > pop:
		rc.add(field, "%s is more than the population %s", fmtNum(x), fmtNum(pop))
	}
	return x
}

func (rc rowChecker) decile(field string, v *int) int {
	switch {
	case v == nil:
		rc.add(field, "missing; expected a decile 1..10")
	case *v < 1 || *v > 10:
		rc.add(field, "decile must be between 1 (most deprived) and 10, got %d", *v)
	default:
		return *v
	}
	return 0
}

// count reads an optional plain number, such as an outcome's min.
func (l *loader) count(path string, v *float64) float64 {
	if msg := nonFinite(*v); msg != "" {
		l.add(path, "%s", msg)
		return 0
	}
	return *v
}

func (l *loader) convertNeed(f *placeFile, p *Place) {
	for d := range p.Need.ByDecile {
		v := 2 - float64(d)/9
		p.Need.ByDecile[d] = Param{Value: v, Low: v, High: v, Assumption: defaultNeedAssumption}
	}
	if f.Need == nil {
		return
	}
	p.Need.Domain = l.domain("need.domain", f.Need.Domain)
	if f.Need.ByDecile != nil {
		if by, ok := l.byDecile("need.by_decile", f.Need.ByDecile, ruleAbove0); ok {
			copy(p.Need.ByDecile[:], by)
		}
	}
}

func (l *loader) byDecile(path string, ps []paramFile, r rule) ([]Param, bool) {
	if len(ps) != 10 {
		l.add(path, "has %d entries; expected 10 parameters, decile 1 (most deprived) first", len(ps))
		return nil, false
	}
	out := make([]Param, 10)
	ok := true
	for i := range ps {
		var good bool
		out[i], good = l.param(path+"["+strconv.Itoa(i)+"]", &ps[i], true, r)
		ok = ok && good
	}
	return out, ok
}

func (l *loader) domain(path string, s *string) Domain {
	name := l.enum(path, s, "imd", DomainNames[:])
	for d, n := range DomainNames {
		if n == name {
			return Domain(d)
		}
	}
	return DomainIMD
}

func (l *loader) convertOutcomes(f *placeFile, p *Place) {
	l.outcomes = map[string]string{}
	l.outRate = map[string]string{}
	if len(f.Outcomes) == 0 {
		l.add("outcomes", "no outcomes; expected at least one [[outcomes]] table")
	}
	for i, o := range f.Outcomes {
		path := "outcomes[" + strconv.Itoa(i) + "]"
		out := Outcome{
			ID:       l.unique(path+".id", o.ID, "outcome", l.outcomes, &l.outIDs),
			Name:     l.str(path+".name", o.Name, true),
			Unit:     l.str(path+".unit", o.Unit, true),
			RateBase: l.enum(path+".rate_base", o.RateBase, "none", rateBases),
			Cohort:   l.enum(path+".cohort", o.Cohort, "total", Cohorts),
			Min:      math.Inf(-1),
			Max:      math.Inf(1),
		}
		// An unknown rate_base is reported above; judging spillovers by the
		// default it fell back to would only add noise.
		if _, seen := l.outRate[out.ID]; !seen && (o.RateBase == nil || *o.RateBase == out.RateBase) {
			l.outRate[out.ID] = out.RateBase
		}
		if o.HigherIsBetter == nil {
			l.add(path+".higher_is_better", "missing; expected true or false")
		} else {
			out.HigherIsBetter = *o.HigherIsBetter
		}
		if o.Min != nil {
			out.Min = l.count(path+".min", o.Min)
		}
		if o.Max != nil {
			out.Max = l.count(path+".max", o.Max)
		}
		if out.Min > out.Max {
			l.add(path+".max", "max %s is below min %s", fmtNum(out.Max), fmtNum(out.Min))
		}
		out.Baseline = l.baseline(path+".baseline", o.Baseline)
		if lo, hi, ok := baselineSpan(out.Baseline); ok && out.Min <= out.Max && (lo < out.Min || hi > out.Max) {
			l.add(path+".baseline", "starts from %s to %s, outside the plausible range min %s to max %s (for a percent, write 9 rather than 0.09)",
				fmtNum(lo), fmtNum(hi), fmtNum(out.Min), fmtNum(out.Max))
		}
		p.Outcomes = append(p.Outcomes, out)
	}
}

// baselineSpan is the least and greatest starting value a baseline gives
// any neighbourhood, before scaling: the place mean it scales to, when set.
func baselineSpan(b Baseline) (lo, hi float64, ok bool) {
	if b.ScaleTo != nil {
		return b.ScaleTo.Value, b.ScaleTo.Value, true
	}
	var vals []float64
	if len(b.ByDecile) == 10 {
		for _, p := range b.ByDecile {
			vals = append(vals, p.Value)
		}
	} else {
		vals = []float64{b.D1.Value, b.D10.Value}
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v+b.Offset.Value), math.Max(hi, v+b.Offset.Value)
	}
	return lo, hi, len(vals) > 0
}

func (l *loader) baseline(path string, b *baselineFile) Baseline {
	bl := Baseline{Shape: "linear"}
	if b == nil {
		l.add(path, "missing; expected a baseline table with by_decile, or d1 and d10")
		return bl
	}
	bl.Domain = l.domain(path+".domain", b.Domain)
	hasBy, hasLine := b.ByDecile != nil, b.D1 != nil || b.D10 != nil
	switch {
	case hasBy && hasLine:
		l.add(path, "has both by_decile and d1/d10; give exactly one")
	case hasBy:
		bl.ByDecile, _ = l.byDecile(path+".by_decile", b.ByDecile, ruleAny)
		if b.Shape != nil {
			l.add(path+".shape", "shape applies only with d1 and d10, not by_decile")
		}
	case hasLine:
		var ok1, ok10 bool
		bl.D1, ok1 = l.param(path+".d1", b.D1, true, ruleAny)
		bl.D10, ok10 = l.param(path+".d10", b.D10, true, ruleAny)
		bl.Shape = l.enum(path+".shape", b.Shape, "linear", shapes)
		if bl.Shape == "geometric" && ok1 && ok10 && (bl.D1.Value <= 0 || bl.D10.Value <= 0) {
			l.add(path+".shape", "geometric needs d1 and d10 above 0, got %s and %s; use shape = \"linear\"", fmtNum(bl.D1.Value), fmtNum(bl.D10.Value))
		}
	default:
		l.add(path, "has neither by_decile nor d1 and d10; give exactly one")
	}
	bl.Offset, _ = l.param(path+".offset", b.Offset, false, ruleAny)
	if b.ScaleTo != nil {
		if st, ok := l.param(path+".scale_to", b.ScaleTo, true, ruleAbove0); ok {
			bl.ScaleTo = &st
		}
	}
	return bl
}

func (l *loader) convertEffects(f *placeFile, p *Place) {
	seen := map[[2]string]int{}
	for i, e := range f.Effects {
		path := "effects[" + strconv.Itoa(i) + "]"
		ef := Effect{
			Silo:       l.ref(path+".silo", e.Silo, true, "silo", l.silos, l.siloIDs),
			Outcome:    l.ref(path+".outcome", e.Outcome, true, "outcome", l.outcomes, l.outIDs),
			Targeting:  l.enum(path+".targeting", e.Targeting, "need", targetings),
			NeedDomain: l.domain(path+".need_domain", e.NeedDomain),
		}
		ef.PerMillion, _ = l.param(path+".per_million", e.PerMillion, true, ruleAny)
		ef.MaxEffect, _ = l.param(path+".max_effect", e.MaxEffect, true, ruleAbove0)
		ef.YearsToFull, _ = l.param(path+".years_to_full", e.YearsToFull, true, ruleAtLeast1)
		if e.Silo != nil && e.Outcome != nil {
			key := [2]string{ef.Silo, ef.Outcome}
			if j, dup := seen[key]; dup {
				l.add(path, "duplicate effect of silo %q on outcome %q (first at line %d); combine them into one", ef.Silo, ef.Outcome, l.line("effects["+strconv.Itoa(j)+"]"))
			} else {
				seen[key] = i
			}
		}
		p.Effects = append(p.Effects, ef)
	}
}

func (l *loader) convertSpillovers(f *placeFile, p *Place) {
	for i, s := range f.Spillovers {
		path := "spillovers[" + strconv.Itoa(i) + "]"
		sp := Spillover{
			Outcome: l.ref(path+".outcome", s.Outcome, true, "outcome", l.outcomes, l.outIDs),
			Agency:  l.ref(path+".agency", s.Agency, true, "agency", l.agencies, l.agIDs),
			Silo:    l.ref(path+".silo", s.Silo, false, "silo", l.silos, l.siloIDs),
			Note:    l.str(path+".note", s.Note, false),
		}
		for _, si := range p.Silos {
			if sp.Silo != "" && si.ID == sp.Silo && sp.Agency != "" && si.Agency != sp.Agency {
				l.add(path+".silo", "silo %q belongs to agency %q, not %q; a spillover's silo must be one of its agency's", sp.Silo, si.Agency, sp.Agency)
			}
		}
		if rb, ok := l.outRate[sp.Outcome]; ok && s.Outcome != nil && rb == "none" {
			l.add(path+".outcome", "outcome %q is not a rate (its rate_base is none), so a change in it cannot be counted in cases; give the outcome a rate_base or remove this spillover", sp.Outcome)
		}
		sp.CostPerCase, _ = l.param(path+".cost_per_case", s.CostPerCase, true, ruleMoney)
		sp.LagYears, _ = l.param(path+".lag_years", s.LagYears, true, ruleLag)
		sp.Cashable, _ = l.param(path+".cashable", s.Cashable, true, ruleShare)
		p.Spillovers = append(p.Spillovers, sp)
	}
}

func (l *loader) convertPools(f *placeFile, p *Place) {
	pools := map[string]string{}
	var ids []string
	for i, q := range f.Pools {
		path := "pools[" + strconv.Itoa(i) + "]"
		pl := Pool{
			ID:   l.unique(path+".id", q.ID, "pool", pools, &ids),
			Name: l.str(path+".name", q.Name, true),
		}
		switch {
		case q.Silos == nil:
			l.add(path+".silos", "missing; expected an array of at least 2 silo ids, such as [\"a\", \"b\"]")
		case len(q.Silos) < 2:
			l.add(path+".silos", "has %d silo; a pool needs at least 2", len(q.Silos))
		}
		inPool := map[string]bool{}
		for j, id := range q.Silos {
			sp := path + ".silos[" + strconv.Itoa(j) + "]"
			l.ref(sp, &id, true, "silo", l.silos, l.siloIDs)
			if inPool[id] {
				l.add(sp, "silo %q is listed twice", id)
			}
			inPool[id] = true
			pl.Silos = append(pl.Silos, id)
		}
		var okC, okA, okS bool
		pl.CohortSpend, okC = l.param(path+".cohort_spend", q.CohortSpend, true, ruleMoneyAbove0)
		pl.AdminCost, okA = l.param(path+".admin_cost", q.AdminCost, true, ruleMoney)
		pl.Saving, okS = l.param(path+".saving", q.Saving, true, ruleMoney)
		pl.YearsToFull, _ = l.param(path+".years_to_full", q.YearsToFull, true, ruleAtLeast1)
		if okC && okA {
			l.notAbove(path+".admin_cost", "admin cost", pl.AdminCost, pl.CohortSpend.Value)
		}
		if okC && okS {
			l.notAbove(path+".saving", "saving", pl.Saving, pl.CohortSpend.Value)
		}
		p.Pools = append(p.Pools, pl)
	}
}

// notAbove checks a pool's admin cost or saving, and its high end, against
// the cohort spend they are part of.
func (l *loader) notAbove(path, what string, p Param, spend float64) {
	switch {
	case p.Value > spend:
		l.add(path, "%s %s is larger than the cohort spend %s", what, FormatMoney(p.Value), FormatMoney(spend))
	case p.High > spend:
		l.add(path+".high", "high %s %s is larger than the cohort spend %s", what, FormatMoney(p.High), FormatMoney(spend))
	}
}

// str reads a string key.
func (l *loader) str(path string, s *string, required bool) string {
	if s == nil {
		if required {
			l.add(path, "missing; expected a string")
		}
		return ""
	}
	return *s
}

// unique reads a required, non-empty id and records it, reporting a second
// use of the same id at the second, naming the first's line.
func (l *loader) unique(path string, s *string, what string, seen map[string]string, ids *[]string) string {
	if s == nil {
		l.add(path, "missing; expected a %s id", what)
		return ""
	}
	id := *s
	if strings.TrimSpace(id) == "" {
		l.add(path, "empty; expected a %s id", what)
		return id
	}
	if !validID.MatchString(id) {
		// Ids are typed on the command line (--move FROM:TO:AMOUNT), where
		// spaces, colons and plus signs would split them.
		l.add(path, "%q is not a valid %s id; use lower-case letters, digits, _ and -, such as \"public_health\"", id, what)
	}
	if first, dup := seen[id]; dup {
		l.add(path, "duplicate %s id %q (first at line %d)", what, id, l.line(first))
		return id
	}
	seen[id] = path
	*ids = append(*ids, id)
	return id
}

var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// ref reads an id that must name something defined elsewhere in the file.
func (l *loader) ref(path string, s *string, required bool, what string, known map[string]string, ids []string) string {
	if s == nil {
		if required {
			l.add(path, "missing; expected %s id (%s)", withArticleLoad(what), knownList(ids))
		}
		return ""
	}
	if _, ok := known[*s]; !ok {
		if c := closest(*s, ids); c != "" {
			l.add(path, "unknown %s %q; did you mean %q? (%s)", what, *s, c, knownList(ids))
		} else {
			l.add(path, "unknown %s %q (%s)", what, *s, knownList(ids))
		}
	}
	return *s
}

// knownList names the valid ids, shortened when there are many.
func knownList(ids []string) string {
	const most = 10
	switch {
	case len(ids) == 0:
		return "none are defined"
	case len(ids) > most:
		return "known: " + strings.Join(ids[:most], ", ") + fmt.Sprintf(" and %d more", len(ids)-most)
	}
	return "known: " + strings.Join(ids, ", ")
}

func withArticleLoad(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// enum reads a string that must be one of allowed; def is used when the key
// is absent, and an empty def makes it required.
func (l *loader) enum(path string, s *string, def string, allowed []string) string {
	if s == nil {
		if def == "" {
			l.add(path, "missing; expected one of: %s", strings.Join(allowed, ", "))
		}
		return def
	}
	for _, a := range allowed {
		if *s == a {
			return a
		}
	}
	l.add(path, "unknown value %q; expected one of: %s", *s, strings.Join(allowed, ", "))
	return def
}

// line is the line of a path, for messages that point back at a first
// definition.
func (l *loader) line(path string) int {
	line, _ := l.index().lineCol(l.index().lookup(path))
	return line
}

// rule is the range a parameter's value (and low and high) must lie in.
type rule struct {
	lo, hi float64
	loOpen bool // lo itself is not allowed
	whole  bool // whole numbers only
	money  bool // format as £
}

var (
	ruleAny         = rule{lo: math.Inf(-1), hi: math.Inf(1)}
	ruleNonNeg      = rule{hi: math.Inf(1)}
	ruleAbove0      = rule{hi: math.Inf(1), loOpen: true}
	ruleMoney       = rule{hi: math.Inf(1), money: true}
	ruleMoneyAbove0 = rule{hi: math.Inf(1), loOpen: true, money: true}
	ruleShare       = rule{hi: 1}
	ruleAtLeast1    = rule{lo: 1, hi: math.Inf(1)}
	ruleLag         = rule{hi: 30, whole: true}
)

func (r rule) check(v float64) string {
	f := fmtNum
	if r.money {
		f = FormatMoney
	}
	switch {
	case r.whole && v != math.Trunc(v):
		return "must be a whole number, got " + fmtNum(v)
	case r.loOpen && v <= r.lo:
		return fmt.Sprintf("must be more than %s, got %s", f(r.lo), f(v))
	case v >= r.lo && v <= r.hi:
		return ""
	case !math.IsInf(r.hi, 1) && !math.IsInf(r.lo, -1):
		return fmt.Sprintf("must be between %s and %s, got %s", f(r.lo), f(r.hi), f(v))
	case v < r.lo && r.lo == 0:
		return "must not be negative, got " + f(v)
	case v < r.lo:
		return fmt.Sprintf("must be at least %s, got %s", f(r.lo), f(v))
	}
	return fmt.Sprintf("must be at most %s, got %s", f(r.hi), f(v))
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func nonFinite(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan is not allowed; expected a finite number"
	case math.IsInf(v, 0):
		return "inf is not allowed; expected a finite number"
	}
	return ""
}

// param reads a parameter: value, provenance and optional range. ok reports
// that it was present and its value, low and high are usable for checks
// between fields. An absent optional parameter is zero and not ok.
func (l *loader) param(path string, fp *paramFile, required bool, r rule) (Param, bool) {
	if fp == nil {
		if required {
			l.add(path, "missing; expected %s", paramExample)
		}
		return Param{}, false
	}
	ok := true
	num := func(key string, v *float64) float64 {
		if msg := nonFinite(*v); msg != "" {
			l.add(path+"."+key, "%s", msg)
			ok = false
			return 0
		}
		if msg := r.check(*v); msg != "" {
			l.add(path+"."+key, "%s", msg)
			ok = false
		}
		return *v
	}
	var p Param
	if fp.Value == nil {
		l.add(path+".value", "missing; expected a number")
		ok = false
	} else {
		p.Value = num("value", fp.Value)
	}
	p.Low, p.High = p.Value, p.Value
	switch {
	case fp.Low != nil && fp.High != nil:
		p.Low, p.High = num("low", fp.Low), num("high", fp.High)
		if ok && fp.Value != nil && p.Low > p.Value {
			l.add(path+".low", "low %s is above value %s", fmtNum(p.Low), fmtNum(p.Value))
			ok = false
		}
		if ok && fp.Value != nil && p.High < p.Value {
			l.add(path+".high", "high %s is below value %s", fmtNum(p.High), fmtNum(p.Value))
			ok = false
		}
	case fp.Low != nil:
		l.add(path+".low", "low without high; give both or neither")
		ok = false
	case fp.High != nil:
		l.add(path+".high", "high without low; give both or neither")
		ok = false
	}
	switch {
	case fp.Source != nil && fp.Assumption != nil:
		l.add(path, "has both source and assumption; give exactly one")
	case fp.Source != nil:
		p.Source = *fp.Source
		if _, known := l.sources[p.Source]; !known {
			l.add(path+".source", "unknown source %q (%s)", p.Source, knownList(l.srcIDs))
		}
	case fp.Assumption != nil:
		p.Assumption = *fp.Assumption
		if strings.TrimSpace(p.Assumption) == "" {
			l.add(path+".assumption", "empty; say why the figure was assumed")
		}
	default:
		l.add(path, "has neither source nor assumption; cite a [[sources]] id with source = \"...\" or say why it is assumed with assumption = \"...\"")
	}
	if fp.Note != nil {
		p.Note = *fp.Note
	}
	switch y := fp.Year.(type) {
	case nil:
	case string:
		p.Year = y
	case int64:
		p.Year = strconv.FormatInt(y, 10)
	default:
		l.add(path+".year", "wrong type: expected a string such as \"2017-18\" or a whole year such as 2019")
	}
	return p, ok
}

// schemaAt is the Go type of the file struct at a path such as
// silos[3].budget, or nil when the path is not in the format.
func schemaAt(path string) reflect.Type {
	t := reflect.TypeOf(placeFile{})
	for _, seg := range pathSegments(path) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if seg == "[]" {
			if t.Kind() != reflect.Slice {
				return nil
			}
			t = t.Elem()
			continue
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		found := false
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).Tag.Get("toml") == seg {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return t
}

// pathSegments splits a.b[3].c into a, b, [], c.
func pathSegments(path string) []string {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		if part == "" {
			continue
		}
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			segs = append(segs, name)
		}
		for rest != "" {
			segs = append(segs, "[]")
			_, rest, _ = strings.Cut(rest, "[")
		}
	}
	return segs
}

// splitPath returns the parent path and last key of a path.
func splitPath(path string) (parent, key string) {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// fieldNames lists the keys a table may have.
func fieldNames(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = t.Field(i).Tag.Get("toml")
	}
	return names
}

// describeType says in the file's terms what a key expects.
func describeType(t reflect.Type) string {
	if t == nil {
		return ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeOf(paramFile{}):
		return paramExample
	case reflect.TypeOf([]paramFile{}):
		return "an array of 10 parameters, decile 1 first"
	case reflect.TypeOf([]string{}):
		return `an array of ids such as ["a", "b"]`
	case reflect.TypeOf([]nbhdFile{}):
		return "an array of inline tables"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float64:
		return "a number"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Struct:
		return "a table"
	case reflect.Slice:
		return "an array of tables"
	case reflect.Interface:
		return `a string such as "2017-18"`
	}
	return ""
}

// closest suggests the allowed key nearest to a misspelt one, if any is
// within two edits.
func closest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := editDistance(key, a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

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
