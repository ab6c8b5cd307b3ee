// Package sampleplaces embeds the sample place files shipped with
// totalplace: three illustrative places whose budgets are derived from
// regional public spend per head and whose neighbourhoods come from the
// English Indices of Deprivation 2019.
package sampleplaces

import (
	"embed"
	"fmt"
	"os"
	"strings"

	"totalplace/model"
)

//go:embed *.toml
var files embed.FS

// ids is the order places are offered in: the best documented first.
var ids = []string{"worcestershire", "gateshead", "lewisham"}

// Info describes an embedded place.
type Info struct {
	ID, Name       string
	Population     float64
	Neighbourhoods int
	TotalSpend     float64
}

// IDs lists the embedded places.
func IDs() []string { return append([]string(nil), ids...) }

// Source returns the raw TOML of an embedded place, for export.
func Source(id string) ([]byte, bool) {
	if !known(id) {
		return nil, false
	}
	b, err := files.ReadFile(id + ".toml")
	return b, err == nil
}

// Load parses and checks an embedded place.
func Load(id string) (*model.Place, error) {
	b, ok := Source(id)
	if !ok {
		return nil, fmt.Errorf("no sample place %q (known: %s)", id, strings.Join(ids, ", "))
	}
	return model.Parse(id+".toml", b)
}

// List loads every embedded place and summarises it.
func List() ([]Info, error) {
	out := make([]Info, 0, len(ids))
	for _, id := range ids {
		p, err := Load(id)
		if err != nil {
			return nil, err
		}
		out = append(out, Info{ID: id, Name: p.Name, Population: p.Population.Value, Neighbourhoods: len(p.Neighbourhoods), TotalSpend: p.TotalSpend()})
	}
	return out, nil
}

// Open accepts an embedded id or a path to a place file. A bare id wins
// over a file of the same name in the working directory.
func Open(idOrPath string) (*model.Place, error) {
	if known(idOrPath) {
		return Load(idOrPath)
	}
	if _, err := os.Stat(idOrPath); os.IsNotExist(err) && !strings.ContainsAny(idOrPath, `/\.`) {
		return nil, fmt.Errorf("%q is neither a sample place (%s) nor a place file%s", idOrPath, strings.Join(ids, ", "), model.DidYouMean(idOrPath, ids))
	}
	return model.Load(idOrPath)
}

func known(id string) bool {
	for _, k := range ids {
		if k == id {
			return true
		}
	}
	return false
}
