package account

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"slices"
	"strconv"
)

// MatrixRow says whether a role grants one right of its domain's maximum.
type MatrixRow struct {
	Role    string `json:"role"` // role id
	Domain  string `json:"domain"`
	Right   string `json:"right"`
	Granted bool   `json:"granted"`
}

// Matrix lists, for each role in order, every right its domain could grant
// (the domain maximum; every platform right for platform roles) and whether
// the role grants it. Roles without a valid domain yield no rows.
func Matrix(roles []Role) []MatrixRow {
	var rows []MatrixRow
	for _, r := range roles {
		for _, right := range roleMaximum(r.Domain) {
			rows = append(rows, MatrixRow{Role: r.ID, Domain: r.Domain, Right: right, Granted: slices.Contains(r.Rights, right)})
		}
	}
	return rows
}

// WriteMatrixCSV writes rows as CSV with the header role,domain,right,granted.
func WriteMatrixCSV(w io.Writer, rows []MatrixRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"role", "domain", "right", "granted"}); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{r.Role, r.Domain, r.Right, strconv.FormatBool(r.Granted)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMatrixJSON writes rows as an indented JSON array ([] when empty).
func WriteMatrixJSON(w io.Writer, rows []MatrixRow) error {
	if rows == nil {
		rows = []MatrixRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}
