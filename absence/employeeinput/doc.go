// Package employeeinput holds the rules for an employee's details as a person
// types them: on the employee form and on a line of the import sheet. Both
// call Check, so a value the form refuses is refused by the import too, with
// the same message id.
//
// It reads text values keyed by the field names below and returns the parsed
// values and, per field, the message id of the first problem (translated on
// the page). It must not know about HTTP, storage, sealing or who may enter a
// BSN: the caller decides whether the BSN field is allowed at all.
package employeeinput
