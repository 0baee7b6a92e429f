package importer

import (
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
)

// Message ids of the reasons a line is rejected (absence.import.reason.*),
// besides the employee form's own message ids for a bad field.
const (
	ReasonColumns         = "absence.import.reason.columns"          // another number of cells than the header
	ReasonAction          = "absence.import.reason.action"           // actie is not nieuw or update
	ReasonExists          = "absence.import.reason.exists"           // UI-id with nieuw: the employee exists
	ReasonNewWithID       = "absence.import.reason.new_with_id"      // an unknown UI-id with nieuw
	ReasonNotKnown        = "absence.import.reason.not_known"        // update without UI-id
	ReasonUnknownID       = "absence.import.reason.unknown_id"       // update with a UI-id the employer does not know
	ReasonDuplicateID     = "absence.import.reason.duplicate_id"     // the UI-id is on more lines
	ReasonDuplicateNumber = "absence.import.reason.duplicate_number" // the personnel number is on more lines
	ReasonNumberTaken     = "absence.import.reason.number_taken"     // another employee holds the personnel number
	ReasonBSNNotAllowed   = "absence.import.reason.bsn_not_allowed"  // the employer may not record BSNs
	// ReasonManagerUnknown: no leidinggevende of the employer has the
	// email address (or subject); ReasonManagerAmbiguous: several have it.
	ReasonManagerUnknown   = "absence.import.reason.manager_unknown"
	ReasonManagerAmbiguous = "absence.import.reason.manager_ambiguous"
	// ReasonGone is given when the accepted lines are written and the
	// employee of an update was deleted meanwhile.
	ReasonGone = "absence.import.reason.gone"
)

// Outcome is what a line does.
type Outcome string

// The outcomes of a line.
const (
	New      Outcome = "new"
	Update   Outcome = "update"
	Rejected Outcome = "rejected"
)

// Problem is one reason a line is rejected: a message id, and the column it
// is about ("" for the line as a whole).
type Problem struct {
	Column  string
	Message string
}

// Line is the verdict on one row of the file.
type Line struct {
	Line     int
	Outcome  Outcome
	ID       string                 // the UI-id of an update
	Employee employeeinput.Employee // the checked values of a new or updated employee
	// ManagerSub is the subject of the leidinggevende the line names ("" none;
	// only read when the sheet has the leidinggevende column).
	ManagerSub string
	Problems   []Problem // why a line is rejected
	// Cells are the row's cells in the order of Columns, for the download
	// of rejected lines.
	Cells []string
}

// Known is an employee the employer already has.
type Known struct {
	ID              string
	PersonnelNumber string
	ManagerSub      string // the stored leidinggevende: kept when the line names it
}

// Manager is one of the employer's leidinggevenden.
type Manager struct {
	Subject string
	Email   string // lower case; "" when not verified
}

// Options are what Check compares the sheet with.
type Options struct {
	Today      date.Date
	BSNAllowed bool    // the employer may record BSNs
	Known      []Known // every employee of the employer
	Managers   []Manager
}

// Report is the verdict on a whole sheet.
type Report struct {
	HasBSN bool // the file has a bsn column: updates then overwrite the BSN
	// HasManager: the file has a leidinggevende column; updates then
	// overwrite the leidinggevende.
	HasManager bool
	Lines      []Line
	New        int
	Updates    int
	Reject     int
}

