package web

import (
	"context"

	"github.com/mijnaccount/mijnaccount/absence/date"
	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// Samentelling on the dossier: an absence that begins less than four weeks
// after the employee's full recovery continues the earlier absence, and its
// Poortwachter timeline counts the sick days of the whole chain (package
// poortwachter). The dossier of an absence shows the chain up to and
// including it. Steps are marked done on the absence whose dossier is open;
// the timeline counts marks on any absence of the chain.
//
// Registration still decides what the viewer sees of the other absences: an
// absence within reach is shown with its id, a link and its dates; one out
// of reach (an arbodienst whose relation began after it) only as "an
// absence you cannot see" with the length of the interruption. The dates
// computed over the chain are shown to everyone who may see the dossier.

// chainLink is another absence of the chain, as far as the viewer may see it.
type chainLink struct {
	ID    string    // "" when out of reach
	First date.Date // first sick day; zero when out of reach
	Last  date.Date // last sick day; zero when out of reach or still open
	// Interruption is the number of days at work between this absence and
	// the next one of the chain (for an earlier absence), or between this
	// dossier's absence and it (for the absence that continues it).
	Interruption int
}

// chainView is what the dossier shows of samentelling.
type chainView struct {
	Earlier []chainLink // the earlier absences of the chain, oldest first
	Later   *chainLink  // the absence that continues this one, if any
	// Start is the chain's first sick day, the day the waiting time counts
	// from; zero when the viewer cannot see the first absence.
	Start date.Date
	// WaitingEnd is the last day of the 104 weeks; zero once recovered.
	WaitingEnd date.Date
	Week       int // week of the chain today, or at its last sick day
	Items      []poortwachter.Item
	// OriginalEnd is the end of the 104 weeks and ExtendedDays the days
	// the extensions of wage payment add to it (extensions.go); Running
	// are the extensions that run today.
	OriginalEnd  date.Date
	ExtendedDays int
	Running      []poortwachter.Extension
	// doneIn says, by step key, on which earlier absence a step was
	// marked done.
	doneIn map[string]*chainLink
	// chain is the chain with its extensions; ext the extensions as
	// stored, with in the earlier absence each was recorded on (nil: this
	// one).
	chain poortwachter.Chain
	ext   []store.WageExtension
	extIn map[string]*chainLink
}

// located is an absence with its chain and what the chain is built from.
type located struct {
	pos   poortwachter.Position
	cases map[string]store.Case
	done  map[string]poortwachter.Completion // by step, over the chain
	// ext are the extensions of wage payment recorded on the chain's
	// absences; pos.Chain counts them.
	ext []store.WageExtension
}

// locate reads the employee's absences and marks and finds c's chain.
func (wb *Web) locate(ctx context.Context, c store.Case) (located, error) {
	cases, err := wb.d.Store.CasesInOrder(ctx, c.EmployeeID)
	if err != nil {
		return located{}, server.Unavailable(err)
	}
	acts, err := wb.d.Store.ActivitiesOfEmployee(ctx, c.EmployeeID)
	if err != nil {
		return located{}, server.Unavailable(err)
	}
	l := located{cases: map[string]store.Case{}}
	var periods []poortwachter.Period
	for _, o := range append(cases, c) {
		if o.Employer != c.Employer {
			continue
		}
		if _, seen := l.cases[o.ID]; !seen {
			periods = append(periods, poortwachter.Period{ID: o.ID, First: o.FirstSickDay, Back: o.RecoveredOn})
		}
		l.cases[o.ID] = o
	}
	l.pos, _ = poortwachter.Locate(periods, c.ID) // c is among periods
	marks := map[string]map[string]poortwachter.Completion{}
	for id, byStep := range acts {
		marks[id] = map[string]poortwachter.Completion{}
		for key, a := range byStep {
			marks[id][key] = poortwachter.Completion{On: a.DoneOn, Note: a.Note}
		}
	}
	l.done = l.pos.Chain.Done(marks)
	if err := wb.extendChain(ctx, &l, c.EmployeeID); err != nil {
		return located{}, err
	}
	return l, nil
}

// doneEarlier reports whether step was marked done on an earlier absence of
// c's chain.
func (wb *Web) doneEarlier(ctx context.Context, c store.Case, step string) (bool, error) {
	l, err := wb.locate(ctx, c)
	if err != nil {
		return false, err
	}
	m, ok := l.done[step]
	return ok && m.Period != c.ID, nil
}

// link shows absence o as far as rc reaches.
func (rc reach) link(o store.Case, interruption int) chainLink {
	if !rc.absence(o) {
		return chainLink{Interruption: interruption}
	}
	return chainLink{ID: o.ID, First: o.FirstSickDay, Last: o.Period().End, Interruption: interruption}
}

// chainOf computes the timeline of c over its chain for p, and records that
// the other absences of the chain were used.
func (wb *Web) chainOf(ctx context.Context, p principal, rc reach, c store.Case) (chainView, error) {
	l, err := wb.locate(ctx, c)
	if err != nil {
		return chainView{}, err
	}
	ch := l.pos.Chain
	cv := chainView{Items: ch.Evaluate(rc.today, l.done), doneIn: map[string]*chainLink{}}
	end := rc.today
	if !c.Open() {
		end = c.RecoveredOn.AddDays(-1)
	} else {
		cv.WaitingEnd = ch.WaitingTimeEnd()
		cv.Running = ch.Running(rc.today)
	}
	cv.OriginalEnd, cv.ExtendedDays, cv.chain, cv.ext = ch.OriginalWaitingTimeEnd(), ch.ExtensionDays(), ch, l.ext
	cv.Week = ch.WeekOf(end)
	var others []string
	byID := map[string]*chainLink{}
	for i, per := range ch.Periods[:len(ch.Periods)-1] {
		cv.Earlier = append(cv.Earlier, rc.link(l.cases[per.ID], ch.Interruption(i+1)))
		others = append(others, per.ID)
	}
	for i, per := range ch.Periods[:len(ch.Periods)-1] {
		byID[per.ID] = &cv.Earlier[i]
	}
	if len(cv.Earlier) == 0 || cv.Earlier[0].ID != "" {
		cv.Start = ch.Start()
	}
	if l.pos.HasNext {
		later := rc.link(l.cases[l.pos.Next.ID], l.pos.NextInterruption)
		cv.Later = &later
		others = append(others, l.pos.Next.ID)
	}
	cv.extIn = map[string]*chainLink{}
	for _, w := range l.ext {
		cv.extIn[w.ID] = byID[w.CaseID]
	}
	for i, it := range cv.Items {
		in, earlier := byID[it.Done.Period]
		if it.Status != poortwachter.Done || !earlier {
			continue
		}
		cv.doneIn[it.Key] = in
		if in.ID == "" {
			// Out of reach: neither the date nor the note of that absence.
			cv.Items[i].Done = poortwachter.Completion{}
		}
	}
	for _, id := range others {
		if err := wb.record(ctx, p, actCaseChainView, "absence", id, c.Employer); err != nil {
			return chainView{}, err
		}
	}
	return cv, nil
}
