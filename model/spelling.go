package model

import (
	"fmt"
	"strings"
)

// Suggest returns the id in known nearest to word, for a "did you mean"
// after an unknown id: the nearest within two edits (insertions, deletions
// or substitutions), the first listed when several are as near, or "" when
// none is that near. A word that is in known is its own nearest.
func Suggest(word string, known []string) string { return closest(word, known) }

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
