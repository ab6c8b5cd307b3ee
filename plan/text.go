package plan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"totalplace/model"
	"totalplace/report"
)

// Writer is the function that writes a plan in format as one stream: md,
// html or json (csv is a table a file: CSVTables).
func Writer(format string) (func(io.Writer, *Plan) error, bool) {
	w, ok := map[string]func(io.Writer, *Plan) error{"md": Markdown, "html": HTML, "json": JSON}[format]
	return w, ok
}

// JSON writes the whole plan as indented JSON, as docs/plan-schema.json
// describes it. Struct order fixes the field order and every list is in
// a stated order, so the bytes depend on the plan alone.
func JSON(w io.Writer, pl *Plan) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(pl); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Words and numbers shared by the formats.

// fig writes an outcome figure with as many decimals as its size needs.
func fig(v float64) string {
	a := math.Abs(v)
	var s string
	switch {
	case a >= 1000:
		s = model.GroupThousands(strconv.FormatFloat(v, 'f', 0, 64))
	case a >= 100:
		s = strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 10:
		s = strconv.FormatFloat(v, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(v, 'f', 3, 64)
	}
	if s == "-0.000" || s == "-0.00" || s == "-0.0" || s == "-0" {
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// signedFig is fig with a sign: "+0.120", "−1.40".
func signedFig(v float64) string {
	s := fig(v)
	switch {
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	case strings.Trim(s, "0.,") == "":
		return s
	}
	return "+" + s
}

// signedMoney writes £ with a sign for nets: "+£3.1m", "−£12m", "£0".
func signedMoney(v float64) string {
	s := model.FormatMoney(v)
	switch {
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	case v >= 0.5:
		return "+" + s
	}
	return s
}

func unitOf(o Outcome) string {
	if o.Unit == "" {
		return ""
	}
	return " (" + o.Unit + ")"
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006")
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func payback(row LedgerRow, horizon int) string {
	return report.Payback(row.PaybackYear, row.NeverPaysBack, horizon)
}

func targetText(m Move) string {
	if m.Target == "" || m.Target == "place-wide" {
		return ""
	}
	return ", " + m.Target
}

// howText says who made a move happen.
func howText(pl *Plan, m Move) (proposed, agreed string) {
	proposed = nameOf(pl.Participants, m.ProposedBy)
	switch {
	case m.Seq == 0:
		return "not recorded", "–"
	case m.How == "agreed":
		return proposed, nameOf(pl.Participants, m.AgreedBy) + " for " + agencyLabel(pl, m.FromAgency)
	case ownAgency(pl, m):
		return proposed, "own agency's money"
	}
	return proposed, "no agreement needed (" + roleOf(pl, m.ProposedBy) + ")"
}

func ownAgency(pl *Plan, m Move) bool {
	for _, q := range pl.Participants {
		if q.ID == m.ProposedBy {
			return q.Agency != "" && q.Agency == m.FromAgency
		}
	}
	return false
}

func roleOf(pl *Plan, id string) string {
	for _, q := range pl.Participants {
		if q.ID == id {
			if q.Role == "facilitator" {
				return "facilitator"
			}
			return "consent off"
		}
	}
	return "unknown"
}

func agencyLabel(pl *Plan, id string) string {
	for _, a := range pl.Agencies {
		if a.ID == id {
			return a.Short
		}
	}
	return id
}

func outcomeName(pl *Plan, id string) string {
	for _, o := range pl.Outcomes {
		if o.ID == id {
			return o.Name
		}
	}
	return id
}

// figureValue writes a figure of the evidence appendix with its range.
func figureValue(f Figure) string {
	s := numText(f.Value)
	if f.Low != f.Value || f.High != f.Value {
		s += " (" + numText(f.Low) + "–" + numText(f.High) + ")"
	}
	return s
}

// numText writes a place figure, which may be pounds or a rate: whole
// numbers grouped, others to four significant figures.
func numText(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return model.GroupThousands(strconv.FormatFloat(v, 'f', 0, 64))
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// moneyText is model.FormatMoney with a true minus sign.
func moneyText(v float64) string {
	s := model.FormatMoney(v)
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}

// rateText writes a rate such as a discount rate: "3.5%".
func rateText(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64) + "%"
}

// moveWords says a move in one line: "£5m a year from NHS health care
// (NHS ICB) to Public health (County council)".
func moveWords(pl *Plan, m Move) string {
	return fmt.Sprintf("%s a year from %s to %s (%s → %s)%s", model.FormatMoney(m.Amount), m.FromName, m.ToName,
		agencyLabel(pl, m.FromAgency), agencyLabel(pl, m.ToAgency), targetText(m))
}
