package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fuzzLimits are small, so that the fuzzer reaches the limits too.
var fuzzLimits = Limits{MaxBytes: 4 << 10, MaxRows: 20}

// FuzzImport feeds Parse and Check any file and holds them to what the
// import promises:
//   - a file is refused as a whole with a *FileError, or every line below the
//     header gets a verdict: accepted (new or update, without problems) or
//     rejected with at least one reason (a message id, on a known column);
//   - the accepted lines, written by the export and read again, come back as
//     updates with exactly the same values;
//   - neither the export nor the download of rejected lines writes a cell
//     that starts with = + - @, a tab or a carriage return (CSV injection);
//   - any text, and every cell read, comes back from Escape and Unescape
//     unchanged (a name typed on the form as '=x is exported and imported
//     as '=x).
func FuzzImport(f *testing.F) {
	for _, s := range []string{
		header + "\n;nieuw;1003;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;\n",
		header + "\nMW-AAAAAAAA;update;1001;=HYPERLINK(\"http://x\");1985-04-12;;36;2020-01-01;31-12-2026\n",
		header + ";bsn\n;nieuw;'=1+1;'@SUM(A1);12-04-1985;;32;01-01-2020;;111222333\n",
		header + ";reden\nmw-bbbbbbbb;wijzig;1002;Kees;31-01-1970;KEES@X.EXAMPLE;24;2001-02-03;;absence.import.reason.action\n",
		"\ufeffui_id,actie,personeelsnummer,naam,geboortedatum,email,contracturen,in_dienst,uit_dienst\n,new,7,\"A;B\",1-2-1990,,60,1.1.2000,\n",
		header + "\n;nieuw;1;A;1-1-1990;;0;1-1-2000;\n;nieuw;1;B;1-1-1990;;0;1-1-2000;\nMW-X;update;2;C;1-1-1990;;0;1-1-2000;\n",
		header + "\n;nieuw;1;\"line\nbreak\";1-1-1990;;0;1-1-2000;\n;nieuw;2\n",
		header + "\n;nieuw;1;''=x;1-1-1990;;0,0166;1-1-2000;\n",
		"naam;onbekend\nx;y\n",
		"'=1+1",
		"",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, bsnAllowed bool) {
		if v := string(data); Unescape(Escape(v)) != v {
			t.Fatalf("Unescape(Escape(%q)) = %q", v, Unescape(Escape(v)))
		}
		opts := Options{Today: today, BSNAllowed: bsnAllowed, Known: known}
		s, err := Parse(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.ID == "" {
				t.Fatalf("Parse error %v is not a FileError", err)
			}
			return
		}
		for _, row := range s.Rows {
			for _, v := range row.Cells {
				if back := Unescape(Escape(v)); back != v {
					t.Fatalf("cell %q: Unescape(Escape) = %q", v, back)
				}
			}
		}
		rep := Check(s, opts)
		checkVerdicts(t, s, rep)
		checkRejectedDownload(t, rep)
		checkRoundTrip(t, rep, opts)
	})
}

// checkVerdicts: one verdict per row, accepted or rejected with a reason.
func checkVerdicts(t *testing.T, s *Sheet, rep Report) {
	t.Helper()
	if len(rep.Lines) != len(s.Rows) || rep.New+rep.Updates+rep.Reject != len(s.Rows) {
		t.Fatalf("%d rows, %d verdicts (%d new, %d updates, %d rejected)", len(s.Rows), len(rep.Lines), rep.New, rep.Updates, rep.Reject)
	}
	columns := []string{""}
	for _, c := range Columns {
		columns = append(columns, c.Name)
	}
	for i, l := range rep.Lines {
		if l.Line != s.Rows[i].Line || len(l.Cells) != len(Columns) {
			t.Fatalf("verdict %d: line %d (row %d), %d cells", i, l.Line, s.Rows[i].Line, len(l.Cells))
		}
		switch l.Outcome {
		case New, Update:
			if len(l.Problems) > 0 {
				t.Fatalf("line %d accepted with problems %v", l.Line, l.Problems)
			}
			if (l.Outcome == Update) != (l.ID != "") {
				t.Fatalf("line %d: %s with UI-id %q", l.Line, l.Outcome, l.ID)
			}
		case Rejected:
			if len(l.Problems) == 0 {
				t.Fatalf("line %d rejected without a reason", l.Line)
			}
		default:
			t.Fatalf("line %d: outcome %q", l.Line, l.Outcome)
		}
		for _, p := range l.Problems {
			if !strings.Contains(p.Message, ".") || !slices.Contains(columns, p.Column) {
				t.Fatalf("line %d: problem %+v", l.Line, p)
			}
		}
	}
}

