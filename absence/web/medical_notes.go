package web

import (
	"context"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// medicalNote is a medical note as the dossier shows it, opened.
type medicalNote struct {
	ID        string
	Body      string
	CreatedAt time.Time
}

// medicalNotes reads and opens the medical notes of absence c that the
// principal's practice may read (noteReach). A note that does not open (a
// wrong key, or a text moved from another absence) fails the request rather
// than being shown or skipped.
func (wb *Web) medicalNotes(ctx context.Context, p principal, rc reach, c store.Case) ([]medicalNote, error) {
	notes, err := wb.d.Store.MedicalNotes(ctx, c.ID)
	if err != nil {
		return nil, server.Unavailable(err)
	}
	var out []medicalNote
	for _, n := range notes {
		if !noteReach(p, rc, c.Employer, n) {
			continue
		}
		body, err := wb.d.Keyring.Open(n.BodySealed, store.MedicalNoteAssociatedData(c.ID))
		if err != nil {
			return nil, fmt.Errorf("medical note %s: %w", n.ID, err)
		}
		out = append(out, medicalNote{ID: n.ID, Body: string(body), CreatedAt: n.CreatedAt})
	}
	return out, nil
}

// noteReach reports whether the principal's practice may read note n on an
// absence of employer: only a bedrijfsarts practice that serves the employer
// today (a service relation that holds today), or the practice that wrote
// the note. A practice whose relation ended reads nothing, also not through
// an absence it could see while it served, and also not the notes another
// practice wrote then. The dossier itself is already out of reach for such a
// practice (loadCase); this check keeps the rule with the notes, whatever
// reach the dossier gets.
func noteReach(p principal, rc reach, employer string, n store.MedicalNote) bool {
	if !p.Can(rightDossierMedicalView) || p.Domain != rights.Bedrijfsarts || p.Org == "" {
		return false
	}
	return n.AuthorOrg == p.Org || registration.Serves(rc.viewer, employer, rc.relations, rc.today)
}
