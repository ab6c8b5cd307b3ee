package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAmountReads(t *testing.T) {
	for s, want := range map[string]float64{
		"5":        5e6, // a bare number is £ millions, in the app and on the command line
		"2.5":      2.5e6,
		"£5":       5e6,
		"5m":       5e6,
		"5 m":      5e6,
		"5M":       5e6,
		"£2.5m":    2.5e6,
		"£ 2.5m":   2.5e6,
		" 7 ":      7e6,
		".5m":      0.5e6,
		"250k":     250e3,
		"250 K":    250e3,
		"1,250k":   1.25e6,
		"12,500k":  12.5e6,
		"999":      999e6,
		"1bn":      1e9,
		"1.5b":     1.5e9,
		"2 bn":     2e9,
		"0.001k":   1,
		"1.001k":   1001, // exact: the decimal exponent is shifted, not multiplied
		"0.000001": 1,
	} {
		got, err := ParseAmount(s)
		if err != nil || got != want {
			t.Errorf("ParseAmount(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
}

func TestParseAmountRefuses(t *testing.T) {
	for s, want := range map[string]string{
		"":                             "empty",
		"   ":                          "empty",
		"m":                            "no number",
		"£":                            "no number",
		"lots":                         "expected a number",
		"5mm":                          "expected a number",
		"5 million":                    "expected a number",
		"5x":                           "expected a number",
		"-3":                           "sign",
		"+3m":                          "sign",
		"−3m":                          "sign",
		"1e6":                          "exponent",
		"1e99":                         "exponent",
		"2.5E3k":                       "exponent",
		"NaN":                          "not a number",
		"inf":                          "not a number",
		"-Inf":                         "sign",
		"1.2.3m":                       "decimal point",
		"1,5m":                         "commas only group thousands",
		"12,50k":                       "commas only group thousands",
		"1,2345k":                      "commas only group thousands",
		",500k":                        "commas only group thousands",
		"1,000,00k":                    "commas only group thousands",
		"1.5,000m":                     "comma after the decimal point",
		".":                            "no digits",
		"0":                            "£0",
		"0m":                           "£0",
		"0.0000001":                    "less than £1",
		"0.0001k":                      "less than £1",
		"0.0000004m":                   "less than £1",
		strings.Repeat("9", 400) + "m": "too large",
	} {
		v, err := ParseAmount(s)
		var ae *AmountError
		if !errors.As(err, &ae) {
			t.Errorf("ParseAmount(%q) = %v, %v; want an *AmountError", s, v, err)
			continue
		}
		if !strings.Contains(err.Error(), want) || ae.Text != s {
			t.Errorf("ParseAmount(%q): %q; want it to say %q", s, err, want)
		}
	}
}

// A bare number big enough to be pounds rather than millions is refused
// with a hint saying how to write either.
func TestParseAmountHintsAtPounds(t *testing.T) {
	for s, want := range map[string][]string{
		"12500":   {"£12.5bn", "for £12,500 type 12.5k", "or 12.5bn if you mean £12.5bn"},
		"12,500":  {"£12.5bn", "for £12,500 type 12.5k"},
		"£250000": {"£250bn", "for £250,000 type 250k"},
		"1000":    {"£1bn", "for £1,000 type 1k", "or 1bn"},
		"2500000": {"for £2,500,000 type 2.5m"},
	} {
		_, err := ParseAmount(s)
		if err == nil {
			t.Errorf("ParseAmount(%q) accepted", s)
			continue
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ParseAmount(%q): %q; want it to say %q", s, err, w)
			}
		}
	}
	// With a unit the same digits are what they say.
	if v, err := ParseAmount("12500k"); err != nil || v != 12.5e6 {
		t.Errorf("12500k = %v, %v", v, err)
	}
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"0":           "0",
		"999":         "999",
		"1000":        "1,000",
		"577914":      "577,914",
		"1234567":     "1,234,567",
		"-1234":       "-1,234",
		"-123":        "-123",
		"1234567.891": "1,234,567.891",
		"1234.":       "1,234.",
	} {
		if got := GroupThousands(in); got != want {
			t.Errorf("GroupThousands(%q) = %q, want %q", in, got, want)
		}
	}
}
