// Command gen regenerates the [neighbourhoods] block at the end of each
// sample place from the IoD2019 files, leaving the hand-written part above
// it untouched. Run from the repository root:
//
//	go run ./sample-places/internal/gen [-data ../shared/data/imd2019]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"totalplace/model/iod"
)

// Places lists each sample place's local authority districts (2019 names).
var Places = []struct {
	ID        string
	Districts []string
}{
	{"worcestershire", []string{"Bromsgrove", "Malvern Hills", "Redditch", "Worcester", "Wychavon", "Wyre Forest"}},
	{"gateshead", []string{"Gateshead"}},
	{"lewisham", []string{"Lewisham"}},
}

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data", "imd2019"), "directory holding the IoD2019 File 2 and File 6 .csv.gz")
	dir := flag.String("dir", "sample-places", "directory holding the sample place files")
	flag.Parse()
	for _, p := range Places {
		if err := regenerate(filepath.Join(*dir, p.ID+".toml"), *data, p.Districts); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s: %v\n", p.ID, err)
			os.Exit(1)
		}
	}
}

func regenerate(path, data string, districts []string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rows, err := iod.ReadDir(data, districts)
	if err != nil {
		return err
	}
	head := old
	if i := bytes.Index(old, []byte("\n[neighbourhoods]")); i >= 0 {
		head = old[:i+1]
	}
	var b bytes.Buffer
	b.Write(bytes.TrimRight(head, "\n"))
	b.WriteString("\n\n")
	if err := iod.WriteTOML(&b, "iod2019", rows); err != nil {
		return err
	}
	var pop float64
	for _, r := range rows {
		pop += r.Population
	}
	fmt.Printf("%s: %d neighbourhoods, %.0f people\n", path, len(rows), pop)
	return os.WriteFile(path, b.Bytes(), 0o644)
}
