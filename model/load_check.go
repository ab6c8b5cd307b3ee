package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

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

func withArticleLoad(s string) string {
	if strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// enum reads a string that must be one of allowed, as a string or a string
// type such as SiloType; def is used when the key is absent, and an empty
// def makes it required.
func enum[T ~string](l *loader, path string, s *string, def T, allowed []T) T {
	if s == nil {
		if def == "" {
			l.add(path, "missing; expected one of: %s", joinValues(allowed))
		}
		return def
	}
	for _, a := range allowed {
		if *s == string(a) {
			return a
		}
	}
	l.add(path, "unknown value %q; expected one of: %s", *s, joinValues(allowed))
	return def
}

// joinValues lists allowed values for a message.
func joinValues[T ~string](values []T) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
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
	ruleAbove0      = rule{hi: math.Inf(1), loOpen: true}
	ruleMoney       = rule{hi: math.Inf(1), money: true}
	ruleMoneyAbove0 = rule{hi: math.Inf(1), loOpen: true, money: true}
	ruleShare       = rule{hi: 1}
	ruleAtLeast1    = rule{lo: 1, hi: math.Inf(1)}
	ruleLag         = rule{hi: 30, whole: true}
	// A movable part freed over more years than a run lasts is not one the
	// run can show.
	ruleReleaseYears = rule{lo: 1, hi: 10, whole: true}
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
