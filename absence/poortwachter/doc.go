// Package poortwachter computes the steps the Wet verbetering poortwachter
// asks of an employer and employee during a long absence, counted from the
// first sick day, and their state on a given day.
//
// Counting: day 1 is the first sick day and week n runs from day 7(n−1)+1 to
// day 7n. A step "in week n" is due on the last day of week n (first sick day
// + 7n − 1 days) and is open — shown as to do — from the first day of week
// n − 1. The steps:
//
//	probleemanalyse          week 6
//	plan van aanpak          week 8
//	evaluatie                every 6 weeks after the plan: weeks 14, 20, … 86
//	UWV-melding              week 42 (ziekmelding bij UWV)
//	eerstejaarsevaluatie     week 52
//	eindevaluatie / WIA      weeks 91–104 (open from week 91, due at the end of week 104)
//
// A step is done once someone marked it done; overdue when its due date has
// passed without that; due while open; upcoming before it opens; and not
// needed when the employee fully recovered on or before its due date (a step
// whose deadline passed before the recovery stays overdue until marked done).
//
// Not modelled: adding up absences less than four weeks apart (samentelling),
// an extended wage-payment period (loonsanctie) or a postponed WIA application.
//
// This package must not know about storage, HTTP or who may see a dossier.
package poortwachter