// Check classifies every row of s. It never looks at another employer's
// employees: a UI-id that is not in o.Known is not known, whoever holds it.
func Check(s *Sheet, o Options) Report {
	byID := map[string]Known{}
	byNumber := map[string]Known{}
	for _, k := range o.Known {
		byID[k.ID] = k
		byNumber[k.PersonnelNumber] = k
	}
	ids, numbers := map[string]int{}, map[string]int{}
	for _, row := range s.Rows {
		if id := normalID(row.Cells[ColID]); id != "" {
			ids[id]++
		}
		if n := row.Cells[ColPersonnelNumber]; n != "" {
			numbers[n]++
		}
	}
	rep := Report{HasBSN: s.HasBSN, HasManager: s.HasManager}
	for _, row := range s.Rows {
		l := checkRow(row, o, byID, byNumber)
		if row.Count {
			if id := normalID(row.Cells[ColID]); ids[id] > 1 {
				l.Problems = append(l.Problems, Problem{Column: ColID, Message: ReasonDuplicateID})
			}
			if n := row.Cells[ColPersonnelNumber]; numbers[n] > 1 {
				l.Problems = append(l.Problems, Problem{Column: ColPersonnelNumber, Message: ReasonDuplicateNumber})
			}
		}
		if len(l.Problems) > 0 {
			l.Outcome, l.Employee = Rejected, employeeinput.Employee{}
		}
		switch l.Outcome {
		case New:
			rep.New++
		case Update:
			rep.Updates++
		default:
			rep.Reject++
		}
		rep.Lines = append(rep.Lines, l)
	}
	return rep
}

// checkRow classifies one row by the four situations and checks its fields.
func checkRow(row Row, o Options, byID, byNumber map[string]Known) Line {
	l := Line{Line: row.Line, Cells: make([]string, len(Columns))}
	for i, c := range Columns {
		l.Cells[i] = row.Cells[c.Name]
	}
	if !row.Count {
		l.Problems = []Problem{{Message: ReasonColumns}}
		return l
	}
	fail := func(column, msg string) { l.Problems = append(l.Problems, Problem{Column: column, Message: msg}) }
	id := normalID(row.Cells[ColID])
	update, ok := actionOf(row.Cells[ColAction])
	_, known := byID[id]
	switch {
	case !ok:
		fail(ColAction, ReasonAction)
	case id != "" && update && known:
		l.Outcome, l.ID = Update, id
	case id != "" && update:
		fail(ColID, ReasonUnknownID)
	case id != "" && known:
		fail(ColID, ReasonExists)
	case id != "":
		fail(ColID, ReasonNewWithID)
	case update:
		fail(ColID, ReasonNotKnown)
	default:
		l.Outcome = New
	}
	values := map[string]string{}
	for _, c := range Columns {
		if c.Field != "" {
			values[c.Field] = row.Cells[c.Name]
		}
	}
	if values[employeeinput.BSN] != "" && !o.BSNAllowed {
		fail(ColBSN, ReasonBSNNotAllowed)
		values[employeeinput.BSN] = ""
	}
	e, problems := employeeinput.Check(values, o.Today)
	for _, p := range problems {
		fail(columnOfField(p.Field), p.Message)
	}
	if holder, taken := byNumber[e.PersonnelNumber]; taken && e.PersonnelNumber != "" && holder.ID != id {
		fail(ColPersonnelNumber, ReasonNumberTaken)
	}
	sub, msg := resolveManager(values[employeeinput.Manager], o.Managers, byID[id].ManagerSub)
	if msg != "" {
		fail(ColManager, msg)
	}
	l.ManagerSub = sub
	l.Employee = e
	return l
}

// normalID is the UI-id as stored: trimmed, upper case.
func normalID(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func columnOfField(field string) string {
	for _, c := range Columns {
		if c.Field == field {
			return c.Name
		}
	}
	return field
}

// resolveManager finds the leidinggevende a cell names: the employee's
// current one by subject (as the export writes one without an email
// address), one of ms by subject, or by email address in any case. It
// returns the subject, or the message id of the problem.
func resolveManager(cell string, ms []Manager, current string) (string, string) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return "", ""
	}
	if current != "" && cell == current {
		return current, ""
	}
	for _, m := range ms {
		if m.Subject == cell {
			return m.Subject, ""
		}
	}
	email := strings.ToLower(cell)
	found := ""
	for _, m := range ms {
		if m.Email != "" && m.Email == email {
			if found != "" {
				return "", ReasonManagerAmbiguous
			}
			found = m.Subject
		}
	}
	if found == "" {
		return "", ReasonManagerUnknown
	}
	return found, ""
}
