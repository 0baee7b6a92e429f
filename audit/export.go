package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// exportRecord is one line of the JSON Lines export.
type exportRecord struct {
	Seq        int64  `json:"seq"`
	Time       string `json:"time"`
	ActorID    string `json:"actor_id"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	OrgID      string `json:"org_id"`
	Outcome    string `json:"outcome"`
	RequestID  string `json:"request_id"`
	IPHash     string `json:"ip_hash"`
	Reason     string `json:"reason"`
	PrevHash   string `json:"prev_hash"`
	Hash       string `json:"hash"`
}

// ExportJSONL writes the events with Time at or after since (all for the zero
// time) to w, one JSON object per line in sequence order, with snake_case keys
// and the time in RFC 3339 UTC with fractional seconds. It returns the number
// of events written. The hashes are included so the export can be checked
// against the trail, and kept as a record of it.
func ExportJSONL(ctx context.Context, store Store, w io.Writer, since time.Time) (int, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err := store.Iterate(ctx, since, func(e Event) error {
		rec := exportRecord{
			Seq:        e.Seq,
			Time:       e.Time.UTC().Format(time.RFC3339Nano),
			ActorID:    e.ActorID,
			Action:     e.Action,
			TargetType: e.TargetType,
			TargetID:   e.TargetID,
			OrgID:      e.OrgID,
			Outcome:    string(e.Outcome),
			RequestID:  e.RequestID,
			IPHash:     e.IPHash,
			Reason:     e.Reason,
			PrevHash:   e.PrevHash,
			Hash:       e.Hash,
		}
		if err := enc.Encode(rec); err != nil {
			return fmt.Errorf("audit: export event %d: %w", e.Seq, err)
		}
		n++
		return nil
	})
	// Flush what was encoded even after an error, so n matches what w received.
	if ferr := bw.Flush(); ferr != nil && err == nil {
		err = fmt.Errorf("audit: export: %w", ferr)
	}
	return n, err
}
