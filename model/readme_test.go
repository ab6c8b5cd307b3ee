package model_test

import (
	"os"
	"strings"
	"testing"

	"totalplace/model"
)

// TestReadmeExample keeps the README's place-file example true: it must
// load, and a move in it must recalculate.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, "```toml\n[place]")
	if start < 0 {
		t.Fatal("README has no ```toml example starting with [place]")
	}
	body := text[start+len("```toml\n"):]
	body = body[:strings.Index(body, "```")]
	p, err := model.Parse("README.md example", []byte(body))
	if err != nil {
		t.Fatalf("the README example does not load:\n%v", err)
	}
	// Cutting public health lowers employment, which costs DWP.
	r, err := model.NewEngine(p).Run(model.Scenario{Moves: []model.Move{{From: "public_health", To: "libraries", Amount: 100_000}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcomes[0].Change() >= 0 || r.Ledger[1].TotalSavings >= 0 {
		t.Errorf("cutting public health: employment change %v, DWP savings %v; want both negative", r.Outcomes[0].Change(), r.Ledger[1].TotalSavings)
	}
	_, err = model.NewEngine(p).Run(model.Scenario{Moves: []model.Move{{From: "libraries", To: "benefits", Amount: 1000}}})
	if err == nil || !strings.Contains(err.Error(), "unemployment benefits is a transfer payment set nationally") {
		t.Fatalf("moving into the transfer payment: got %v", err)
	}
	_, err = model.NewEngine(p).Run(model.Scenario{Moves: []model.Move{{From: "benefits", To: "public_health", Amount: 1000}}})
	if err == nil || !strings.Contains(err.Error(), "unemployment benefits is an entitlement: £0 of £500k can move") {
		t.Fatalf("moving out of the entitlement: got %v", err)
	}
}
