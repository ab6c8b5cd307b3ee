package model

import "testing"

func TestSuggest(t *testing.T) {
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
		if got := Suggest(c.word, known); got != c.want {
			t.Errorf("Suggest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	if got := Suggest("youth", nil); got != "" {
		t.Errorf("Suggest with nothing known = %q, want \"\"", got)
	}
	// Ties go to the first listed.
	if got := Suggest("cat", []string{"bat", "hat"}); got != "bat" {
		t.Errorf("Suggest(cat) = %q, want the first of the equally near, bat", got)
	}
}
