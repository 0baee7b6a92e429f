package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Free text written by people (the notes of a sick report, the note of a
// Poortwachter step, the reason of a correction and the notes it changes,
// the reason a portal link was ended) may hold anything, medical details
// included, however often the forms warn against it. The store seals it
// with the keyring (package secretbox, AES-256-GCM) before it is written and
// opens it when it is read, so the database holds no readable free text.
// Each value is sealed under associated data naming its table, column and
// row, so a sealed text copied to another row does not open: reading it then
// fails rather than showing it. The empty text is stored as it is.
//
// The associated data of each column.
func caseNotesAD(caseID string) []byte { return []byte("absence_cases.notes:" + caseID) }

func activityNoteAD(caseID, step string) []byte {
	return []byte("absence_activities.note:" + caseID + ":" + step)
}

func correctionAD(column, id string, field CorrectionField) []byte {
	return []byte("absence_corrections." + column + ":" + id + ":" + string(field))
}

func portalReasonAD(linkID string) []byte {
	return []byte("absence_portal_links.unlink_reason:" + linkID)
}

// sealText seals text under ad; "" stays "".
func (s *Store) sealText(text string, ad []byte) (string, error) {
	if text == "" {
		return "", nil
	}
	sealed, err := s.kr.Seal([]byte(text), ad)
	if err != nil {
		return "", fmt.Errorf("store: seal free text: %w", err)
	}
	return sealed, nil
}

// openText opens a value sealText wrote; "" stays "". A value that does not
// open (another key, another row, or plain text never sealed) is an error.
func (s *Store) openText(sealed string, ad []byte) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := s.kr.Open(sealed, ad)
	if err != nil {
		return "", fmt.Errorf("store: open free text: %w", err)
	}
	return string(b), nil
}

// sealsCorrectionValues reports whether a correction of field keeps its old
// and new values sealed: the notes are free text, dates and numbers are not.
func sealsCorrectionValues(f CorrectionField) bool { return f == FieldNotes }

// SealLegacyText seals the free text of rows written before it was sealed
// (the list migration 0008 made, absence_unsealed_text) and returns how many
// rows it sealed. Every row is taken off the list in the transaction that
// seals it, and only when this transaction removed it, so instances that
// start together never seal a text twice. The application runs it whenever
// it opens the database, before it serves; a text that cannot be sealed
// stops the start.
func (s *Store) SealLegacyText(ctx context.Context) (int, error) {
	type pending struct{ tbl, id, step string }
	list, err := queryAll(ctx, s.db.DB, func(sc storage.Scanner) (pending, error) {
		var p pending
		return p, sc.Scan(&p.tbl, &p.id, &p.step)
	}, `SELECT tbl, row_id, step FROM absence_unsealed_text ORDER BY tbl, row_id, step`)
	if err != nil {
		return 0, err
	}
	sealed := 0
	for _, p := range list {
		err := s.db.InTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `DELETE FROM absence_unsealed_text WHERE tbl = $1 AND row_id = $2 AND step = $3`, p.tbl, p.id, p.step)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return err // another instance took it
			}
			if err := s.sealLegacyRow(ctx, tx, p.tbl, p.id, p.step); err != nil {
				return fmt.Errorf("store: seal %s %s: %w", p.tbl, p.id, err)
			}
			sealed++
			return nil
		})
		if err != nil {
			return sealed, err
		}
	}
	return sealed, nil
}

// sealLegacyRow seals the free text of one listed row inside tx. A row that
// is gone (deleted since) has nothing left to seal.
func (s *Store) sealLegacyRow(ctx context.Context, tx *sql.Tx, tbl, id, step string) error {
	one := func(query string, args ...any) (string, error) {
		var text string
		err := tx.QueryRowContext(ctx, query, args...).Scan(&text)
		return text, err
	}
	var err error
	switch tbl {
	case "cases":
		var text string
		if text, err = one(`SELECT notes FROM absence_cases WHERE id = $1`, id); err == nil {
			if text, err = s.sealText(text, caseNotesAD(id)); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE absence_cases SET notes = $2 WHERE id = $1`, id, text)
			}
		}
	case "activities":
		var text string
		if text, err = one(`SELECT note FROM absence_activities WHERE case_id = $1 AND step = $2`, id, step); err == nil {
			if text, err = s.sealText(text, activityNoteAD(id, step)); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE absence_activities SET note = $3 WHERE case_id = $1 AND step = $2`, id, step, text)
			}
		}
	case "corrections":
		err = s.sealLegacyCorrection(ctx, tx, id, CorrectionField(step))
	case "portal_links":
		var text string
		if text, err = one(`SELECT unlink_reason FROM absence_portal_links WHERE id = $1`, id); err == nil {
			if text, err = s.sealText(text, portalReasonAD(id)); err == nil {
				_, err = tx.ExecContext(ctx, `UPDATE absence_portal_links SET unlink_reason = $2 WHERE id = $1`, id, text)
			}
		}
	default:
		return fmt.Errorf("unknown table %q", tbl)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

func (s *Store) sealLegacyCorrection(ctx context.Context, tx *sql.Tx, id string, field CorrectionField) error {
	var old, nw, reason string
	if err := tx.QueryRowContext(ctx, `SELECT old_value, new_value, reason FROM absence_corrections WHERE id = $1 AND field = $2`,
		id, string(field)).Scan(&old, &nw, &reason); err != nil {
		return err
	}
	var err error
	if reason, err = s.sealText(reason, correctionAD("reason", id, field)); err != nil {
		return err
	}
	if sealsCorrectionValues(field) {
		if old, err = s.sealText(old, correctionAD("old_value", id, field)); err != nil {
			return err
		}
		if nw, err = s.sealText(nw, correctionAD("new_value", id, field)); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE absence_corrections SET old_value = $3, new_value = $4, reason = $5 WHERE id = $1 AND field = $2`,
		id, string(field), old, nw, reason)
	return err
}
