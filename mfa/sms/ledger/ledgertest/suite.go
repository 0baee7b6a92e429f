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

// RunStoreTests runs the conformance suite. newStore must return a new,
// empty store (with migrations applied) on every call.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) ledger.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s ledger.Store)
	}{
		{"RecordRoundTrip", testRecordRoundTrip},
		{"RecordDefaults", testRecordDefaults},
		{"RecordValidation", testRecordValidation},
		{"RecordDuplicates", testRecordDuplicates},
		{"ListFilters", testListFilters},
		{"ListMonthRange", testListMonthRange},
		{"ListInvalidFilter", testListInvalidFilter},
		{"StatusProgression", testStatusProgression},
		{"StatusFinalStaysFinal", testStatusFinalStaysFinal},
		{"StatusUnknownMessage", testStatusUnknownMessage},
		{"StatusInvalid", testStatusInvalid},
		{"StatusConcurrent", testStatusConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

func ctx(t *testing.T) context.Context { return t.Context() }

// base is a fixed instant with a non-zero microsecond part, in UTC as stored.
var base = time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)

// entry returns a valid entry; change fields to make others.
func entry(id, providerID string) ledger.Entry {
	return ledger.Entry{
		ID: id, OrgID: "org-vestiging", CustomerID: "org-holding", Purpose: sms.PurposeLogin,
		Segments: 1, Provider: ledger.ProviderTwilio, ProviderID: providerID, Status: ledger.StatusQueued,
		CreatedAt: base, UpdatedAt: base,
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
