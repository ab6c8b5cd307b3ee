package model

import (
	"os"
	"strings"
	"testing"
)

func TestSiloTypesAndAgencyKinds(t *testing.T) {
	if !SiloTransfer.IsTransfer() || SiloService.IsTransfer() || SiloType("").IsTransfer() {
		t.Error("IsTransfer: want true for transfer only")
	}
	if !AgencyLocalAuthority.IsLocalAuthority() || AgencyNHS.IsLocalAuthority() || AgencyKind("").IsLocalAuthority() {
		t.Error("IsLocalAuthority: want true for local-authority only")
	}
	// The format's documentation names every value the loader accepts.
	doc, err := os.ReadFile("../docs/place-format.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range AgencyKinds {
		if !strings.Contains(string(doc), "`"+string(k)+"`") {
			t.Errorf("agency kind %q is not in docs/place-format.md", k)
		}
	}
	for _, k := range SiloTypes {
		if !strings.Contains(string(doc), "`"+string(k)+"`") {
			t.Errorf("silo type %q is not in docs/place-format.md", k)
		}
	}

	p, err := Load("testdata/valid.toml")
	if err != nil {
		t.Fatal(err)
	}
	var transfers, councils int
	for _, s := range p.Silos {
		if s.Type.IsTransfer() {
			transfers++
		}
	}
	for _, a := range p.Agencies {
		if a.Kind.IsLocalAuthority() {
			councils++
		}
	}
	if transfers == 0 || councils == 0 {
		t.Errorf("valid.toml: %d transfer silos and %d local authorities, want some of each", transfers, councils)
	}
}
