package model

import (
	"reflect"
	"regexp"
	"strings"
)

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
	ID           *string        `toml:"id"`
	Name         *string        `toml:"name"`
	Kind         *string        `toml:"kind"`
	Region       *string        `toml:"region"`
	Description  *string        `toml:"description"`
	Illustrative *bool          `toml:"illustrative"`
	Population   *paramFile     `toml:"population"`
	PriceYear    *string        `toml:"price_year"`
	BaseYear     *int           `toml:"base_year"`
	HorizonYears *int           `toml:"horizon_years"`
	DiscountRate *paramFile     `toml:"discount_rate"`
	Appraisal    *appraisalFile `toml:"appraisal"`
}

type appraisalFile struct {
	QALYValue           *paramFile `toml:"qaly_value"`
	HealthDiscountRate  *paramFile `toml:"health_discount_rate"`
	OptimismStrong      *paramFile `toml:"optimism_bias_strong"`
	OptimismModerate    *paramFile `toml:"optimism_bias_moderate"`
	OptimismWeak        *paramFile `toml:"optimism_bias_weak"`
	TargetLeakage       *paramFile `toml:"target_leakage"`
	TargetConcentration *paramFile `toml:"target_concentration"`
	YearlyChangeWarning *paramFile `toml:"yearly_change_warning"`
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
	SetUp        *paramFile `toml:"set_up"`
	ReleaseYears *paramFile `toml:"release_years"`
	National     *bool      `toml:"national"`
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
	QALYPerCase    *paramFile    `toml:"qaly_per_case"`
	CaseShare      *paramFile    `toml:"case_share"`
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
	OnsetYears  *paramFile `toml:"onset_years"`
	Share       *paramFile `toml:"share"`
	Evidence    *string    `toml:"evidence"`
	Deadweight  *paramFile `toml:"deadweight"`
	Displace    *paramFile `toml:"displacement"`
}

type spilloverFile struct {
	Outcome      *string    `toml:"outcome"`
	Agency       *string    `toml:"agency"`
	Silo         *string    `toml:"silo"`
	CostPerCase  *paramFile `toml:"cost_per_case"`
	LagYears     *paramFile `toml:"lag_years"`
	Cashable     *paramFile `toml:"cashable"`
	CashableCost *paramFile `toml:"cashable_cost"`
	Note         *string    `toml:"note"`
}

type poolFile struct {
	ID          *string    `toml:"id"`
	Name        *string    `toml:"name"`
	Silos       []string   `toml:"silos"`
	CohortSpend *paramFile `toml:"cohort_spend"`
	AdminCost   *paramFile `toml:"admin_cost"`
	Saving      *paramFile `toml:"saving"`
	YearsToFull *paramFile `toml:"years_to_full"`
	// SiloCohortSpend is each member silo's spend on the cohort, in the order of silos.
	SiloCohortSpend []paramFile `toml:"silo_cohort_spend"`
	Cashable        *paramFile  `toml:"cashable"`
	SetUp           *paramFile  `toml:"set_up"`
}

// Allowed values of the enumerated keys; those of silo types and agency
// kinds are SiloTypes and AgencyKinds.
var (
	placeKinds    = []string{"county", "district", "unitary", "metropolitan borough", "london borough"}
	agencyLevels  = []string{"local", "national"}
	distributions = []string{"population", "children", "age16_59", "age60_plus", "working_age", "need"}
	rateBases     = []string{"percent", "per_1000", "per_10000", "per_100000", "none"}
	shapes        = []string{"linear", "geometric"}
	targetings    = []string{"need", "per_head"}
	placeIDRe     = regexp.MustCompile(`^[a-z0-9-]+$`)
)

const paramExample = `a parameter such as { value = 1_000_000, source = "..." }`

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
