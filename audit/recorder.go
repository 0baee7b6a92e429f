package audit

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// Recorder is what handlers use to write the audit trail.
type Recorder struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	observe func(Event)
}

// NewRecorder returns a Recorder appending to store, taking event times from
// now (time.Now when nil) and logging failures to log (slog.Default when nil).
func NewRecorder(store Store, now func() time.Time, log *slog.Logger) *Recorder {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Recorder{store: store, now: now, log: log}
}

// Observe makes f see every event after it is stored, for counters such as
// Prometheus metrics. f must be quick and must not keep the event. Call it
// before the recorder is shared; it is not safe to call concurrently with
// Record.
func (r *Recorder) Observe(f func(Event)) { r.observe = f }

// Record sets the event's Time from the clock (replacing any time the caller
// set), takes its RequestID from ctx when it has none, validates it and appends
// it. When that fails it logs the failure, without the event's values, and
// returns the error: an action that cannot be audited must not go ahead, so
// callers fail closed.
func (r *Recorder) Record(ctx context.Context, e Event) error {
	e.Time = r.now()
	if e.RequestID == "" {
		e.RequestID = RequestIDFrom(ctx)
	}
	if err := e.Validate(); err != nil {
		r.log.ErrorContext(ctx, "audit event refused", r.attrs(e, err)...)
		return err
	}
	if _, err := r.store.Append(ctx, e); err != nil {
		r.log.ErrorContext(ctx, "audit event not stored", r.attrs(e, err)...)
		return err
	}
	if r.observe != nil {
		r.observe(e)
	}
	return nil
}

// attrs describes a failed event for the log: the error (which never holds a
// refused value) and only those fields that passed validation on their own.
func (r *Recorder) attrs(e Event, err error) []any {
	attrs := []any{slog.String("error", err.Error())}
	var fe *FieldError
	invalid := ""
	if errors.As(err, &fe) {
		invalid = fe.Field
	}
	if invalid != "action" && actionPattern.MatchString(e.Action) {
		attrs = append(attrs, slog.String("action", e.Action))
	}
	if invalid != "request_id" && checkID(e.RequestID) == "" {
		attrs = append(attrs, slog.String("request_id", e.RequestID))
	}
	return attrs
}
