package web

import (
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/absence/date"
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

func (f *form) text(name string, required bool, maxLen int) string {
	v := f.Values[name]
	switch {
	case v == "" && required:
		f.fail(name, "form.required")
	case utf8.RuneCountInString(v) > maxLen:
		f.fail(name, "absence.form.too_long")
	}
	return v
}

func (f *form) date(name string, required bool) date.Date {
	v := f.Values[name]
	if v == "" {
		if required {
			f.fail(name, "form.required")
		}
		return date.Date{}
	}
	d, err := date.Parse(v)
	if err != nil {
		f.fail(name, "absence.form.date_invalid")
	}
	return d
}

func (f *form) email(name string) string {
	v := f.text(name, false, 254)
	if v == "" {
		return ""
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@"):], ".") {
		f.fail(name, "form.email_invalid")
	}
	return strings.ToLower(v)
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

// hours reads contract hours per week ("32", "36,5", "36.5") as minutes.
func (f *form) hours(name string) int {
	v := strings.ReplaceAll(f.Values[name], ",", ".")
	if v == "" {
		f.fail(name, "form.required")
		return 0
	}
	h, err := strconv.ParseFloat(v, 64)
	if err != nil || h < 0 || h > 60 {
		f.fail(name, "absence.form.hours_invalid")
		return 0
	}
	return int(h*60 + 0.5)
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
