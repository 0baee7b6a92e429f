// Package statistics computes absence figures over a period for a set of
// employees and their absences: headcount, employees absent today, the
// absence percentage (verzuimpercentage), the report frequency
// (meldingsfrequentie) and the average length of absences that ended.
//
// The percentage counts calendar days, each weighted by how much of the work
// was not done that day (a 50 % partial recovery counts half), over the
// calendar days the employees were employed in the period. It does not
// weight by contract hours.
//
// Callers pass only employees and absences the user may see; this package
// does not know who is asking.
package statistics
