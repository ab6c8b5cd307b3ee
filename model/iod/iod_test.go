package iod

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"totalplace/model"
)

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadFixture(t *testing.T) {
	// Mixed case and a code: both ways of naming a district must work.
	rows, err := Read(open(t, "file2.csv.gz"), open(t, "file6.csv.gz"), []string{"alphaton", "E07000003"})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range rows {
		codes = append(codes, r.Code)
	}
	if got, want := strings.Join(codes, " "), "E01000001 E01000003 E01000004"; got != want {
		t.Fatalf("codes = %s, want %s (LSOA code order, Beta Vale left out)", got, want)
	}
	a := rows[0]
	// "1,296" is a quoted thousands value; the BOM must not hide the first header.
	if a.Population != 1296 || a.Children != 175 || a.Age16to59 != 656 || a.Age60Plus != 465 || a.WorkingAge != 715 {
		t.Errorf("populations of %s = %+v", a.Code, a)
	}
	if a.Name != "Alphaton 001A" || a.District != "Alphaton" || a.IMDRank != 32000 {
		t.Errorf("identity of %s = %q %q %d", a.Code, a.Name, a.District, a.IMDRank)
	}
	wantDeciles := [model.DomainCount]int{10, 10, 10, 9, 9, 9, 8, 8}
	if a.Deciles != wantDeciles {
		t.Errorf("deciles = %v, want %v", a.Deciles, wantDeciles)
	}
	if g := rows[2]; g.District != "Gamma, Upper" || g.Name != "Gamma, Upper 001A" {
		t.Errorf("quoted names: %q %q", g.District, g.Name)
	}
}

func TestReadMissingColumn(t *testing.T) {
	_, err := Read(open(t, "file2-missing-column.csv.gz"), open(t, "file6.csv.gz"), []string{"Alphaton"})
	var ie *Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if ie.File != file2Label || ie.Line != 1 || !strings.Contains(ie.Msg, "Crime Decile") {
		t.Errorf("err = %v; want File 2, line 1, naming the Crime Decile column", err)
	}
}

func TestReadBadNumber(t *testing.T) {
	_, err := Read(open(t, "file2.csv.gz"), open(t, "file6-bad-number.csv.gz"), []string{"Beta Vale"})
	var ie *Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if ie.File != file6Label || ie.Line != 3 || !strings.HasPrefix(ie.Column, "Total population") || !strings.Contains(ie.Msg, `"2,0o4"`) {
		t.Errorf("err = %v; want File 6, line 3, the population column and the bad value", err)
	}
}

func TestReadUnknownDistrict(t *testing.T) {
	_, err := Read(open(t, "file2.csv.gz"), open(t, "file6.csv.gz"), []string{"Alphaton", "Alpha"})
	var ue *UnknownDistrictError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want *UnknownDistrictError", err)
	}
	if ue.District != "Alpha" || len(ue.Suggestions) != 1 || ue.Suggestions[0] != "Alphaton" {
		t.Errorf("err = %v; want a suggestion of Alphaton", err)
	}
	_, err = Read(open(t, "file2.csv.gz"), open(t, "file6.csv.gz"), []string{"Nowhere"})
	if !errors.As(err, &ue) || len(ue.Suggestions) != 0 || !strings.Contains(err.Error(), "Nowhere") {
		t.Errorf("err = %v; want an unknown-district error with no suggestions", err)
	}
}

func gz(t *testing.T, s string) *bytes.Reader {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return bytes.NewReader(b.Bytes())
}

