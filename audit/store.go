package audit

import (
	"context"
	"time"
)

// Store is an append-only audit trail.
type Store interface {
	// Append validates e, gives it the next sequence number, links it to the
	// newest event and stores it, all in one step that concurrent appenders
	// (also in other processes) cannot interleave. It returns the stored event.
	// Seq, PrevHash and Hash set by the caller are replaced, and Time is
	// truncated to microseconds in UTC. An invalid event is not stored.
	Append(ctx context.Context, e Event) (Event, error)
	// Iterate calls fn for every event with Time at or after since (all events
	// for the zero time), in sequence order. It stops at, and returns, the
	// first error fn returns.
	Iterate(ctx context.Context, since time.Time, fn func(Event) error) error
	// Verify walks the whole trail and checks the hash chain. A broken chain is
	// reported in the Report, not as an error; the error is for failing to read.
	Verify(ctx context.Context) (Report, error)
}

// Report is the result of verifying a trail.
type Report struct {
	Events      int64  // number of events read
	OK          bool   // true when no problem was found
	FirstBroken int64  // sequence number of the first broken or missing event; 0 when OK
	Problem     string // what is wrong at FirstBroken, e.g. "event 7: hash mismatch (row changed)"
	// LastSeq and LastHash describe the newest event. Keep them outside the
	// audit database: removal of the newest events is only detectable by
	// comparing against them later.
	LastSeq  int64
	LastHash string
}
