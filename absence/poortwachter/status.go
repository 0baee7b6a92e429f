package poortwachter

import "github.com/mijnaccount/mijnaccount/absence/date"

// Status is the state of a step on a given day.
type Status string

// The states of a step.
const (
	Done      Status = "done"
	Overdue   Status = "overdue"
	Due       Status = "due"
	Upcoming  Status = "upcoming"
	NotNeeded Status = "not_needed"
)

// MessageID is the id of the status's label in the page catalogue.
func (s Status) MessageID() string { return "absence.status." + string(s) }

// Completion records that a step was done.
type Completion struct {
	On   date.Date
	Note string
	// Period is the id of the absence it was recorded on; set by
	// Chain.Done, empty otherwise.
	Period string
}

// Item is a step with its state.
type Item struct {
	Step
	Status Status
	Done   Completion // set when Status is Done
}

// Evaluate returns the timeline of an absence that began on first, with the
// state of each step on today. recovered is the day of full recovery (zero
// while the employee is still absent); done holds the completed steps by key.
func Evaluate(first, recovered, today date.Date, done map[string]Completion) []Item {
	return evaluate(Timeline(first), recovered, today, done)
}

func evaluate(steps []Step, recovered, today date.Date, done map[string]Completion) []Item {
	items := make([]Item, len(steps))
	for i, s := range steps {
		items[i] = Item{Step: s, Status: status(s, recovered, today, done)}
		if items[i].Status == Done {
			items[i].Done = done[s.Key]
		}
	}
	return items
}

func status(s Step, recovered, today date.Date, done map[string]Completion) Status {
	if _, ok := done[s.Key]; ok {
		return Done
	}
	if !recovered.IsZero() && !recovered.After(s.Due) {
		return NotNeeded
	}
	switch {
	case today.After(s.Due):
		return Overdue
	case !today.Before(s.Opens):
		return Due
	default:
		return Upcoming
	}
}

// Next returns the first item that still needs doing (overdue or due, else
// upcoming), and false when nothing is left.
func Next(items []Item) (Item, bool) {
	for _, want := range []Status{Overdue, Due, Upcoming} {
		for _, it := range items {
			if it.Status == want {
				return it, true
			}
		}
	}
	return Item{}, false
}
