package importer

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

var today = date.MustParse("2026-03-02")

// known: the employer's employees. MW-OTHERORG is another employer's and
// never given to Check.
var known = []Known{{ID: "MW-AAAAAAAA", PersonnelNumber: "1001"}, {ID: "MW-BBBBBBBB", PersonnelNumber: "1002"}}

// line is a data line with the given UI-id, actie and personnel number and
// valid other cells; extra overrides cells by column name.
func line(id, action, number string, extra ...string) string {
	cells := map[string]string{ColID: id, ColAction: action, ColPersonnelNumber: number, ColName: "Sanne de Vries",
		ColBirthDate: "12-04-1985", ColEmail: "sanne@bakkerij.example", ColContractHours: "32,5", ColEmploymentStart: "2020-01-01"}
	for i := 0; i < len(extra); i += 2 {
		cells[extra[i]] = extra[i+1]
	}
	out := make([]string, 0, len(Columns))
	for _, c := range Columns {
		out = append(out, cells[c.Name])
	}
	return strings.Join(out, ";")
}

var fullHeader = header + ";leidinggevende;bsn"

func check(t *testing.T, o Options, lines ...string) Report {
	t.Helper()
	s, err := Parse(strings.NewReader(fullHeader+"\n"+strings.Join(lines, "\n")), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if o.Today.IsZero() {
		o.Today = today
	}
	if o.Known == nil {
		o.Known = known
	}
	return Check(s, o)
}

func problems(l Line) string {
	var out []string
	for _, p := range l.Problems {
		out = append(out, p.Column+":"+p.Message)
	}
	return strings.Join(out, " ")
}

func TestCheckTheFourSituations(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		outcome    Outcome
		problems   string
	}{
		{"UI-id and update: overwrite", line("MW-AAAAAAAA", "update", "1001"), Update, ""},
		{"UI-id in lower case and wijzig", line(" mw-aaaaaaaa ", "Wijzig", "1001"), Update, ""},
		{"update may change the personnel number", line("MW-AAAAAAAA", "update", "2001"), Update, ""},
		{"UI-id and new: exists", line("MW-AAAAAAAA", "nieuw", "2001"), Rejected, "ui_id:" + ReasonExists},
		{"unknown UI-id and new", line("MW-ZZZZZZZZ", "new", "2001"), Rejected, "ui_id:" + ReasonNewWithID},
		{"no UI-id and update: not known", line("", "update", "2001"), Rejected, "ui_id:" + ReasonNotKnown},
		{"no UI-id and new: create", line("", "nieuw", "2001"), New, ""},
		{"no UI-id and NEW in capitals", line("", "NEW", "2001"), New, ""},
		{"another employer's UI-id and update: not known", line("MW-OTHERORG", "update", "2001"), Rejected, "ui_id:" + ReasonUnknownID},
		{"malformed UI-id and update", line("1001", "update", "2001"), Rejected, "ui_id:" + ReasonUnknownID},
		{"no action", line("", "", "2001"), Rejected, "actie:" + ReasonAction},
		{"unknown action", line("MW-AAAAAAAA", "verwijder", "1001"), Rejected, "actie:" + ReasonAction},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := check(t, Options{}, tc.line)
			l := rep.Lines[0]
			if l.Outcome != tc.outcome || problems(l) != tc.problems {
				t.Fatalf("outcome %s %q, want %s %q", l.Outcome, problems(l), tc.outcome, tc.problems)
			}
			if l.Line != 2 {
				t.Fatalf("line number %d", l.Line)
			}
			if tc.outcome == Update && (l.ID != "MW-AAAAAAAA" || l.Employee.Name != "Sanne de Vries") {
				t.Fatalf("update line %+v", l)
			}
			if tc.outcome == Rejected && l.Employee.Name != "" {
				t.Fatal("a rejected line carries values")
			}
		})
	}
}

