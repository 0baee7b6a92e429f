package ledgertest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

func testStatusProgression(t *testing.T, s ledger.Store) {
	e := entry("entry-1", "SM00000000000000000000000000000040")
	e.Status = ledger.StatusAccepted
	mustRecord(t, s, e)
	steps := []struct {
		status     string
		segments   int
		at         time.Duration
		wantStatus string
		wantSegs   int
		wantAt     time.Duration
	}{
		{ledger.StatusQueued, 0, 1 * time.Second, ledger.StatusQueued, 1, 1 * time.Second},
		{ledger.StatusSent, 2, 5 * time.Second, ledger.StatusSent, 2, 5 * time.Second},
		{ledger.StatusDelivered, 0, 9 * time.Second, ledger.StatusDelivered, 2, 9 * time.Second},
		// A late "sent" with no news is ignored altogether.
		{ledger.StatusSent, 0, 7 * time.Second, ledger.StatusDelivered, 2, 9 * time.Second},
		// A late callback may still correct the segment count, but not the
		// status, and updated_at never goes back.
		{ledger.StatusQueued, 3, 8 * time.Second, ledger.StatusDelivered, 3, 9 * time.Second},
	}
	for i, st := range steps {
		if err := s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, st.status, st.segments, base.Add(st.at)); err != nil {
			t.Fatalf("step %d: UpdateStatus(%s): %v", i, st.status, err)
		}
		got := only(t, s)
		if got.Status != st.wantStatus || got.Segments != st.wantSegs || !got.UpdatedAt.Equal(base.Add(st.wantAt)) {
			t.Fatalf("step %d (%s): got status %s, segments %d, updated %s; want %s, %d, %s", i, st.status,
				got.Status, got.Segments, got.UpdatedAt, st.wantStatus, st.wantSegs, base.Add(st.wantAt))
		}
		if !got.CreatedAt.Equal(base) || got.ID != e.ID || got.CustomerID != e.CustomerID {
			t.Fatalf("step %d changed more than status: %+v", i, got)
		}
	}
}

func testStatusFinalStaysFinal(t *testing.T, s ledger.Store) {
	for _, final := range []string{ledger.StatusDelivered, ledger.StatusUndelivered, ledger.StatusFailed} {
		e := entry("entry-"+final, "SM-"+final)
		mustRecord(t, s, e)
		if err := s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, final, 0, base.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		for _, later := range []string{ledger.StatusDelivered, ledger.StatusFailed, ledger.StatusUndelivered, ledger.StatusSent} {
			if err := s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, later, 0, base.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		list := mustList(t, s, ledger.Filter{})
		for _, got := range list {
			if got.ProviderID == e.ProviderID && (got.Status != final || !got.UpdatedAt.Equal(base.Add(time.Second))) {
				t.Fatalf("final %s became %s at %s", final, got.Status, got.UpdatedAt)
			}
		}
	}
}

func testStatusUnknownMessage(t *testing.T, s ledger.Store) {
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000050"))
	err := s.UpdateStatus(ctx(t), ledger.ProviderTwilio, "SM-nope", ledger.StatusDelivered, 0, base)
	wantErr(t, "unknown provider id", err, ledger.ErrNotFound, "SM-nope")
	err = s.UpdateStatus(ctx(t), ledger.ProviderOutbox, e.ProviderID, ledger.StatusDelivered, 0, base)
	wantErr(t, "id of another provider", err, ledger.ErrNotFound)
	if got := only(t, s); got.Status != ledger.StatusQueued {
		t.Fatalf("status changed to %s", got.Status)
	}
}

func testStatusInvalid(t *testing.T, s ledger.Store) {
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000060"))
	for name, call := range map[string]func() error{
		"unknown status": func() error {
			return s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, "lost", 0, base)
		},
		"negative segments": func() error {
			return s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, ledger.StatusSent, -1, base)
		},
		"no time": func() error {
			return s.UpdateStatus(ctx(t), e.Provider, e.ProviderID, ledger.StatusSent, 0, time.Time{})
		},
	} {
		if err := call(); !errors.Is(err, ledger.ErrInvalid) {
			t.Errorf("%s: error %v, want ErrInvalid", name, err)
		}
	}
	if got := only(t, s); got.Status != ledger.StatusQueued || !got.UpdatedAt.Equal(base) {
		t.Fatalf("refused updates changed the entry: %+v", got)
	}
}

// testStatusConcurrent sends the callbacks of many messages in every order at
// once: each entry must end delivered, whichever update ran last.
func testStatusConcurrent(t *testing.T, s ledger.Store) {
	const messages = 25
	for n := range messages {
		mustRecord(t, s, entry(fmt.Sprintf("entry-%d", n), fmt.Sprintf("SM%032d", n)))
	}
	statuses := []string{ledger.StatusSending, ledger.StatusDelivered, ledger.StatusSent, ledger.StatusQueued}
	var wg sync.WaitGroup
	for n := range messages {
		for i, st := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.UpdateStatus(ctx(t), ledger.ProviderTwilio, fmt.Sprintf("SM%032d", n), st, 0, base.Add(time.Duration(i+1)*time.Second))
				if err != nil {
					t.Errorf("UpdateStatus(%s): %v", st, err)
				}
			}()
		}
	}
	wg.Wait()
	for _, got := range mustList(t, s, ledger.Filter{}) {
		if got.Status != ledger.StatusDelivered {
			t.Errorf("after concurrent updates %s is %s, want delivered", got.ProviderID, got.Status)
		}
	}
}
