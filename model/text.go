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