// checkRejectedDownload writes every rejected line with its reasons, as the
// download does, and looks for cells a spreadsheet would run.
func checkRejectedDownload(t *testing.T, rep Report) {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, true, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range rep.Lines {
		if l.Outcome != Rejected {
			continue
		}
		var reasons []string
		for _, p := range l.Problems {
			reasons = append(reasons, p.Message)
		}
		if err := w.WriteRejected(l.Cells, strings.Join(reasons, ", ")); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	noFormulaCells(t, buf.Bytes())
}

// checkRoundTrip exports the accepted lines as the employer's employees
// would be exported after the import (new employees with a UI-id of their
// own) and reads the export again.
func checkRoundTrip(t *testing.T, rep Report, o Options) {
	t.Helper()
	withBSN := o.BSNAllowed && rep.HasBSN
	after := map[string]string{} // UI-id → personnel number, after the import
	for _, k := range o.Known {
		after[k.ID] = k.PersonnelNumber
	}
	var recs []Record
	for i, l := range rep.Lines {
		id := l.ID
		switch l.Outcome {
		case New:
			id = fmt.Sprintf("MW-NEW%05d", i)
		case Rejected:
			continue
		}
		after[id] = l.Employee.PersonnelNumber
		e := l.Employee
		if !withBSN {
			e.BSN = ""
		}
		recs = append(recs, Record{ID: id, Action: ActionUpdate, Employee: e})
	}
	if len(recs) == 0 {
		return
	}
	buf := exportAll(t, recs, withBSN)
	noFormulaCells(t, buf.Bytes())
	var known []Known
	for id, n := range after {
		known = append(known, Known{ID: id, PersonnelNumber: n})
	}
	s, err := Parse(bytes.NewReader(buf.Bytes()), Limits{MaxBytes: int64(buf.Len()), MaxRows: len(recs)})
	if err != nil {
		t.Fatalf("export of %d accepted lines does not parse: %v\n%q", len(recs), err, buf.String())
	}
	back := Check(s, Options{Today: o.Today, BSNAllowed: o.BSNAllowed, Known: known})
	if back.Updates != len(recs) || len(back.Lines) != len(recs) {
		t.Fatalf("export of %d accepted lines read back as %d updates: %+v\n%q", len(recs), back.Updates, back.Lines, buf.String())
	}
	for i, l := range back.Lines {
		if l.ID != recs[i].ID || l.Employee != recs[i].Employee {
			t.Fatalf("line %d read back as %s %+v, exported %s %+v", l.Line, l.ID, l.Employee, recs[i].ID, recs[i].Employee)
		}
	}
}

// noFormulaCells reads an export cell by cell, without unescaping, and fails
// on a cell that starts with a character OWASP lists for CSV injection.
func noFormulaCells(t *testing.T, export []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export, []byte("\ufeff"))))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("export does not read as CSV: %v\n%q", err, export)
	}
	for _, rec := range records {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune(formulaStart, rune(cell[0])) {
				t.Fatalf("export has the cell %q raw\n%q", cell, export)
			}
		}
	}
}

// exportAll writes recs in the export format, with or without the BSN column.
func exportAll(t testing.TB, recs []Record, withBSN bool) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, withBSN, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return &buf
}
