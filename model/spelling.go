package model

import (
	"fmt"
	"strconv"
	"strings"
)

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
