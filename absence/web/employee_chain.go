package web

import (
	"context"

	"github.com/mijnaccount/mijnaccount/absence/store"
)

// The employee page shows the week of the open absence as the dossier
// counts it: over its samentelling chain (chain.go), in sick days, so an
// absence that began less than four weeks after a full recovery goes on
// from the week the earlier absence reached. The page then says that the
// week is added up. It names no other absence: a provider sees the week
// computed over absences out of its reach, as on the dossier, but not
// their ids or dates. Using the earlier absences is audited as on the
// dossier (absence.case.chain_view, one event per absence).

// chainWeek returns the week of the open absence c on rc's today over its
// chain, and whether the chain adds up earlier absences.
func (wb *Web) chainWeek(ctx context.Context, p principal, rc reach, c store.Case) (week int, added bool, err error) {
	l, err := wb.locate(ctx, c)
	if err != nil {
		return 0, false, err
	}
	ch := l.pos.Chain
	if len(ch.Periods) == 0 {
		return 0, false, nil // no first sick day: no week
	}
	for _, earlier := range ch.Periods[:len(ch.Periods)-1] {
		if err := wb.record(ctx, p, actCaseChainView, "absence", earlier.ID, c.Employer); err != nil {
			return 0, false, err
		}
	}
	return ch.WeekOf(rc.today), ch.Added(), nil
}
