// Package retention holds the retention terms (bewaartermijnen) of the
// absence application's records and decides, for one record on one day,
// when its term expires and whether it is due for deletion.
//
// The terms, with their legal basis, are the table returned by Rules:
//
//	absence case     2 years from the day of full recovery (default)
//	absence case     5 years from the day of full recovery for an employer
//	                 that is eigenrisicodrager for the Ziektewet or the WGA
//	employee record  2 years from the day after employment ended, and only
//	                 once no absence case of the employee is still kept
//
// A term of n years that starts on day d ends on the day before the same
// calendar day n years later; the record is due from that day on. A term
// that starts on 29 February is due on 1 March when the later year has no
// 29 February. An absence without full recovery (open, or partly recovered
// only) is never due; neither is the record of an employee whose employment
// has not ended.
//
// This package is pure logic: it must not know about storage, HTTP, audit
// or who is asking. The store applies it inside its delete transaction, the
// web pages and the command line show its results.
package retention
