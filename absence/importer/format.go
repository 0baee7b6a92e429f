package importer

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
)

// Column names of the format, as the template writes them.
const (
	ColID              = "ui_id"
	ColAction          = "actie"
	ColPersonnelNumber = "personeelsnummer"
	ColName            = "naam"
	ColBirthDate       = "geboortedatum"
	ColEmail           = "email"
	ColContractHours   = "contracturen"
	ColEmploymentStart = "in_dienst"
	ColEmploymentEnd   = "uit_dienst"
	// ColManager is the leidinggevende's email address (or, when the
	// export knows none, their subject); optional.
	ColManager = "leidinggevende"
	ColBSN     = "bsn"
	// ColReason is the last column of the rejected-lines download; it is
	// ignored on import.
	ColReason = "reden"
)

// Column is one column of the import format.
type Column struct {
	Name    string   // as the template writes it
	Field   string   // the employeeinput field it fills; "" for ui_id and actie
	Aliases []string // other accepted header names, normalised
}

// Columns is the format in the order the template writes it. Every column is
// required in a file except leidinggevende and bsn.
var Columns = []Column{
	{ColID, "", []string{"ui-id", "uiid", "id", "employee_id", "medewerker_id"}},
	{ColAction, "", []string{"action", "mutatie"}},
	{ColPersonnelNumber, employeeinput.PersonnelNumber, []string{"personnel_number", "employee_number"}},
	{ColName, employeeinput.Name, []string{"name"}},
	{ColBirthDate, employeeinput.BirthDate, []string{"birth_date", "date_of_birth"}},
	{ColEmail, employeeinput.Email, []string{"e_mail", "emailadres", "e_mailadres", "email_address"}},
	{ColContractHours, employeeinput.ContractHours, []string{"contract_hours", "uren"}},
	{ColEmploymentStart, employeeinput.EmploymentStart, []string{"employment_start", "start_date"}},
	{ColEmploymentEnd, employeeinput.EmploymentEnd, []string{"employment_end", "end_date"}},
	{ColManager, employeeinput.Manager, []string{"manager", "leidinggevende_email", "manager_email"}},
	{ColBSN, employeeinput.BSN, []string{"burgerservicenummer", "citizen_service_number"}},
}

// ignored are header names whose cells are not read.
var ignored = []string{ColReason, "reason"}

// normalHeader lower-cases a header cell and writes spaces and hyphens as
// underscores.
func normalHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

// columnOf returns the column name a header cell stands for, "-" for an
// ignored column, or "" when it is unknown.
func columnOf(header string) string {
	h := normalHeader(header)
	for _, c := range Columns {
		if h == c.Name {
			return c.Name
		}
		for _, a := range c.Aliases {
			if h == normalHeader(a) {
				return c.Name
			}
		}
	}
	for _, name := range ignored {
		if h == name {
			return "-"
		}
	}
	return ""
}

// Action values written by the export and the template.
const (
	ActionNew    = "nieuw"
	ActionUpdate = "update"
)

// actionOf reads the control column: true for update, false for new; ok is
// false for anything else.
func actionOf(v string) (update, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "nieuw", "new":
		return false, true
	case "update", "wijzig", "wijziging":
		return true, true
	}
	return false, false
}

// formulaStart are the first characters OWASP lists for CSV injection
// (https://owasp.org/www-community/attacks/CSV_Injection).
const formulaStart = "=+-@\t\r"

// escaped reports whether s is a formula cell behind zero or more
// apostrophes: "=1", "'=1", "”=1".
func escaped(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && strings.ContainsRune(formulaStart, rune(rest[0]))
}

// Escape prefixes a cell that a spreadsheet could run as a formula with an
// apostrophe. A cell that already starts with apostrophes before such a
// character gets one more, so that Unescape gives back exactly s: a name
// typed as '=x is exported as ”=x (shown as '=x) and imported as '=x.
func Escape(s string) string {
	if escaped(s) {
		return "'" + s
	}
	return s
}

// Unescape removes the apostrophe Escape added: Unescape(Escape(s)) == s for
// every s.
func Unescape(s string) string {
	if strings.HasPrefix(s, "'") && escaped(s[1:]) {
		return s[1:]
	}
	return s
}

// Record is one employee as the export writes it: the UI-id, the action and
// the fields a line carries.
type Record struct {
	ID     string
	Action string // ActionNew or ActionUpdate
	employeeinput.Employee
	Manager string // the leidinggevende's email address or subject; "" none
}

// Cells returns r in column order, formatted as a Dutch spreadsheet expects
// (dates dd-mm-jjjj, hours with a decimal comma).
func (r Record) Cells() []string {
	return []string{r.ID, r.Action, r.PersonnelNumber, r.Name, r.BirthDate.Format("nl"), r.Email,
		FormatHours(r.ContractMinutes), r.EmploymentStart.Format("nl"), r.EmploymentEnd.Format("nl"), r.Manager, r.BSN}
}

// FormatHours writes minutes per week as hours with a decimal comma
// ("36,5"), to two decimals at most.
func FormatHours(minutes int) string {
	s := strconv.FormatFloat(float64(minutes)/60, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.ReplaceAll(s, ".", ",")
}

// Writer writes the import format: a byte order mark, ';' between cells (as
// a Dutch spreadsheet opens it) and the header; the bsn column only when
// asked for, and the reason column for rejected lines.
type Writer struct {
	w      *csv.Writer
	bsn    bool
	reason bool
}

// NewWriter writes the header to w. withBSN adds the bsn column;
// withReason adds the reden column.
func NewWriter(w io.Writer, withBSN, withReason bool) (*Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	wr := &Writer{w: cw, bsn: withBSN, reason: withReason}
	header := make([]string, 0, len(Columns)+1)
	for _, c := range Columns {
		header = append(header, c.Name)
	}
	return wr, wr.write(header, ColReason)
}

// Write writes one employee.
func (wr *Writer) Write(r Record) error { return wr.write(r.Cells(), "") }

// WriteRejected writes a rejected line: its cells in column order (as
// Line.Cells) and the reason text.
func (wr *Writer) WriteRejected(cells []string, reason string) error { return wr.write(cells, reason) }

func (wr *Writer) write(cells []string, reason string) error {
	out := make([]string, 0, len(Columns)+1)
	for i, c := range Columns {
		if c.Name == ColBSN && !wr.bsn {
			continue
		}
		v := ""
		if i < len(cells) {
			v = cells[i]
		}
		out = append(out, Escape(v))
	}
	if wr.reason {
		out = append(out, Escape(reason))
	}
	return wr.w.Write(out)
}

// Flush writes what is buffered and reports any error of the writer.
func (wr *Writer) Flush() error {
	wr.w.Flush()
	return wr.w.Error()
}
