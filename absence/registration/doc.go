// Package registration decides who may see which employee and which absence
// (positive and negative registration).
//
// An employer (werkgever) sees all of its own employees and their absences,
// and nobody else's. An arbodienst, bedrijfsarts or verzekeraar sees an
// employee of an employer only through a service relation between the two
// organisations that holds today, and only when the employee is or was sick
// within that relation: an absence is visible when it overlaps the period
// from the relation's start to today. Absences that ended before the relation
// began stay hidden, and so does every employee who has not been sick since.
// Once the relation has ended the provider sees nothing of that employer.
//
// Which rights a user holds (may they see a dossier at all, or medical notes)
// is package rights' business; this package answers only "is this person or
// absence within reach of this organisation".
//
// It must not know about storage or HTTP: callers load the relations and
// absence periods and ask.
package registration
