package plan

import (
	"fmt"
	"reflect"
	"strings"

	"totalplace/model"
)

// evidenceOf lists every figure of the place with its provenance, walking
// the place by reflection so a figure added to the format later is listed
// too, each named by where it sits ("silo asc · budget"). Optional figures
// the file left out (no source, no assumption) are not figures.
func evidenceOf(p *model.Place) Evidence {
	ev := Evidence{Sources: []Source{}, Figures: []Figure{}}
	uses := map[string]int{}
	paramType := reflect.TypeFor[model.Param]()
	var walk func(v reflect.Value, path []string)
	walk = func(v reflect.Value, path []string) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			if v.Type() == paramType {
				pr := v.Interface().(model.Param)
				if pr.Source == "" && pr.Assumption == "" {
					return
				}
				f := Figure{What: strings.Join(path, " · "), Value: pr.Value, Low: pr.Low, High: pr.High, Source: pr.Source,
					Assumption: pr.Assumption, Note: pr.Note, Year: pr.Year}
				if pr.IsAssumption() {
					ev.Assumed++
					f.Source = ""
				} else {
					ev.Cited++
					uses[pr.Source]++
				}
				ev.Figures = append(ev.Figures, f)
				return
			}
			t := v.Type()
			for i := range v.NumField() {
				if t.Field(i).IsExported() {
					walk(v.Field(i), append(path, words(t.Field(i).Name)))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), append(path[:len(path):len(path)], label(v.Index(i), i)))
			}
		}
	}
	walk(reflect.ValueOf(p).Elem(), nil)
	for _, s := range p.Sources {
		ev.Sources = append(ev.Sources, Source{ID: s.ID, Title: s.Title, URL: s.URL, What: s.What, Figures: uses[s.ID]})
	}
	return ev
}

// label names one element of a list of the place: by its id, or for an
// effect or a spillover by what it links, else by its position.
func label(v reflect.Value, i int) string {
	if v.Kind() != reflect.Struct {
		return fmt.Sprint(i + 1)
	}
	str := func(name string) string {
		if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
		return ""
	}
	if id := str("ID"); id != "" {
		return id
	}
	var parts []string
	for _, n := range []string{"Silo", "Outcome", "Agency"} {
		if s := str(n); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, " → ")
	}
	return fmt.Sprint(i + 1)
}

// words turns a Go field name into lower-case words: "CostPerCase" →
// "cost per case", "ByDecile" → "by decile"; an acronym stays whole.
func words(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 && (rs[i-1] < 'A' || rs[i-1] > 'Z' || (i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z')) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	s := b.String()
	if strings.ToUpper(s) == s {
		return s
	}
	return strings.ToLower(s)
}
