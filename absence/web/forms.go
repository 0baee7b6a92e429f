package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
)

// form reads and checks posted fields, collecting one message id per field.
type form struct {
	r      *http.Request
	Values map[string]string
	Errors map[string]string
	order  []string
}

func newForm(r *http.Request, fields ...string) *form {
	f := &form{r: r, Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range fields {
		f.Values[name] = strings.TrimSpace(r.PostFormValue(name))
	}
	return f
}

func (f *form) fail(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
		f.order = append(f.order, msg)
	}
}

// OK reports whether no field failed.
func (f *form) OK() bool { return len(f.Errors) == 0 }

// List returns the messages in the order the fields failed.
func (f *form) List() []string { return f.order }

// text reads a text field: required and at most maxLen characters (the
// rules of package employeeinput).
func (f *form) text(name string, required bool, maxLen int) string {
	v, msg := employeeinput.Text(f.Values[name], required, maxLen)
	if msg != "" {
		f.fail(name, msg)
	}
	return v
}

// date reads a date field (ISO or dd-mm-jjjj).
func (f *form) date(name string, required bool) date.Date {
	d, msg := employeeinput.Date(f.Values[name], required)
	if msg != "" {
		f.fail(name, msg)
	}
	return d
}

// intRange reads an optional whole number in [lo, hi]; empty gives 0.
func (f *form) intRange(name string, required bool, lo, hi int, msg string) int {
	v := f.Values[name]
	if v == "" {
		if required {
			f.fail(name, "form.required")
		}
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, "%"))
	if err != nil || n < lo || n > hi {
		f.fail(name, msg)
	}
	return n
}

// contractHours formats minutes per week as hours for a page.
type contractHours int

// Format returns "36" or "36,5" (nl) / "36.5" (en).
func (m contractHours) Format(lang string) string {
	s := strconv.FormatFloat(float64(m)/60, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s) > i+3 {
		s = s[:i+3]
	}
	if lang == "nl" {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}
