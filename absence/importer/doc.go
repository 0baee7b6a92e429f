// Package importer reads and checks the employee import sheet of the absence
// application, and writes the same format for the template, the export and
// the download of rejected lines.
//
// # The format
//
// A CSV file in UTF-8 (a byte order mark is allowed), with ';' or ',' between
// cells: the separator that occurs most in the header line wins. The header
// names the columns in Dutch (English aliases are accepted, in any case, with
// spaces or hyphens for underscores); see Columns. Every column is required
// except bsn, and a column "reden" (the reason of the rejected-lines
// download) is ignored, so that file can be corrected and imported again.
//
// The first two columns decide what a line does. The UI-id (ui_id, "MW-…") is
// the application's own key of an employee; the BSN is never a key.
//
//	UI-id  actie   result
//	yes    update  the employee is overwritten with the line
//	yes    nieuw   rejected: the employee already exists
//	no     update  rejected: the employee is not known yet
//	no     nieuw   a new employee is created
//
// A UI-id the employer does not know, including one of another employer's
// employee, is "not known": the answer never reveals that it exists.
//
// Every line is checked with package employeeinput, the rules of the
// employee form. Personnel numbers and UI-ids that occur on more than one line
// reject every line that carries them, and a personnel number held by another
// employee of the employer rejects the line. A BSN on a line of an employer
// that is not allowed to record BSNs rejects the line.
//
// Cells that start with = + - @, a tab or a carriage return, also behind
// apostrophes, are written with one more leading apostrophe (so a
// spreadsheet does not run them as a formula) and that apostrophe is removed
// again on reading: every value reads back as it was written.
//
// It must not know about HTTP, storage or sealing: Parse and Check are pure,
// and the web handlers write the accepted lines in one transaction.
package importer
