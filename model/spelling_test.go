package model

import "testing"

func TestClosestNearAndTyped(t *testing.T) {
	known := []string{"early-help", "youth", "adult-social-care", "police"}
	for _, c := range []struct{ word, want string }{
		{"early-help", "early-help"}, // known: itself
		{"earlyhelp", "early-help"},  // one edit
		{"yuoth", "youth"},           // two edits
		{"adult-care", ""},           // too far
		{"polise", "police"},         // substitution
		{"", ""},                     // nothing typed
		{"xyz", ""},                  // nothing near
	} {
		if got := Closest(c.word, known); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := Closest("youth", nil); got != "" {
		t.Errorf("Suggest with nothing known = %q, want \"\"", got)
	}
	// A unique start of an id is a guess too; an ambiguous one is not.
	if got := Closest("worcester", []string{"worcestershire", "gateshead"}); got != "worcestershire" {
		t.Errorf("Closest(worcester) = %q", got)
	}
	if got := Closest("adu", []string{"adult-social-care", "adult-education"}); got != "" {
		t.Errorf("Closest(adu) = %q, want no guess", got)
	}
	// Ties go to the first listed.
	if got := Closest("cat", []string{"bat", "hat"}); got != "bat" {
		t.Errorf("Closest(cat) = %q, want the first of the equally near, bat", got)
	}
}
