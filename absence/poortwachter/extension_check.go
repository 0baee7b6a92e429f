package poortwachter

import "github.com/mijnaccount/mijnaccount/absence/date"

// ExtensionReason says why an extension, or its shortening, is refused.
type ExtensionReason string

// The reasons an extension is refused with.
const (
	// ExtensionBadKind: neither a loonsanctie nor a vrijwillige verlenging.
	ExtensionBadKind ExtensionReason = "kind"
	// ExtensionBadWeeks: fewer than 1 or more than 52 weeks.
	ExtensionBadWeeks ExtensionReason = "weeks"
	// ExtensionDecidedFuture: the decision or agreement lies after today.
	ExtensionDecidedFuture ExtensionReason = "decided_future"
	// ExtensionDecidedBeforeChain: the decision lies before the chain's
	// first sick day.
	ExtensionDecidedBeforeChain ExtensionReason = "decided_before_chain"
	// ExtensionStartTooEarly: the extension begins within the 104 weeks.
	ExtensionStartTooEarly ExtensionReason = "start_too_early"
	// ExtensionGap: wage payment would stop and start again: the extension
	// begins after the day following the waiting time as extended by the
	// others, or a shortening leaves a later extension detached.
	ExtensionGap ExtensionReason = "gap"
	// ExtensionTotal: the extensions of one kind would add up to more than
	// 52 weeks.
	ExtensionTotal ExtensionReason = "total"
	// ExtensionOverlap: two loonsancties would share a day.
	ExtensionOverlap ExtensionReason = "overlap"
	// ExtensionTooLate: a vrijwillige verlenging agreed after the end of
	// week 91 of the chain (as moved by earlier extensions).
	ExtensionTooLate ExtensionReason = "too_late"
	// ExtensionNotLoonsanctie: only a loonsanctie is shortened.
	ExtensionNotLoonsanctie ExtensionReason = "not_loonsanctie"
	// ExtensionShortenRange: the new last day is before the extension's
	// first day or not before its current last day.
	ExtensionShortenRange ExtensionReason = "shorten_range"
	// ExtensionNotLatest: the absence is continued by a later absence of
	// its chain, where the extension belongs.
	ExtensionNotLatest ExtensionReason = "not_latest"
)

// ExtensionReasons returns every reason.
func ExtensionReasons() []ExtensionReason {
	return []ExtensionReason{ExtensionBadKind, ExtensionBadWeeks, ExtensionDecidedFuture, ExtensionDecidedBeforeChain,
		ExtensionStartTooEarly, ExtensionGap, ExtensionTotal, ExtensionOverlap, ExtensionTooLate,
		ExtensionNotLoonsanctie, ExtensionShortenRange, ExtensionNotLatest}
}

// MessageID is the id of the reason's message in the page catalogue.
func (r ExtensionReason) MessageID() string { return "absence.extension.refused." + string(r) }

// ExtensionError is a refused extension or shortening.
type ExtensionError struct{ Reason ExtensionReason }

func (e *ExtensionError) Error() string {
	return "poortwachter: extension refused: " + string(e.Reason)
}

func refuse(r ExtensionReason) error { return &ExtensionError{Reason: r} }

// CheckExtension checks a new extension e of the chain, decided or agreed
// on decided, against the chain's extensions (see Extend) on today. It
// returns an *ExtensionError for the first rule e breaks:
//
//   - a known kind and 1 to 52 weeks;
//   - decided on a day from the chain's first sick day up to today;
//   - beginning after the 104 weeks, and no later than the day after the
//     waiting time as extended by the others (wage payment does not stop
//     and start again);
//   - at most 52 weeks in all per kind;
//   - no loonsancties that share a day;
//   - a vrijwillige verlenging agreed at the latest on AgreementDeadline.
func (c Chain) CheckExtension(e Extension, decided, today date.Date) error {
	switch {
	case !e.Kind.Valid():
		return refuse(ExtensionBadKind)
	case e.Weeks < 1 || e.Weeks > MaxExtensionWeeks:
		return refuse(ExtensionBadWeeks)
	case decided.After(today):
		return refuse(ExtensionDecidedFuture)
	case decided.Before(c.Start()):
		return refuse(ExtensionDecidedBeforeChain)
	case !e.Start.After(c.OriginalWaitingTimeEnd()):
		return refuse(ExtensionStartTooEarly)
	}
	weeks := e.Weeks
	for _, o := range c.ext {
		if o.Kind == e.Kind {
			weeks += o.Weeks
		}
		if o.Kind == Loonsanctie && e.Kind == Loonsanctie && o.overlaps(e) {
			return refuse(ExtensionOverlap)
		}
	}
	if weeks > MaxExtensionWeeks {
		return refuse(ExtensionTotal)
	}
	if !c.contiguous(append(c.Extensions(), e)) {
		return refuse(ExtensionGap)
	}
	if e.Kind == VrijwilligeVerlenging && decided.After(c.AgreementDeadline(e.Start)) {
		return refuse(ExtensionTooLate)
	}
	return nil
}

// CheckShortening checks the bekorting of the chain's extension id to the
// new last day end: a loonsanctie, end from its first day to before its
// current last day, and no later extension left detached. ok is false when
// the chain has no extension id.
func (c Chain) CheckShortening(id string, end date.Date) (ok bool, err error) {
	exts := c.Extensions()
	for i, e := range exts {
		if e.ID != id {
			continue
		}
		switch {
		case e.Kind != Loonsanctie:
			return true, refuse(ExtensionNotLoonsanctie)
		case end.Before(e.Start) || !end.Before(e.End()):
			return true, refuse(ExtensionShortenRange)
		}
		exts[i].ShortenedTo = end
		if !c.contiguous(exts) {
			return true, refuse(ExtensionGap)
		}
		return true, nil
	}
	return false, nil
}

// contiguous reports whether exts, with the 104 weeks, cover one unbroken
// run of days: each extension, in order of start, begins no later than the
// day after the ones before it end.
func (c Chain) contiguous(exts []Extension) bool {
	cover := c.OriginalWaitingTimeEnd()
	for _, e := range sortedExtensions(exts) {
		if e.Start.After(cover.AddDays(1)) {
			return false
		}
		if e.End().After(cover) {
			cover = e.End()
		}
	}
	return true
}
