package importer

import (
	"errors"
	"strings"
	"testing"
)

const header = "ui_id;actie;personeelsnummer;naam;geboortedatum;email;contracturen;in_dienst;uit_dienst"

func parseText(t *testing.T, text string, lim Limits) (*Sheet, *FileError) {
	t.Helper()
	s, err := Parse(strings.NewReader(text), lim)
	var fe *FileError
	if err != nil && !errors.As(err, &fe) {
		t.Fatalf("Parse returned a %T: %v", err, err)
	}
	return s, fe
}

func TestParseReadsTheFormat(t *testing.T) {
	for _, tc := range []struct {
		name, text string
	}{
		{"semicolons", header + "\n;nieuw;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;\n"},
		{"commas and quotes", strings.ReplaceAll(header, ";", ",") + "\r\n,nieuw,1001,Sanne de Vries,12-04-1985,sanne@bakkerij.example,\"32,5\",01-01-2020,\r\n"},
		{"byte order mark", "\ufeff" + header + "\n;nieuw;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;\n"},
		{"English headers in any case", "UI-ID;Action;Personnel Number;NAME;birth_date;E-mail;contract_hours;employment_start;employment_end\n;nieuw;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;\n"},
		{"blank lines skipped", header + "\n\n;;;;;;;;\n;nieuw;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;\n\n"},
		{"reason column ignored", header + ";reden\n;nieuw;1001;Sanne de Vries;12-04-1985;sanne@bakkerij.example;32,5;01-01-2020;;Dit veld is verplicht\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, fe := parseText(t, tc.text, DefaultLimits)
			if fe != nil {
				t.Fatalf("file error %+v", fe)
			}
			if len(s.Rows) != 1 || s.HasBSN {
				t.Fatalf("rows %+v", s.Rows)
			}
			r := s.Rows[0]
			if !r.Count || r.Cells[ColName] != "Sanne de Vries" || r.Cells[ColContractHours] != "32,5" || r.Cells[ColAction] != "nieuw" {
				t.Fatalf("row %+v", r)
			}
			if _, ok := r.Cells["reden"]; ok {
				t.Fatal("the reason column was read")
			}
		})
	}
}

func TestParseLineNumbersAndCellCount(t *testing.T) {
	text := header + ";bsn\n\n;nieuw;1;A;01-01-1980;;32;01-01-2020;;\n;nieuw;2;\"B\nC\";01-01-1980;;32;01-01-2020;;\n;nieuw;3;D\n"
	s, fe := parseText(t, text, DefaultLimits)
	if fe != nil {
		t.Fatal(fe)
	}
	if !s.HasBSN || len(s.Rows) != 3 {
		t.Fatalf("sheet %+v", s)
	}
	if s.Rows[0].Line != 3 || s.Rows[1].Line != 4 || s.Rows[2].Line != 6 {
		t.Fatalf("line numbers %d %d %d", s.Rows[0].Line, s.Rows[1].Line, s.Rows[2].Line)
	}
	if !s.Rows[0].Count || !s.Rows[1].Count || s.Rows[2].Count {
		t.Fatalf("cell counts %v %v %v", s.Rows[0].Count, s.Rows[1].Count, s.Rows[2].Count)
	}
}

func TestParseUnescapesFormulaCells(t *testing.T) {
	s, fe := parseText(t, header+"\n;nieuw;'=1+1;'@naam;01-01-1980;;32;01-01-2020;\n", DefaultLimits)
	if fe != nil {
		t.Fatal(fe)
	}
	if c := s.Rows[0].Cells; c[ColPersonnelNumber] != "=1+1" || c[ColName] != "@naam" {
		t.Fatalf("cells %+v", c)
	}
}

func TestParseRefusesBadFiles(t *testing.T) {
	row := "\n;nieuw;1;A;01-01-1980;;32;01-01-2020;"
	small := Limits{MaxBytes: 400, MaxRows: 2}
	for _, tc := range []struct {
		name, text string
		want       string
		arg        any
	}{
		{"empty", "", ErrEmpty, nil},
		{"only whitespace", " \n\n", ErrEmpty, nil},
		{"only a byte order mark", "\ufeff", ErrEmpty, nil},
		{"too large", header + strings.Repeat(row, 20), ErrTooLarge, "400 bytes"},
		{"too many rows", header + row + row + row, ErrTooManyRows, 2},
		{"not UTF-8", header + "\n;nieuw;1;J\xf6rg;01-01-1980;;32;01-01-2020;", ErrNotUTF8, nil},
		{"header only", header + "\n", ErrNoLines, nil},
		{"unknown column", header + ";afdeling" + row, ErrUnknownColumn, "afdeling"},
		{"column twice", header + ";name" + row, ErrDoubleColumn, ColName},
		{"columns missing", "actie;naam\nnieuw;A", ErrMissingColumns, "ui_id, personeelsnummer, geboortedatum, email, contracturen, in_dienst, uit_dienst"},
		{"bad quotes", header + row + "\n;nieuw;\"1\"x;A;01-01-1980;;32;01-01-2020;", ErrMalformed, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fe := parseText(t, tc.text, small)
			if fe == nil || fe.ID != tc.want {
				t.Fatalf("error %+v, want %s", fe, tc.want)
			}
			if tc.arg != nil && (len(fe.Args) != 1 || fe.Args[0] != tc.arg) {
				t.Fatalf("args %#v, want %#v", fe.Args, tc.arg)
			}
		})
	}
}

func TestParseAllowsExactlyTheLimits(t *testing.T) {
	text := header + "\n;nieuw;1;A;01-01-1980;;32;01-01-2020;\n;nieuw;2;B;01-01-1980;;32;01-01-2020;"
	if _, fe := parseText(t, text, Limits{MaxBytes: int64(len(text)), MaxRows: 2}); fe != nil {
		t.Fatalf("at the limits: %+v", fe)
	}
	if _, fe := parseText(t, text, Limits{MaxBytes: int64(len(text)) - 1, MaxRows: 2}); fe == nil || fe.ID != ErrTooLarge {
		t.Fatalf("one byte over: %+v", fe)
	}
}