func TestCheckRejectsBadLines(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		problems   string
	}{
		{"wrong number of cells", ";nieuw;2001;Sanne", ":" + ReasonColumns},
		{"personnel number missing", line("", "nieuw", ""), "personeelsnummer:form.required"},
		{"personnel number of another employee (new)", line("", "nieuw", "1002"), "personeelsnummer:" + ReasonNumberTaken},
		{"personnel number of another employee (update)", line("MW-AAAAAAAA", "update", "1002"), "personeelsnummer:" + ReasonNumberTaken},
		{"name missing", line("", "nieuw", "2001", ColName, ""), "naam:form.required"},
		{"name too long", line("", "nieuw", "2001", ColName, strings.Repeat("a", 201)), "naam:absence.form.too_long"},
		{"birth date invalid", line("", "nieuw", "2001", ColBirthDate, "31-02-1990"), "geboortedatum:absence.form.date_invalid"},
		{"birth date in the future", line("", "nieuw", "2001", ColBirthDate, "01-01-2030"), "geboortedatum:absence.form.birth_date_future"},
		{"birth date in American order", line("", "nieuw", "2001", ColBirthDate, "04/13/1985"), "geboortedatum:absence.form.date_invalid"},
		{"email invalid", line("", "nieuw", "2001", ColEmail, "sanne@"), "email:form.email_invalid"},
		{"hours with words", line("", "nieuw", "2001", ColContractHours, "fulltime"), "contracturen:absence.form.hours_invalid"},
		{"hours above 60", line("", "nieuw", "2001", ColContractHours, "60,5"), "contracturen:absence.form.hours_invalid"},
		{"start missing", line("", "nieuw", "2001", ColEmploymentStart, ""), "in_dienst:form.required"},
		{"end before start", line("", "nieuw", "2001", ColEmploymentEnd, "31-12-2019"), "uit_dienst:absence.form.end_before_start"},
		{"bsn failing the eleven test", line("", "nieuw", "2001", ColBSN, "123456789"), "bsn:absence.form.bsn_invalid"},
		{"a formula stays text and is checked", line("", "nieuw", "2001", ColContractHours, "'=40"), "contracturen:absence.form.hours_invalid"},
		{"several problems at once", line("", "update", "", ColName, ""), "ui_id:" + ReasonNotKnown + " personeelsnummer:form.required naam:form.required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := check(t, Options{BSNAllowed: true}, tc.line)
			l := rep.Lines[0]
			if l.Outcome != Rejected || problems(l) != tc.problems {
				t.Fatalf("outcome %s %q, want rejected %q", l.Outcome, problems(l), tc.problems)
			}
			if rep.Reject != 1 || rep.New+rep.Updates != 0 {
				t.Fatalf("counts %+v", rep)
			}
		})
	}
}

func TestCheckValuesOfAnAcceptedLine(t *testing.T) {
	rep := check(t, Options{BSNAllowed: true}, line("", "nieuw", "2001", ColBSN, "1112.22.333", ColEmploymentEnd, "2026-12-31", ColEmail, "Sanne@Bakkerij.example"))
	e := rep.Lines[0].Employee
	if rep.Lines[0].Outcome != New || e.BSN != "111222333" || e.ContractMinutes != 1950 || e.BirthDate.String() != "1985-04-12" ||
		e.EmploymentEnd.String() != "2026-12-31" || e.Email != "sanne@bakkerij.example" {
		t.Fatalf("line %+v", rep.Lines[0])
	}
	if !rep.HasBSN || rep.New != 1 {
		t.Fatalf("report %+v", rep)
	}
}

func TestCheckBSNOnlyWhenAllowed(t *testing.T) {
	with := line("", "nieuw", "2001", ColBSN, "111222333")
	without := line("", "nieuw", "2002")
	rep := check(t, Options{BSNAllowed: false}, with, without)
	if l := rep.Lines[0]; l.Outcome != Rejected || problems(l) != "bsn:"+ReasonBSNNotAllowed || l.Employee.BSN != "" {
		t.Fatalf("BSN for an employer without permission: %s %q", l.Outcome, problems(l))
	}
	// An invalid BSN is refused for the policy, not checked.
	rep2 := check(t, Options{BSNAllowed: false}, line("", "nieuw", "2001", ColBSN, "123"))
	if problems(rep2.Lines[0]) != "bsn:"+ReasonBSNNotAllowed {
		t.Fatalf("invalid BSN without permission: %q", problems(rep2.Lines[0]))
	}
	if rep.Lines[1].Outcome != New {
		t.Fatalf("a line without BSN: %s %q", rep.Lines[1].Outcome, problems(rep.Lines[1]))
	}
	rep = check(t, Options{BSNAllowed: true}, with)
	if rep.Lines[0].Outcome != New || rep.Lines[0].Employee.BSN != "111222333" {
		t.Fatalf("BSN for an allowed employer: %+v", rep.Lines[0])
	}
}

