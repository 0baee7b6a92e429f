package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits bound what Parse reads.
type Limits struct {
	MaxBytes int64 // size of the file
	MaxRows  int   // lines below the header, blank lines not counted
}

// DefaultLimits are 2 MiB and 5,000 lines.
var DefaultLimits = Limits{MaxBytes: 2 << 20, MaxRows: 5000}

// Message ids of file errors (absence.import.error.*).
const (
	ErrEmpty          = "absence.import.error.empty"
	ErrTooLarge       = "absence.import.error.too_large"       // arg: the limit, such as "2 MiB"
	ErrTooManyRows    = "absence.import.error.too_many_rows"   // arg: the limit
	ErrNotUTF8        = "absence.import.error.not_utf8"        //
	ErrMalformed      = "absence.import.error.malformed"       // arg: line number
	ErrUnknownColumn  = "absence.import.error.unknown_column"  // arg: the header text
	ErrDoubleColumn   = "absence.import.error.double_column"   // arg: the column name
	ErrMissingColumns = "absence.import.error.missing_columns" // arg: the names, comma-separated
	ErrNoLines        = "absence.import.error.no_lines"
)

// FileError is a problem with the file as a whole: nothing of it is used.
// ID is a message id and Args its arguments, so a page can show it with
// {{t .ID .Args}}. Args never hold a cell's content except a header text.
type FileError struct {
	ID   string
	Args []any
}

func (e *FileError) Error() string { return "importer: " + e.ID }

func fileErr(id string, args ...any) *FileError { return &FileError{ID: id, Args: args} }

// Row is one line of the file below the header.
type Row struct {
	Line  int               // line number in the file, the header being 1 when it is the first line
	Cells map[string]string // by column name, trimmed and unescaped
	// Count is false when the line has another number of cells than the
	// header; Cells is then empty.
	Count bool
}

// Sheet is a parsed file.
type Sheet struct {
	HasBSN     bool // the file has a bsn column
	HasManager bool // the file has a leidinggevende column
	Rows       []Row
}

// Parse reads a CSV upload within lim. Every error is a *FileError.
func Parse(r io.Reader, lim Limits) (*Sheet, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fileErr(ErrTooLarge, FormatSize(lim.MaxBytes))
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileErr(ErrEmpty)
	}
	if !utf8.Valid(data) {
		return nil, fileErr(ErrNotUTF8)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = separator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, csvErr(err)
	}
	cols, err := headerColumns(header)
	if err != nil {
		return nil, err
	}
	s := &Sheet{}
	for _, c := range cols {
		s.HasBSN = s.HasBSN || c == ColBSN
		s.HasManager = s.HasManager || c == ColManager
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, csvErr(err)
		}
		if blank(rec) {
			continue
		}
		if len(s.Rows) == lim.MaxRows {
			return nil, fileErr(ErrTooManyRows, lim.MaxRows)
		}
		line, _ := cr.FieldPos(0)
		row := Row{Line: line, Count: len(rec) == len(cols), Cells: map[string]string{}}
		if row.Count {
			for i, c := range cols {
				if c != "-" {
					row.Cells[c] = Unescape(strings.TrimSpace(rec[i]))
				}
			}
		}
		s.Rows = append(s.Rows, row)
	}
	if len(s.Rows) == 0 {
		return nil, fileErr(ErrNoLines)
	}
	return s, nil
}

// separator is ';' when the first non-blank line holds more semicolons than
// commas outside quotes, else ','.
func separator(data []byte) rune {
	semi, comma, quoted := 0, 0, false
	for _, b := range data {
		if b == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if b == '\n' && semi+comma > 0 {
			break
		}
		switch b {
		case ';':
			semi++
		case ',':
			comma++
		}
	}
	if semi > comma {
		return ';'
	}
	return ','
}

// FormatSize writes a byte count for a message: "2 MiB", "64 KiB", "100 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// headerColumns maps each header cell to its column name ("-" when
// ignored) and checks that every required column is there once.
func headerColumns(header []string) ([]string, error) {
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		c := columnOf(h)
		switch {
		case c == "":
			return nil, fileErr(ErrUnknownColumn, strings.TrimSpace(h))
		case c != "-" && seen[c]:
			return nil, fileErr(ErrDoubleColumn, c)
		}
		seen[c] = true
		cols[i] = c
	}
	var missing []string
	for _, c := range Columns {
		if !seen[c.Name] && c.Name != ColBSN && c.Name != ColManager {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) > 0 {
		return nil, fileErr(ErrMissingColumns, strings.Join(missing, ", "))
	}
	return cols, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvErr turns a reading error into a FileError naming the line.
func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fileErr(ErrMalformed, pe.Line)
	}
	return err
}
