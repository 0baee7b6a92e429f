package web

import (
	"io/fs"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/importer"
	"github.com/mijnaccount/mijnaccount/templates"
)

// TestImportTextsInBothLanguages: every message id the import and the BSN
// policy give through Go values has a Dutch and an English text.
func TestImportTextsInBothLanguages(t *testing.T) {
	pages, _ := fs.Sub(Pages, ".")
	c, err := templates.LoadCatalog(pages)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		importer.ReasonColumns, importer.ReasonAction, importer.ReasonExists, importer.ReasonNewWithID,
		importer.ReasonNotKnown, importer.ReasonUnknownID, importer.ReasonDuplicateID, importer.ReasonDuplicateNumber,
		importer.ReasonNumberTaken, importer.ReasonBSNNotAllowed, importer.ReasonGone,
		importer.ErrEmpty, importer.ErrTooLarge, importer.ErrTooManyRows, importer.ErrNotUTF8, importer.ErrMalformed,
		importer.ErrUnknownColumn, importer.ErrDoubleColumn, importer.ErrMissingColumns, importer.ErrNoLines,
		msgNoFile, msgBSNNotAllowed, "absence.import.error.token", "absence.import.error.not_written",
		employeeinput.MsgRequired, employeeinput.MsgTooLong, employeeinput.MsgDateInvalid, employeeinput.MsgEmailInvalid,
		employeeinput.MsgHoursInvalid, employeeinput.MsgBirthDateFuture, employeeinput.MsgEndBeforeStart, employeeinput.MsgBSNInvalid,
	}
	for _, col := range importer.Columns {
		ids = append(ids, "absence.import.column."+col.Name)
	}
	for _, m := range c.MissingIDs(ids...) {
		t.Error("missing text:", m)
	}
}
