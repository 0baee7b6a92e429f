package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
)

func TestEscapeFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+31 6": "'+31 6", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "Sanne": "Sanne", "": "", "'quoted": "'quoted", "1=1": "1=1",
		"'=1": "''=1", "''+1": "'''+1", "'": "'",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := Unescape(Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
	if Unescape("'quoted") != "'quoted" || Unescape("'") != "'" {
		t.Error("Unescape removed an apostrophe that Escape did not add")
	}
}

func TestFormatHours(t *testing.T) {
	for m, want := range map[int]string{1920: "32", 2190: "36,5", 0: "0", 100: "1,67", 1950: "32,5"} {
		if got := FormatHours(m); got != want {
			t.Errorf("FormatHours(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestWriterHeaderAndColumns(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "\ufeff"+header+";leidinggevende\r\n" {
		t.Fatalf("template %q", buf.String())
	}
	buf.Reset()
	w, _ = NewWriter(&buf, true, true)
	_ = w.WriteRejected([]string{"", "nieuw", "=1", "A", "", "", "", "", "", "lotte@bakkerij.example", "111222333"}, "-reden")
	_ = w.Flush()
	want := "\ufeff" + header + ";leidinggevende;bsn;reden\r\n;nieuw;'=1;A;;;;;;lotte@bakkerij.example;111222333;'-reden\r\n"
	if buf.String() != want {
		t.Fatalf("rejected lines\n got %q\nwant %q", buf.String(), want)
	}
}

// TestExportImportRoundTrip: what the Writer writes, Parse and Check read
// back as updates with the same values.
func TestExportImportRoundTrip(t *testing.T) {
	recs := []Record{
		{ID: "MW-AAAAAAAA", Action: ActionUpdate, Employee: employeeinput.Employee{PersonnelNumber: "1001", Name: "Sanne de Vries; \"Sanne\"",
			BirthDate: date.MustParse("1985-04-12"), Email: "sanne@bakkerij.example", ContractMinutes: 1950,
			EmploymentStart: date.MustParse("2020-01-01"), BSN: "111222333"}, Manager: "lotte@bakkerij.example"},
		{ID: "MW-BBBBBBBB", Action: ActionUpdate, Employee: employeeinput.Employee{PersonnelNumber: "-1002", Name: "=Kees",
			BirthDate: date.MustParse("1970-01-31"), ContractMinutes: 2400, EmploymentStart: date.MustParse("2001-02-03"),
			EmploymentEnd: date.MustParse("2026-06-30")}, Manager: "sub-unverified"},
	}
	// The first leidinggevende by email address; the second has no verified
	// address, so the export names them by subject.
	managers := []Manager{{Subject: "sub-lotte", Email: "lotte@bakkerij.example"}, {Subject: "sub-unverified"}}
	wantManager := []string{"sub-lotte", "sub-unverified"}
	for _, withBSN := range []bool{true, false} {
		buf := exportAll(t, recs, withBSN)
		if strings.Contains(buf.String(), ";=Kees") || strings.Contains(buf.String(), "111222333") != withBSN {
			t.Fatalf("export %q", buf.String())
		}
		s, err := Parse(buf, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		rep := Check(s, Options{Today: today, BSNAllowed: withBSN, Known: []Known{{"MW-AAAAAAAA", "1001", "sub-lotte"}, {"MW-BBBBBBBB", "-1002", "sub-unverified"}}, Managers: managers})
		if rep.Updates != 2 || rep.HasBSN != withBSN || !rep.HasManager {
			t.Fatalf("round trip (bsn %v): %+v", withBSN, rep)
		}
		for i, l := range rep.Lines {
			r, e := recs[i], l.Employee
			wantBSN := ""
			if withBSN {
				wantBSN = r.BSN
			}
			if l.ID != r.ID || e.PersonnelNumber != r.PersonnelNumber || e.Name != r.Name || e.BirthDate != r.BirthDate ||
				e.Email != r.Email || e.ContractMinutes != r.ContractMinutes || e.EmploymentStart != r.EmploymentStart ||
				e.EmploymentEnd != r.EmploymentEnd || e.BSN != wantBSN || l.ManagerSub != wantManager[i] {
				t.Errorf("line %d: %+v, want %+v", l.Line, l, r)
			}
		}
	}
}
