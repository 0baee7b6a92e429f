package employeeinput

import (
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
)

var today = date.MustParse("2026-03-02")

func valid() map[string]string {
	return map[string]string{
		PersonnelNumber: "1001", Name: "Sanne de Vries", BirthDate: "12-04-1985", Email: "Sanne@Bakkerij.example",
		ContractHours: "32,5", EmploymentStart: "2020-01-01", EmploymentEnd: "", BSN: "",
	}
}

func TestCheckAcceptsAValidEmployee(t *testing.T) {
	v := valid()
	v[BSN] = "1112.22.333"
	v[EmploymentEnd] = "31-12-2026"
	e, problems := Check(v, today)
	if len(problems) != 0 {
		t.Fatalf("problems: %+v", problems)
	}
	if e.PersonnelNumber != "1001" || e.Name != "Sanne de Vries" || e.BirthDate.String() != "1985-04-12" ||
		e.Email != "sanne@bakkerij.example" || e.ContractMinutes != 1950 || e.EmploymentStart.String() != "2020-01-01" ||
		e.EmploymentEnd.String() != "2026-12-31" || e.BSN != "111222333" {
		t.Fatalf("employee %+v", e)
	}
}

func TestCheckReportsEachBadField(t *testing.T) {
	for _, tc := range []struct {
		name, field, value, want string
	}{
		{"personnel number missing", PersonnelNumber, "", MsgRequired},
		{"personnel number too long", PersonnelNumber, strings.Repeat("9", 33), MsgTooLong},
		{"name missing", Name, " ", MsgRequired},
		{"name too long", Name, strings.Repeat("a", 201), MsgTooLong},
		{"birth date missing", BirthDate, "", MsgRequired},
		{"birth date not a date", BirthDate, "31-02-1990", MsgDateInvalid},
		{"birth date today", BirthDate, "2026-03-02", MsgBirthDateFuture},
		{"email without domain dot", Email, "sanne@bakkerij", MsgEmailInvalid},
		{"email with a display name", Email, "Sanne <sanne@bakkerij.example>", MsgEmailInvalid},
		{"email too long", Email, strings.Repeat("a", 250) + "@b.nl", MsgTooLong},
		{"hours missing", ContractHours, "", MsgRequired},
		{"hours above 60", ContractHours, "61", MsgHoursInvalid},
		{"hours negative", ContractHours, "-1", MsgHoursInvalid},
		{"hours not a number", ContractHours, "veel", MsgHoursInvalid},
		{"hours NaN", ContractHours, "NaN", MsgHoursInvalid},
		{"start missing", EmploymentStart, "", MsgRequired},
		{"start not a date", EmploymentStart, "2020-13-01", MsgDateInvalid},
		{"end not a date", EmploymentEnd, "gisteren", MsgDateInvalid},
		{"end before start", EmploymentEnd, "2019-12-31", MsgEndBeforeStart},
		{"bsn failing the eleven test", BSN, "123456789", MsgBSNInvalid},
		{"bsn too long", BSN, strings.Repeat("1", 21), MsgTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := valid()
			v[tc.field] = tc.value
			_, problems := Check(v, today)
			if len(problems) != 1 || problems[0] != (Problem{Field: tc.field, Message: tc.want}) {
				t.Fatalf("problems %+v, want %s on %s", problems, tc.want, tc.field)
			}
		})
	}
}

func TestCheckListsProblemsInFormOrderOncePerField(t *testing.T) {
	_, problems := Check(map[string]string{BSN: "12", Name: "X", ContractHours: "80", BirthDate: "31-02-1990"}, today)
	var got []string
	for _, p := range problems {
		got = append(got, p.Field+"="+p.Message)
	}
	want := []string{PersonnelNumber + "=" + MsgRequired, BirthDate + "=" + MsgDateInvalid, ContractHours + "=" + MsgHoursInvalid,
		EmploymentStart + "=" + MsgRequired, BSN + "=" + MsgBSNInvalid}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
}

func TestHoursInMinutes(t *testing.T) {
	for in, want := range map[string]int{"32": 1920, "36,5": 2190, "36.5": 2190, "0": 0, "60": 3600, "1,66": 100} {
		if got, msg := Hours(in); got != want || msg != "" {
			t.Errorf("Hours(%q) = %d %q, want %d", in, got, msg, want)
		}
	}
}
