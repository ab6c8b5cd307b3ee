package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"totalplace/internal/atomicfile"
	"totalplace/model"
	"totalplace/model/iod"
)

func newImportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Generate parts of a place file from published data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newImportIMDCmd())
	return cmd
}

type importIMDOptions struct {
	lads         []string
	file2, file6 string
	dir          string
	out          string
	source       string
}

func newImportIMDCmd() *cobra.Command {
	var o importIMDOptions
	cmd := &cobra.Command{
		Use:   "imd",
		Short: "Write a place's [neighbourhoods] from the English Indices of Deprivation 2019",
		Long: "Read IoD2019 File 2 (domains of deprivation) and File 6 (population\n" +
			"denominators), as published (gzip CSV) or plain CSV, and write the\n" +
			"[neighbourhoods] table of a place file for the named local authority\n" +
			"districts: one row per LSOA. Paste it into the place file, or use --out.\n\n" +
			"Download the files from\n" +
			"https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
		Example: "  totalplace import imd --lad Bromsgrove --lad \"Malvern Hills\" \\\n" +
			"      --file2 File_2_-_IoD2019_Domains_of_Deprivation.csv.gz \\\n" +
			"      --file6 File_6_-_IoD2019_Population_Denominators.csv.gz --out nbhds.toml\n" +
			"  totalplace import imd --lad Gateshead --dir ~/data/imd2019",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runImportIMD(cmd, o)
		},
	}
	f := cmd.Flags()
	// StringArray, not StringSlice: district names contain commas
	// ("Bristol, City of").
	f.StringArrayVar(&o.lads, "lad", nil, "local authority district name or code, 2019 boundaries (repeatable)")
	f.StringVar(&o.file2, "file2", "", "file 2 of the IoD2019, domains of deprivation (.csv.gz or .csv)")
	f.StringVar(&o.file6, "file6", "", "file 6 of the IoD2019, population denominators (.csv.gz or .csv)")
	f.StringVar(&o.dir, "dir", "", "directory holding File 2 and File 6 under their published names")
	f.StringVarP(&o.out, "out", "o", "", "write to this file instead of standard output")
	f.StringVar(&o.source, "source", "iod2019", "id of the [[sources]] entry the rows cite")
	_ = cmd.MarkFlagRequired("lad")
	return cmd
}

func runImportIMD(cmd *cobra.Command, o importIMDOptions) error {
	if o.dir != "" {
		if o.file2 == "" {
			o.file2 = filepath.Join(o.dir, iod.File2Name)
		}
		if o.file6 == "" {
			o.file6 = filepath.Join(o.dir, iod.File6Name)
		}
	}
	if o.file2 == "" || o.file6 == "" {
		return fmt.Errorf("need both IoD2019 files: give --file2 and --file6, or --dir with the published file names")
	}
	if strings.TrimSpace(o.source) == "" {
		return fmt.Errorf("--source is empty: expected the id of a [[sources]] entry, e.g. iod2019")
	}
	f2, err := os.Open(o.file2)
	if err != nil {
		return fmt.Errorf("--file2: %w", err)
	}
	defer f2.Close()
	f6, err := os.Open(o.file6)
	if err != nil {
		return fmt.Errorf("--file6: %w", err)
	}
	defer f6.Close()

	rows, err := iod.Read(f2, f6, o.lads)
	if err != nil {
		return err
	}
	// Render fully before touching the output, so a failure changes nothing.
	var buf bytes.Buffer
	if err := iod.WriteTOML(&buf, o.source, rows); err != nil {
		return err
	}
	if o.out == "" {
		if _, err := cmd.OutOrStdout().Write(buf.Bytes()); err != nil {
			return err
		}
	} else if err := writeFileAtomic(o.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(cmd.ErrOrStderr(), importSummary(rows, o.lads, o.out))
	return nil
}

func importSummary(rows []model.Neighbourhood, lads []string, out string) string {
	var pop float64
	for _, n := range rows {
		pop += n.Population
	}
	where := "standard output"
	if out != "" {
		where = out
	}
	return fmt.Sprintf("%s, population %s (mid-2015), in %s: written to %s",
		model.Plural(len(rows), "neighbourhood"), thousands(pop), strings.Join(lads, ", "), where)
}

// writeFileAtomic writes --out whole or not at all, so an existing file
// is never left half-written.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}
