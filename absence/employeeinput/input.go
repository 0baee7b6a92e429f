package employeeinput

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mijnaccount/mijnaccount/absence/bsn"
	"github.com/mijnaccount/mijnaccount/absence/date"
)

// The field names, as the form posts them.
const (
	PersonnelNumber = "personnel_number"
	Name            = "name"
	BirthDate       = "birth_date"
	Email           = "email"
	BSN             = "bsn"
	ContractHours   = "contract_hours"
	EmploymentStart = "employment_start"
	EmploymentEnd   = "employment_end"
	// Manager is the employee's leidinggevende: on the form the subject of
	// one of the employer's leidinggevenden, in the import their email
	// address (or subject). It is not one of Fields: the caller resolves
	// it against the employer's leidinggevenden.
	Manager = "manager"
)

// Fields are every field name, in the order the form shows them.
var Fields = []string{PersonnelNumber, Name, BirthDate, Email, BSN, ContractHours, EmploymentStart, EmploymentEnd}

// Message ids of the problems Check reports.
const (
	MsgRequired        = "form.required"
	MsgTooLong         = "absence.form.too_long"
	MsgDateInvalid     = "absence.form.date_invalid"
	MsgEmailInvalid    = "form.email_invalid"
	MsgHoursInvalid    = "absence.form.hours_invalid"
	MsgBirthDateFuture = "absence.form.birth_date_future"
	MsgEndBeforeStart  = "absence.form.end_before_start"
	MsgBSNInvalid      = "absence.form.bsn_invalid"
)

// Maximum lengths in characters.
const (
	MaxPersonnelNumber = 32
	MaxName            = 200
	MaxEmail           = 254
	MaxBSN             = 20
)

// Employee is the checked input: text trimmed, the email address in lower
// case, the BSN as nine digits ("" when not given).
type Employee struct {
	PersonnelNumber string
	Name            string
	BirthDate       date.Date
	Email           string
	ContractMinutes int
	EmploymentStart date.Date
	EmploymentEnd   date.Date // zero: still employed
	BSN             string
}

// Problem is a field that failed, with the message id saying why.
type Problem struct {
	Field   string
	Message string
}

// Check reads values (field name → text) and returns the employee and the
// problems, at most one per field, in the order the form shows the fields
// (the BSN last). A birth date must lie before today.
func Check(values map[string]string, today date.Date) (Employee, []Problem) {
	var e Employee
	var problems []Problem
	seen := map[string]bool{}
	fail := func(field, msg string) {
		if msg != "" && !seen[field] {
			seen[field] = true
			problems = append(problems, Problem{Field: field, Message: msg})
		}
	}
	get := func(name string) string { return strings.TrimSpace(values[name]) }
	var msg string
	e.PersonnelNumber, msg = Text(get(PersonnelNumber), true, MaxPersonnelNumber)
	fail(PersonnelNumber, msg)
	e.Name, msg = Text(get(Name), true, MaxName)
	fail(Name, msg)
	e.BirthDate, msg = Date(get(BirthDate), true)
	fail(BirthDate, msg)
	if !e.BirthDate.IsZero() && !e.BirthDate.Before(today) {
		fail(BirthDate, MsgBirthDateFuture)
	}
	e.Email, msg = EmailAddress(get(Email))
	fail(Email, msg)
	e.ContractMinutes, msg = Hours(get(ContractHours))
	fail(ContractHours, msg)
	e.EmploymentStart, msg = Date(get(EmploymentStart), true)
	fail(EmploymentStart, msg)
	e.EmploymentEnd, msg = Date(get(EmploymentEnd), false)
	fail(EmploymentEnd, msg)
	if !e.EmploymentEnd.IsZero() && e.EmploymentEnd.Before(e.EmploymentStart) {
		fail(EmploymentEnd, MsgEndBeforeStart)
	}
	if v, msg := Text(get(BSN), false, MaxBSN); msg != "" {
		fail(BSN, msg)
	} else if v != "" {
		if n, ok := bsn.Normal(v); ok {
			e.BSN = n
		} else {
			fail(BSN, MsgBSNInvalid)
		}
	}
	return e, problems
}

// Text checks a text: required and at most maxLen characters. It returns
// the text and the message id of the problem, or "".
func Text(v string, required bool, maxLen int) (string, string) {
	switch {
	case v == "" && required:
		return v, MsgRequired
	case utf8.RuneCountInString(v) > maxLen:
		return v, MsgTooLong
	}
	return v, ""
}

// Date reads a date as date.Parse does (ISO or dd-mm-jjjj); "" is the zero
// date, a problem when required.
func Date(v string, required bool) (date.Date, string) {
	if v == "" {
		if required {
			return date.Date{}, MsgRequired
		}
		return date.Date{}, ""
	}
	d, err := date.Parse(v)
	if err != nil {
		return date.Date{}, MsgDateInvalid
	}
	return d, ""
}

// EmailAddress checks an optional email address: a plain address with a dot
// in the domain. It returns the address in lower case.
func EmailAddress(v string) (string, string) {
	if v, msg := Text(v, false, MaxEmail); v == "" || msg != "" {
		return v, msg
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@"):], ".") {
		return strings.ToLower(v), MsgEmailInvalid
	}
	return strings.ToLower(v), ""
}

// Hours reads required contract hours per week ("32", "36,5", "36.5") from
// 0 to 60 and returns them in minutes.
func Hours(v string) (int, string) {
	v = strings.ReplaceAll(v, ",", ".")
	if v == "" {
		return 0, MsgRequired
	}
	h, err := strconv.ParseFloat(v, 64)
	if err != nil || !(h >= 0 && h <= 60) { // also refuses NaN
		return 0, MsgHoursInvalid
	}
	return int(h*60 + 0.5), ""
}
