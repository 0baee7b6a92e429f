package web

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/employeeinput"
	"github.com/mijnaccount/mijnaccount/absence/importer"
)

// TestImportTextsInBothLanguages: every message id the import and the BSN
// policy give through Go values has a Dutch and an English text.
func TestImportTextsInBothLanguages(t *testing.T) {
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
	mustHaveTexts(t, ids...)
}
