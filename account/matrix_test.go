package account

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestMatrix(t *testing.T) {
	rows := Matrix(BuiltinRoles())
	n := 0
	for _, r := range BuiltinRoles() {
		n += len(roleMaximum(r.Domain))
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d (every right of each role's maximum)", len(rows), n)
	}
	find := func(role, right string) (MatrixRow, bool) {
		for _, r := range rows {
			if r.Role == role && r.Right == right {
				return r, true
			}
		}
		return MatrixRow{}, false
	}
	for _, tc := range []struct {
		role, right string
		present     bool
		granted     bool
	}{
		{"werkgever/hr", RightImportRun, true, true},
		{"werkgever/hr", RightRetentionDelete, true, false},
		{"werkgever/hr", RightRelationManage, true, false},
		{"werkgever/contactpersoon", RightRelationManage, true, true},
		// relation.manage is outside every provider maximum: no row.
		{"arbodienst/casemanager", RightRelationManage, false, false},
		{"werkgever/hr", RightDossierMedicalView, false, false}, // outside the werkgever maximum: no row
		{"bedrijfsarts/bedrijfsarts", RightDossierMedicalView, true, true},
		{"platform/auditor", RightAuditRead, true, true},
		{"platform/auditor", RightHelpdeskAct, true, false},
	} {
		row, ok := find(tc.role, tc.right)
		if ok != tc.present || row.Granted != tc.granted {
			t.Errorf("%s × %s: row %v granted %v, want %v %v", tc.role, tc.right, ok, row.Granted, tc.present, tc.granted)
		}
	}
	if got := Matrix([]Role{{ID: "x/y", Domain: "x", Rights: []string{RightEmployeeView}}}); got != nil {
		t.Errorf("role without a valid domain yields rows: %v", got)
	}
}

func TestWriteMatrix(t *testing.T) {
	rows := Matrix([]Role{{ID: "verzekeraar/schadebehandelaar", Domain: "verzekeraar", Rights: []string{RightEmployeeView}}})
	var buf bytes.Buffer
	if err := WriteMatrixCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	want := "role,domain,right,granted\n" +
		"verzekeraar/schadebehandelaar,verzekeraar,employee.view,true\n" +
		"verzekeraar/schadebehandelaar,verzekeraar,dossier.view,false\n" +
		"verzekeraar/schadebehandelaar,verzekeraar,statistics.view,false\n"
	if buf.String() != want {
		t.Fatalf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := WriteMatrixJSON(&buf, rows); err != nil {
		t.Fatal(err)
	}
	var back []MatrixRow
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back) != 3 || !back[0].Granted || back[0].Right != RightEmployeeView {
		t.Fatalf("JSON round trip = %+v, %v", back, err)
	}
	buf.Reset()
	_ = WriteMatrixJSON(&buf, nil)
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Fatalf("empty JSON = %q", buf.String())
	}
}
