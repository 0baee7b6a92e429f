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
// Samentelling (chain.go): periods of incapacity of one employee that follow
// each other with an interruption of less than four weeks are added up
// (Ziektewet art. 29 lid 6, WIA art. 23 lid 5 for the 104-week waiting time,
// BW 7:629 lid 10 for wage payment). A period ends only with a full
// recovery; its Back is the first day back at work (the store's
// recovered_on), so the interruption is Back up to the day before the next
// first sick day: next first sick day − Back days at work. "Less than four
// weeks" is 27 days or fewer: sick again on Back + 27 continues the chain,
// on Back + 28 starts a new one. A chain's timeline counts sick days, not
// calendar days: sick day n is the n-th day of incapacity over the chain's
// periods, so every step after an interruption moves back by its length,
// and the waiting time ends on sick day 7 × 104. The dossier of an absence
// shows the chain up to and including that absence; a step marked done in
// any period of that chain counts as done.
//
// Extensions (extension.go): a loonsanctie (art. 25 lid 9 Wet WIA) or a
// vrijwillige verlenging (art. 24 Wet WIA) extends wage payment by a
// calendar period of 1 to 52 weeks after the 104 weeks; the waiting time
// then ends on the last day of the extension that ends last. Past the 104
// weeks the timeline counts calendar days: the eindevaluatie / WIA window
// moves by exactly the days of extension (it opens 97 days before the end,
// as week 91 does before the end of week 104, and is due on the last day
// of the waiting time), and the evaluations every six weeks go on until it
// opens. A bekorting gives a loonsanctie an earlier last day. The rules a
// new extension keeps are in extension_check.go.
//
// Not modelled: absence related to pregnancy or childbirth has rules of its
// own for adding up (BW 7:629 lid 10, Ziektewet art. 29a–29b); the store
// does not know the cause of an absence, so such absences are added up like
// any other. Nor the extension of wage payment for a WIA application made
// too late (BW 7:629 lid 11), which UWV does not record as a decision.
//
// This package must not know about storage, HTTP or who may see a dossier.
package poortwachter
