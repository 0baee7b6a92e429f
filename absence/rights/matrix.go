package rights

import (
	"encoding/csv"
	"io"
	"slices"
)

// MatrixRow is one role of the role matrix: for every right of All, whether
// the role grants it and whether the domain allows it at all.
type MatrixRow struct {
	Domain Domain
	Role   string
	Cells  []MatrixCell
}

// MatrixCell is one right of a role.
type MatrixCell struct {
	Right   Right
	Granted bool // the role grants it (within the domain maximum)
	Allowed bool // the domain maximum holds it
}

// Matrix returns every known role with its rights, by domain, in the order of Roles.
func Matrix() []MatrixRow {
	var rows []MatrixRow
	for _, role := range Roles() {
		granted := RoleRights(role.Domain, role.Name)
		row := MatrixRow{Domain: role.Domain, Role: role.Name}
		for _, r := range All() {
			row.Cells = append(row.Cells, MatrixCell{Right: r, Granted: slices.Contains(granted, r), Allowed: slices.Contains(maxima[role.Domain], r)})
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteMatrixCSV writes the matrix as CSV: a header "domain,role,<right>…",
// then one row per role with "ja" for a granted right, "nee" for a right the
// role lacks, and "-" for a right the domain can never hold.
func WriteMatrixCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	header := []string{"domain", "role"}
	for _, r := range All() {
		header = append(header, string(r))
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range Matrix() {
		rec := []string{string(row.Domain), row.Role}
		for _, c := range row.Cells {
			switch {
			case c.Granted:
				rec = append(rec, "ja")
			case c.Allowed:
				rec = append(rec, "nee")
			default:
				rec = append(rec, "-")
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
