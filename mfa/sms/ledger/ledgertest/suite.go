// Package ledgertest is the conformance suite every ledger.Store must pass:
// RunStoreTests runs named sub-tests, each on a fresh, empty store.
package ledgertest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

// RawRow reads the stored entry of a message straight from the backing
// storage, past the Store: with the status and updated_at it was recorded
// with and every other column as kept. The backend test provides it, so the
// suite can prove that status reports never change a recorded entry. It
// fails the test when the entry is not there.
type RawRow func(t *testing.T, provider, providerID string) ledger.Entry

// RunStoreTests runs the conformance suite. newStore must return a new,
// empty store (with migrations applied) on every call, with its RawRow.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) (ledger.Store, RawRow)) {
	tests := []struct {
		name string
		run  func(t *testing.T, s ledger.Store, raw RawRow)
	}{
		{"RecordRoundTrip", plain(testRecordRoundTrip)},
		{"RecordDefaults", plain(testRecordDefaults)},
		{"RecordValidation", plain(testRecordValidation)},
		{"RecordDuplicates", testRecordDuplicates},
		{"BillingFieldsRoundTrip", testBillingRoundTrip},
		{"BillingMonthInAmsterdam", testBillingMonthBoundary},
		{"ListFilters", plain(testListFilters)},
		{"ListMonthRange", plain(testListMonthRange)},
		{"ListInvalidFilter", plain(testListInvalidFilter)},
		{"StatusProgression", plain(testStatusProgression)},
		{"StatusDuplicates", plain(testStatusDuplicates)},
		{"StatusOutOfOrder", plain(testStatusOutOfOrder)},
		{"StatusFinalStaysFinal", plain(testStatusFinalStaysFinal)},
		{"StatusUnknownMessage", plain(testStatusUnknownMessage)},
		{"StatusInvalid", plain(testStatusInvalid)},
		{"StatusDefaultTime", plain(testStatusDefaultTime)},
		{"StatusLeavesEntryAlone", testStatusLeavesEntryAlone},
		{"StatusConcurrent", plain(testStatusConcurrent)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, raw := newStore(t)
			tc.run(t, s, raw)
		})
	}
}

// plain adapts a test that does not read raw rows.
func plain(fn func(t *testing.T, s ledger.Store)) func(t *testing.T, s ledger.Store, raw RawRow) {
	return func(t *testing.T, s ledger.Store, _ RawRow) { fn(t, s) }
}

func ctx(t *testing.T) context.Context { return t.Context() }

// base is a fixed instant with a non-zero microsecond part, in UTC as stored.
var base = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

// entry returns a valid entry; change fields to make others.
func entry(id, providerID string) ledger.Entry {
	return ledger.Entry{
		ID: id, OrgID: "org-vestiging", CustomerID: "org-holding", Purpose: sms.PurposeLogin,
		Segments: 1, Provider: ledger.ProviderTwilio, ProviderID: providerID, Status: ledger.StatusQueued,
		CountryPrefix: "+31", TariffCents: 9, BillingMonth: "2026-03", CreatedAt: base, UpdatedAt: base,
	}
}

// mustRecord records e or fails the test.
func mustRecord(t *testing.T, s ledger.Store, e ledger.Entry) ledger.Entry {
	t.Helper()
	if err := s.Record(ctx(t), e); err != nil {
		t.Fatalf("Record(%s): %v", e.ProviderID, err)
	}
	return e
}

// mustList lists or fails the test.
func mustList(t *testing.T, s ledger.Store, f ledger.Filter) []ledger.Entry {
	t.Helper()
	list, err := s.List(ctx(t), f)
	if err != nil {
		t.Fatalf("List(%+v): %v", f, err)
	}
	return list
}

// only returns the single entry the store holds, or fails the test.
func only(t *testing.T, s ledger.Store) ledger.Entry {
	t.Helper()
	list := mustList(t, s, ledger.Filter{})
	if len(list) != 1 {
		t.Fatalf("store holds %d entries, want 1: %+v", len(list), list)
	}
	return list[0]
}

// wantStatus fails unless the store says the message's current status is
// want, through Status and through List.
func wantStatus(t *testing.T, s ledger.Store, e ledger.Entry, want string) {
	t.Helper()
	got, err := s.Status(ctx(t), e.Provider, e.ProviderID)
	if err != nil || got != want {
		t.Fatalf("Status(%s) = %q, %v; want %q", e.ProviderID, got, err, want)
	}
	for _, l := range mustList(t, s, ledger.Filter{}) {
		if l.Provider == e.Provider && l.ProviderID == e.ProviderID && l.Status != want {
			t.Fatalf("List has %s as %q, want %q", e.ProviderID, l.Status, want)
		}
	}
}

// report records a status event or fails the test, and returns changed.
func report(t *testing.T, s ledger.Store, ev ledger.StatusEvent) bool {
	t.Helper()
	changed, err := s.RecordStatus(ctx(t), ev)
	if err != nil {
		t.Fatalf("RecordStatus(%+v): %v", ev, err)
	}
	return changed
}

// event returns a status event for e, received d after base.
func event(e ledger.Entry, status string, d time.Duration) ledger.StatusEvent {
	return ledger.StatusEvent{Provider: e.Provider, ProviderID: e.ProviderID, Status: status, ReceivedAt: base.Add(d)}
}

// wantErr fails unless errors.Is(err, target) and the message holds every
// one of words.
func wantErr(t *testing.T, what string, err, target error, words ...string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want %v", what, err, target)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("%s: error %q does not mention %q", what, err, w)
		}
	}
}

// ids returns the provider ids of list, in order.
func ids(list []ledger.Entry) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.ProviderID
	}
	return out
}