func TestCheckDuplicatesInTheFileRejectEveryLine(t *testing.T) {
	rep := check(t, Options{},
		line("", "nieuw", "3001"),
		line("", "nieuw", "3001"),
		line("MW-AAAAAAAA", "update", "1001"),
		line("mw-aaaaaaaa", "update", "3002"),
		line("", "nieuw", "3003"),
	)
	want := []string{
		"personeelsnummer:" + ReasonDuplicateNumber,
		"personeelsnummer:" + ReasonDuplicateNumber,
		"ui_id:" + ReasonDuplicateID,
		"ui_id:" + ReasonDuplicateID,
		"",
	}
	for i, w := range want {
		if got := problems(rep.Lines[i]); got != w {
			t.Errorf("line %d: %q, want %q", rep.Lines[i].Line, got, w)
		}
	}
	if rep.New != 1 || rep.Updates != 0 || rep.Reject != 4 {
		t.Fatalf("counts new %d update %d rejected %d", rep.New, rep.Updates, rep.Reject)
	}
}

func TestCheckSwapOfPersonnelNumbersIsRejected(t *testing.T) {
	rep := check(t, Options{}, line("MW-AAAAAAAA", "update", "1002"), line("MW-BBBBBBBB", "update", "1001"))
	for _, l := range rep.Lines {
		if problems(l) != "personeelsnummer:"+ReasonNumberTaken {
			t.Errorf("line %d: %q", l.Line, problems(l))
		}
	}
}

func TestCheckKeepsCellsInColumnOrder(t *testing.T) {
	rep := check(t, Options{}, line("", "update", "9", ColEmail, "x@y.nl"))
	c := rep.Lines[0].Cells
	if len(c) != len(Columns) || c[1] != "update" || c[2] != "9" || c[5] != "x@y.nl" {
		t.Fatalf("cells %q", c)
	}
}

func TestCheckFiveThousandLines(t *testing.T) {
	lines := make([]string, 5000)
	for i := range lines {
		lines[i] = line("", "nieuw", fmt.Sprint(10000+i))
	}
	rep := check(t, Options{}, lines...)
	if rep.New != 5000 || rep.Lines[4999].Line != 5001 {
		t.Fatalf("counts %d, last line %d", rep.New, rep.Lines[4999].Line)
	}
}

// TestCheckManager: the leidinggevende column names one of the employer's
// leidinggevenden by email address (any case) or subject; an unknown or
// shared address rejects the line; an empty cell means none; the employee's
// current one is kept by subject even when no longer listed.
func TestCheckManager(t *testing.T) {
	ms := []Manager{{Subject: "sub-lotte", Email: "lotte@bakkerij.example"}, {Subject: "sub-a", Email: "team@bakkerij.example"},
		{Subject: "sub-b", Email: "team@bakkerij.example"}, {Subject: "sub-noemail"}}
	current := []Known{{ID: "MW-AAAAAAAA", PersonnelNumber: "1001", ManagerSub: "sub-gone"}}
	for _, tc := range []struct {
		cell, want, problem string
	}{
		{"", "", ""},
		{"Lotte@Bakkerij.example", "sub-lotte", ""},
		{"sub-noemail", "sub-noemail", ""},
		{"sub-gone", "sub-gone", ""},
		{"onbekend@bakkerij.example", "", "leidinggevende:" + ReasonManagerUnknown},
		{"team@bakkerij.example", "", "leidinggevende:" + ReasonManagerAmbiguous},
	} {
		rep := check(t, Options{Managers: ms, Known: current}, line("MW-AAAAAAAA", "update", "1001", ColManager, tc.cell))
		l := rep.Lines[0]
		if !rep.HasManager || l.ManagerSub != tc.want || problems(l) != tc.problem {
			t.Errorf("%q: %q %q", tc.cell, l.ManagerSub, problems(l))
		}
	}
	// Another employee cannot be given the subject of someone's old leidinggevende.
	rep := check(t, Options{Managers: ms, Known: current}, line("", "nieuw", "2001", ColManager, "sub-gone"))
	if problems(rep.Lines[0]) != "leidinggevende:"+ReasonManagerUnknown {
		t.Errorf("an old leidinggevende's subject on a new employee: %q", problems(rep.Lines[0]))
	}
	// A sheet without the column.
	s, err := Parse(strings.NewReader(header+"\n"+"MW-AAAAAAAA;update;1001;Sanne;12-04-1985;;32;2020-01-01;"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if rep := Check(s, Options{Today: today, Known: current}); rep.HasManager || rep.Updates != 1 {
		t.Errorf("without the column: %+v", rep)
	}
}