func TestReadBadDecileAndMissingRow(t *testing.T) {
	h2 := "LSOA code,LSOA name,Local Authority District code,Local Authority District name,Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile,Income Decile,Employment Decile,\"Education, Skills and Training Decile\",Health Deprivation and Disability Decile,Crime Decile,Barriers to Housing and Services Decile,Living Environment Decile\n"
	h6 := "LSOA code,Total population: mid 2015,Dependent Children aged 0-15,Population aged 16-59,Older population aged 60 and over,Working age population 18-59/64\n"
	_, err := Read(gz(t, h2+"E1,A 1,E7,A,5,1,2,3,4,5,6,7,11\n"), gz(t, h6), []string{"A"})
	var ie *Error
	if !errors.As(err, &ie) || ie.Line != 2 || !strings.HasPrefix(ie.Column, "Living Environment") || !strings.Contains(ie.Msg, "decile") {
		t.Errorf("err = %v; want line 2, Living Environment, a decile", err)
	}
	// Plain (uncompressed) CSV is accepted; a row missing from File 6 is reported.
	_, err = Read(strings.NewReader(h2+"E1,A 1,E7,A,5,1,2,3,4,5,6,7,8\n"), gz(t, h6+"E2,10,1,1,1,1\n"), []string{"A"})
	if !errors.As(err, &ie) || ie.File != file6Label || !strings.Contains(ie.Msg, "E1") {
		t.Errorf("err = %v; want File 6 missing E1", err)
	}
}

func TestWriteTOML(t *testing.T) {
	rows, err := Read(open(t, "file2.csv.gz"), open(t, "file6.csv.gz"), []string{"Gamma, Upper"})
	if err != nil {
		t.Fatal(err)
	}
	rows[0].Name = `Say "hi"\`
	var b bytes.Buffer
	if err := WriteTOML(&b, "iod2019", rows); err != nil {
		t.Fatal(err)
	}
	want := `[neighbourhoods]
source = "iod2019"
rows = [
  { code = "E01000004", name = "Say \"hi\"\\", district = "Gamma, Upper", population = 1000, children = 200, age16_59 = 600, age60_plus = 200, working_age = 650, imd_rank = 5000, imd = 2, income = 2, employment = 2, education = 2, health = 2, crime = 2, housing = 2, environment = 2 },
]
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// The real IoD2019 files, checked against data-brief §3.3.
func TestReadRealFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "imd2019")
	if _, err := os.Stat(filepath.Join(dir, File2Name)); err != nil {
		t.Skip("IoD2019 files not present:", err)
	}
	for _, tc := range []struct {
		districts []string
		lsoas     int
		people    float64
	}{
		{[]string{"Bromsgrove", "Malvern Hills", "Redditch", "Worcester", "Wychavon", "Wyre Forest"}, 364, 577914},
		{[]string{"Gateshead"}, 126, 201724},
		{[]string{"Lewisham"}, 169, 294999},
	} {
		rows, err := ReadDir(dir, tc.districts)
		if err != nil {
			t.Fatal(err)
		}
		var pop float64
		for _, r := range rows {
			pop += r.Population
		}
		if len(rows) != tc.lsoas || pop != tc.people {
			t.Errorf("%v: %d LSOAs, %.0f people; want %d and %.0f", tc.districts, len(rows), pop, tc.lsoas, tc.people)
		}
	}
	_, err := ReadDir(dir, []string{"Worcestershire"})
	var ue *UnknownDistrictError
	if !errors.As(err, &ue) {
		t.Errorf("Worcestershire (a county, not a district): err = %v", err)
	}
}

func TestSwappedFilesAreNamed(t *testing.T) {
	_, err := Read(open(t, "file6.csv.gz"), open(t, "file2.csv.gz"), []string{"Testshire"})
	if err == nil || !strings.Contains(err.Error(), "were File 2 and File 6 swapped?") {
		t.Errorf("swapped files: %v", err)
	}
}

// TestReadTwoByteOrderMarks: a File 2 opened and saved again in Excel keeps
// the original mark as a character and adds its own.
func TestReadTwoByteOrderMarks(t *testing.T) {
	h2 := "\ufeff\ufeffLSOA code,LSOA name,Local Authority District code,Local Authority District name,Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile,Income Decile,Employment Decile,\"Education, Skills and Training Decile\",Health Deprivation and Disability Decile,Crime Decile,Barriers to Housing and Services Decile,Living Environment Decile\n"
	h6 := "\ufeffLSOA code,Total population: mid 2015,Dependent Children aged 0-15,Population aged 16-59,Older population aged 60 and over,Working age population 18-59/64\n"
	rows, err := Read(gz(t, h2+"E1,A 1,E7,A,5,1,2,3,4,5,6,7,8\n"), gz(t, h6+"E1,10,1,1,1,1\n"), []string{"A"})
	if err != nil || len(rows) != 1 || rows[0].Population != 10 {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
}
