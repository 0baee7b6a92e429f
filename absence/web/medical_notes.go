package web

import (
	"context"
	"fmt"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/server"
)

// medicalNote is a medical note as the dossier shows it, opened.
type medicalNote struct {
	ID        string
	Body      string
	CreatedAt time.Time
}

// medicalNotes reads and opens the medical notes of an absence. A note that
// does not open (a wrong key, or a text moved from another absence) fails
// the request rather than being shown or skipped.
func (wb *Web) medicalNotes(ctx context.Context, caseID string) ([]medicalNote, error) {
	notes, err := wb.d.Store.MedicalNotes(ctx, caseID)
	if err != nil {
		return nil, server.Unavailable(err)
	}
	out := make([]medicalNote, len(notes))
	for i, n := range notes {
		body, err := wb.d.Keyring.Open(n.BodySealed, store.MedicalNoteAssociatedData(caseID))
		if err != nil {
			return nil, fmt.Errorf("medical note %s: %w", n.ID, err)
		}
		out[i] = medicalNote{ID: n.ID, Body: string(body), CreatedAt: n.CreatedAt}
	}
	return out, nil
}
