package model

import (
	"strconv"
	"strings"
)

// Plural writes a count and its noun, the noun singular for one:
// "1 neighbourhood", "3 neighbourhoods", "2 agencies".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if stem, ok := strings.CutSuffix(noun, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		noun = stem + "ie"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Closest returns the candidate that s most likely mistypes, or "" if none
// is close: the one within two edits (as validate suggests ids), else the
// only one that s begins, at three letters or more ("worcester" for
// "worcestershire").
func Closest(s string, candidates []string) string {
	if c := closest(s, candidates); c != "" {
		return c
	}
	if len(s) < 3 {
		return ""
	}
	found := ""
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			if found != "" {
				return "" // ambiguous: better no guess than a wrong one
			}
			found = c
		}
	}
	return found
}

// DidYouMean is "; did you mean "X"?" for the closest candidate to s, or "".
func DidYouMean(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" && c != s {
		return "; did you mean " + strconv.Quote(c) + "?"
	}
	return ""
}
