package model

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 neighbourhoods", 1: "1 neighbourhood", 2: "2 neighbourhoods"} {
		if got := Plural(n, "neighbourhood"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Plural(2, "agency") + ", " + Plural(1, "agency") + ", " + Plural(2, "day"); got != "2 agencies, 1 agency, 2 days" {
		t.Errorf("Plural of -y nouns: %q", got)
	}
	one := Targeting{Neighbourhoods: []string{"E01000001"}}
	if got := one.String(); got != "1 neighbourhood" {
		t.Errorf("one LSOA targeted reads %q", got)
	}
}

func TestClosest(t *testing.T) {
	places := []string{"worcestershire", "gateshead", "lewisham"}
	for s, want := range map[string]string{
		"gatehead":  "gateshead",
		"Gateshead": "gateshead",
		"lewisam":   "lewisham",
		"worcester": "worcestershire",
		"atlantis":  "",
		"wo":        "",
		"x":         "",
	} {
		if got := Closest(s, places); got != want {
			t.Errorf("Closest(%q) = %q, want %q", s, got, want)
		}
	}
	if got := Closest("adult", []string{"adult_social_care", "adult_learning"}); got != "" {
		t.Errorf("an ambiguous start guessed %q", got)
	}
	if got := DidYouMean("gatehead", places); got != `; did you mean "gateshead"?` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("gateshead", places); got != "" {
		t.Errorf("DidYouMean of a known id = %q", got)
	}
}
