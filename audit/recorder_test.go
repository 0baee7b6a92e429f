package audit_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

func newRecorder(t *testing.T, now time.Time) (*audit.Recorder, audit.Store, *bytes.Buffer) {
	t.Helper()
	store := audit.NewSQLStore(storagetest.OpenSQLite(t, audit.Migrations))
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	return audit.NewRecorder(store, func() time.Time { return now }, log), store, &logs
}

func stored(t *testing.T, s audit.Store) []audit.Event {
	t.Helper()
	var out []audit.Event
	if err := s.Iterate(context.Background(), time.Time{}, func(e audit.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRecorderFillsTimeAndRequestID(t *testing.T) {
	now := time.Date(2025, 2, 3, 4, 5, 6, 7008009, time.FixedZone("CET", 3600))
	rec, store, _ := newRecorder(t, now)
	ctx := audit.WithRequestID(context.Background(), "req-from-ctx")
	if got := audit.RequestIDFrom(ctx); got != "req-from-ctx" {
		t.Fatalf("RequestIDFrom = %q", got)
	}
	e := validEvent()
	e.Time = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // the clock wins
	if err := rec.Record(ctx, e); err != nil {
		t.Fatal(err)
	}
	own := validEvent()
	own.RequestID = "req-own"
	if err := rec.Record(ctx, own); err != nil {
		t.Fatal(err)
	}
	if err := rec.Record(context.Background(), validEvent()); err != nil {
		t.Fatal(err)
	}
	got := stored(t, store)
	if len(got) != 3 {
		t.Fatalf("stored %d events, want 3", len(got))
	}
	wantTime := time.Date(2025, 2, 3, 3, 5, 6, 7008000, time.UTC)
	for i, e := range got {
		if !e.Time.Equal(wantTime) || e.Time.Location() != time.UTC {
			t.Errorf("event %d: time %v, want %v", i+1, e.Time, wantTime)
		}
	}
	for i, want := range []string{"req-from-ctx", "req-own", ""} {
		if got[i].RequestID != want {
			t.Errorf("event %d: request id %q, want %q", i+1, got[i].RequestID, want)
		}
	}
}

func TestRecorderRefusesInvalidEvent(t *testing.T) {
	rec, store, logs := newRecorder(t, time.Now())
	ctx := audit.WithRequestID(context.Background(), "req-9")
	e := validEvent()
	e.ActorID = "marie@example.nl"
	err := rec.Record(ctx, e)
	var fe *audit.FieldError
	if !errors.As(err, &fe) || fe.Field != "actor_id" {
		t.Fatalf("record = %v, want a FieldError for actor_id", err)
	}
	if got := stored(t, store); len(got) != 0 {
		t.Fatalf("invalid event stored: %+v", got)
	}
	out := logs.String()
	if !strings.Contains(out, "audit event refused") || !strings.Contains(out, "actor_id") ||
		!strings.Contains(out, "req-9") || !strings.Contains(out, "absence.view") {
		t.Errorf("log does not describe the refusal: %s", out)
	}
	if strings.Contains(out, "marie") {
		t.Errorf("log holds the refused value: %s", out)
	}
}

type failingStore struct{ audit.Store }

func (failingStore) Append(context.Context, audit.Event) (audit.Event, error) {
	return audit.Event{}, errors.New("disk full")
}

func TestRecorderReturnsStoreError(t *testing.T) {
	var logs bytes.Buffer
	rec := audit.NewRecorder(failingStore{}, time.Now, slog.New(slog.NewTextHandler(&logs, nil)))
	err := rec.Record(context.Background(), validEvent())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("record = %v, want the store's error", err)
	}
	if !strings.Contains(logs.String(), "audit event not stored") {
		t.Errorf("failure not logged: %s", logs.String())
	}
}

func TestObserverSeesOnlyStoredEvents(t *testing.T) {
	var seen []string
	observe := func(e audit.Event) { seen = append(seen, e.Action+"/"+string(e.Outcome)) }

	rec, _, _ := newRecorder(t, time.Now())
	rec.Observe(observe)
	if err := rec.Record(context.Background(), validEvent()); err != nil {
		t.Fatal(err)
	}
	bad := validEvent()
	bad.Action = "Not An Action"
	if rec.Record(context.Background(), bad) == nil {
		t.Fatal("invalid event recorded")
	}
	failing := audit.NewRecorder(failingStore{}, time.Now, slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)))
	failing.Observe(observe)
	if failing.Record(context.Background(), validEvent()) == nil {
		t.Fatal("store error swallowed")
	}
	want := validEvent()
	if len(seen) != 1 || seen[0] != want.Action+"/"+string(want.Outcome) {
		t.Errorf("observer saw %v, want only the stored event", seen)
	}
}
