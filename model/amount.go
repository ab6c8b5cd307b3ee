package model

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// AmountError says why text is not an amount. Reason is written to follow
// "not an amount: ", so a caller that already shows the text can use it alone.
type AmountError struct {
	Text   string
	Reason string
}

func (e *AmountError) Error() string {
	return fmt.Sprintf("%q is not an amount: %s", e.Text, e.Reason)
}

// bareLimit is the smallest bare number refused as probably meant in
// pounds: read as £ millions it would be £1bn or more, more than any one
// move a workshop makes, while 12500 or 250000 are how people write pounds.
const bareLimit = 1000

// amountExample ends every reason that does not suggest something better.
const amountExample = "type e.g. 5m, 250k or 2.5m"

// grouped is a whole number with thousands commas in their only valid places.
var grouped = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+$`)

// exponent is a number written with an exponent, e.g. 1e6.
var exponent = regexp.MustCompile(`^[0-9.,]*[0-9][0-9.,]*e[+-]?[0-9]+$`)

// ParseAmount reads an amount of money a year, the one way the command line
// and the app both read one: a decimal number with an optional unit k, m or
// bn (or b), optionally a space before the unit, a £ before it and thousands
// commas in their places: "5m", "£2.5 m", "250k", "1,250k", "1bn". A bare
// number is £ millions ("5" is £5m), as the app has always said; a bare
// number of 1000 or more is refused with a hint, since whoever types 12500
// almost certainly means £12,500, not £12.5bn. Signs, exponents, NaN,
// infinities, misplaced commas and amounts below £1 are refused with a
// *AmountError saying why, never read as something else.
func ParseAmount(s string) (float64, error) {
	bad := func(format string, a ...any) error {
		return &AmountError{Text: s, Reason: fmt.Sprintf(format, a...)}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, bad("it is empty; %s", amountExample)
	}
	t = strings.TrimSpace(strings.TrimPrefix(t, "£"))
	lower := strings.ToLower(t)
	exp, unit := 6, "" // a bare number is £ millions
	for _, u := range []struct {
		suffix string
		exp    int
	}{{"bn", 9}, {"b", 9}, {"m", 6}, {"k", 3}} {
		if strings.HasSuffix(lower, u.suffix) {
			lower, exp, unit = strings.TrimSpace(strings.TrimSuffix(lower, u.suffix)), u.exp, u.suffix
			break
		}
	}
	num := lower
	switch {
	case num == "":
		return 0, bad("no number; %s", amountExample)
	case strings.HasPrefix(num, "-") || strings.HasPrefix(num, "+") || strings.HasPrefix(num, "−"):
		return 0, bad("no + or − sign: an amount is what moves, and money moves back by a move the other way")
	case num == "nan" || strings.TrimLeft(num, "+-−") == "inf" || strings.TrimLeft(num, "+-−") == "infinity":
		return 0, bad("not a number; %s", amountExample)
	case exponent.MatchString(num):
		return 0, bad("no exponents (1e6); write the unit instead, e.g. 1m, 250k or 2.5bn")
	case strings.Trim(num, "0123456789.,") != "":
		return 0, bad("expected a number and an optional unit k, m or bn; %s", amountExample)
	case strings.Count(num, ".") > 1:
		return 0, bad("more than one decimal point")
	}
	whole, frac, _ := strings.Cut(num, ".")
	switch {
	case strings.Contains(frac, ","):
		return 0, bad("a comma after the decimal point; commas only group thousands, e.g. 12,500")
	case strings.Contains(whole, ",") && !grouped.MatchString(whole):
		return 0, bad("commas only group thousands, e.g. 1,250k; for a fraction use a point, e.g. 1.5m")
	case strings.Trim(whole+frac, ",") == "":
		return 0, bad("no digits; %s", amountExample)
	}
	digits := strings.ReplaceAll(whole, ",", "") + "." + frac
	// Shifting the decimal exponent rather than multiplying keeps every
	// written amount exact: 1.001k is £1,001, not £1,000.9999999.
	v, err := strconv.ParseFloat(digits+"e"+strconv.Itoa(exp), 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, bad("far too large")
	}
	if err != nil {
		return 0, bad("expected a number; %s", amountExample)
	}
	if unit == "" {
		if n, _ := strconv.ParseFloat(digits, 64); n >= bareLimit {
			return 0, bad("a bare number is £ millions, so this is %s; for %s type %s, or %s if you mean %s",
				FormatMoney(v), poundsText(n), poundsWithUnit(n), strconv.FormatFloat(n/1e3, 'f', -1, 64)+"bn", FormatMoney(v))
		}
	}
	switch {
	case v == 0:
		return 0, bad("it is £0; a move needs an amount of at least £1")
	case v < 1:
		return 0, bad("less than £1 a year; amounts are whole pounds or more")
	}
	return v, nil
}

// poundsText writes n pounds in full with grouped digits: £12,500.
func poundsText(n float64) string {
	whole, frac, _ := strings.Cut(strconv.FormatFloat(n, 'f', -1, 64), ".")
	if frac != "" {
		frac = "." + frac
	}
	return "£" + GroupThousands(whole) + frac
}

// poundsWithUnit is how to type n pounds: 12.5k, 1.5m.
func poundsWithUnit(n float64) string {
	if n >= 1e6 {
		return strconv.FormatFloat(n/1e6, 'f', -1, 64) + "m"
	}
	return strconv.FormatFloat(n/1e3, 'f', -1, 64) + "k"
}

// GroupThousands puts commas between the thousands of a number written in
// decimal digits, with an optional sign and fraction: "-1234567.5" is
// "-1,234,567.5". It is the one grouping every figure shown uses.
func GroupThousands(s string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}
