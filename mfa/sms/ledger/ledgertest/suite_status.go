package ledgertest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

func testStatusProgression(t *testing.T, s ledger.Store) {
	e := entry("entry-1", "SM00000000000000000000000000000040")
	e.Status = ledger.StatusAccepted
	mustRecord(t, s, e)
	wantStatus(t, s, e, ledger.StatusAccepted)
	steps := []struct {
		status      string
		at          time.Duration
		wantChanged bool
		wantStatus  string
		wantAt      time.Duration // UpdatedAt from List
	}{
		{ledger.StatusQueued, 1 * time.Second, true, ledger.StatusQueued, 1 * time.Second},
		{ledger.StatusSent, 5 * time.Second, true, ledger.StatusSent, 5 * time.Second},
		{ledger.StatusDelivered, 9 * time.Second, true, ledger.StatusDelivered, 9 * time.Second},
		// A late "sending" is kept but changes nothing that shows.
		{ledger.StatusSending, 8 * time.Second, true, ledger.StatusDelivered, 9 * time.Second},
		// A repeated "sent" is dropped.
		{ledger.StatusSent, 12 * time.Second, false, ledger.StatusDelivered, 9 * time.Second},
	}
	for i, st := range steps {
		ev := event(e, st.status, st.at)
		ev.Segments = 2
		if changed := report(t, s, ev); changed != st.wantChanged {
			t.Fatalf("step %d (%s): changed = %v, want %v", i, st.status, changed, st.wantChanged)
		}
		wantStatus(t, s, e, st.wantStatus)
		got := only(t, s)
		if !got.UpdatedAt.Equal(base.Add(st.wantAt)) {
			t.Fatalf("step %d (%s): updated %s, want %s", i, st.status, got.UpdatedAt, base.Add(st.wantAt))
		}
		// Everything recorded stays: the provider's segment count does not
		// replace the one billed.
		got.Status, got.UpdatedAt = e.Status, e.UpdatedAt
		if got != e {
			t.Fatalf("step %d changed more than the status: %+v, want %+v", i, got, e)
		}
	}
}

func testStatusDuplicates(t *testing.T, s ledger.Store) {
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000041"))
	if !report(t, s, event(e, ledger.StatusSent, time.Second)) {
		t.Fatal("first sent: changed = false")
	}
	again := event(e, ledger.StatusSent, time.Minute)
	again.Segments, again.ErrorCode = 3, 30003
	if report(t, s, again) {
		t.Fatal("repeated sent: changed = true")
	}
	if got := only(t, s); got.Status != ledger.StatusSent || !got.UpdatedAt.Equal(base.Add(time.Second)) {
		t.Fatalf("after the repeat: %s at %s, want sent at %s", got.Status, got.UpdatedAt, base.Add(time.Second))
	}
	// The same report arriving many times at once is stored once.
	var wg sync.WaitGroup
	var changed atomic.Int32
	for range 10 {
		wg.Go(func() {
			ok, err := s.RecordStatus(ctx(t), event(e, ledger.StatusDelivered, 2*time.Second))
			if err != nil {
				t.Errorf("RecordStatus: %v", err)
			}
			if ok {
				changed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := changed.Load(); n != 1 {
		t.Fatalf("%d of 10 identical reports changed the ledger, want 1", n)
	}
	wantStatus(t, s, e, ledger.StatusDelivered)
}

func testStatusOutOfOrder(t *testing.T, s ledger.Store) {
	// Delivered arrives before the reports that preceded it.
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000042"))
	for i, st := range []string{ledger.StatusDelivered, ledger.StatusSent, ledger.StatusSending, ledger.StatusQueued} {
		if !report(t, s, event(e, st, time.Duration(10-i)*time.Second)) {
			t.Fatalf("%s: changed = false for a new status", st)
		}
		wantStatus(t, s, e, ledger.StatusDelivered)
	}
	if got := only(t, s); !got.UpdatedAt.Equal(base.Add(10 * time.Second)) {
		t.Fatalf("updated %s, want the time delivered was reported (%s)", got.UpdatedAt, base.Add(10*time.Second))
	}
	// A report below the status the message was recorded with changes nothing.
	o := entry("entry-2", "outbox-out-of-order")
	o.Provider, o.Status = ledger.ProviderOutbox, ledger.StatusSent
	mustRecord(t, s, o)
	report(t, s, event(o, ledger.StatusQueued, time.Minute))
	wantStatus(t, s, o, ledger.StatusSent)
}

func testStatusFinalStaysFinal(t *testing.T, s ledger.Store) {
	for _, final := range []string{ledger.StatusDelivered, ledger.StatusUndelivered, ledger.StatusFailed, ledger.StatusCanceled} {
		e := mustRecord(t, s, entry("entry-"+final, "SM-"+final))
		report(t, s, event(e, final, time.Second))
		for i, later := range []string{ledger.StatusDelivered, ledger.StatusFailed, ledger.StatusUndelivered, ledger.StatusSent} {
			report(t, s, event(e, later, time.Minute+time.Duration(i)*time.Second))
		}
		wantStatus(t, s, e, final)
		for _, got := range mustList(t, s, ledger.Filter{}) {
			if got.ProviderID == e.ProviderID && !got.UpdatedAt.Equal(base.Add(time.Second)) {
				t.Fatalf("final %s: updated %s, want %s", final, got.UpdatedAt, base.Add(time.Second))
			}
		}
	}
	// Two final reports received at the same instant: the first by name.
	e := mustRecord(t, s, entry("entry-same-time", "SM-same-time"))
	report(t, s, event(e, ledger.StatusUndelivered, time.Second))
	report(t, s, event(e, ledger.StatusFailed, time.Second))
	wantStatus(t, s, e, ledger.StatusFailed)
	// A message recorded with a final status keeps it.
	f := entry("entry-recorded-final", "outbox-recorded-final")
	f.Provider, f.Status = ledger.ProviderOutbox, ledger.StatusFailed
	mustRecord(t, s, f)
	report(t, s, event(f, ledger.StatusDelivered, time.Second))
	wantStatus(t, s, f, ledger.StatusFailed)
}

func testStatusUnknownMessage(t *testing.T, s ledger.Store) {
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000050"))
	_, err := s.RecordStatus(ctx(t), ledger.StatusEvent{
		Provider: ledger.ProviderTwilio, ProviderID: "SM-later", Status: ledger.StatusDelivered, ReceivedAt: base,
	})
	wantErr(t, "unknown provider id", err, ledger.ErrNotFound, "SM-later")
	other := event(e, ledger.StatusDelivered, time.Second)
	other.Provider = ledger.ProviderOutbox
	_, err = s.RecordStatus(ctx(t), other)
	wantErr(t, "id of another provider", err, ledger.ErrNotFound)
	wantStatus(t, s, e, ledger.StatusQueued)
	_, err = s.Status(ctx(t), ledger.ProviderTwilio, "SM-later")
	wantErr(t, "Status of an unknown message", err, ledger.ErrNotFound, "SM-later")
	// Nothing was kept for the unknown message: once it is recorded it has
	// only its own status.
	later := mustRecord(t, s, entry("entry-2", "SM-later"))
	wantStatus(t, s, later, ledger.StatusQueued)
}

func testStatusInvalid(t *testing.T, s ledger.Store) {
	e := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000060"))
	tests := []struct {
		name   string
		change func(ev *ledger.StatusEvent)
		word   string
	}{
		{"unknown status", func(ev *ledger.StatusEvent) { ev.Status = "read" }, `status "read"`},
		{"empty status", func(ev *ledger.StatusEvent) { ev.Status = "" }, "status"},
		{"negative segments", func(ev *ledger.StatusEvent) { ev.Segments = -1 }, "segments is -1"},
		{"negative error code", func(ev *ledger.StatusEvent) { ev.ErrorCode = -30003 }, "error_code"},
		{"unknown provider", func(ev *ledger.StatusEvent) { ev.Provider = "messagebird" }, `provider "messagebird"`},
		{"empty provider id", func(ev *ledger.StatusEvent) { ev.ProviderID = "" }, "provider_id"},
	}
	for _, tt := range tests {
		ev := event(e, ledger.StatusDelivered, time.Second)
		tt.change(&ev)
		changed, err := s.RecordStatus(ctx(t), ev)
		wantErr(t, tt.name, err, ledger.ErrInvalid, tt.word)
		if changed {
			t.Errorf("%s: changed = true with an error", tt.name)
		}
	}
	if got := only(t, s); got.Status != ledger.StatusQueued || !got.UpdatedAt.Equal(base) {
		t.Fatalf("refused reports changed the entry: %+v", got)
	}
}

func testStatusDefaultTime(t *testing.T, s ledger.Store) {
	e := entry("entry-1", "SM00000000000000000000000000000070")
	e.CreatedAt = time.Now().Add(-time.Hour)
	e.UpdatedAt, e.BillingMonth = e.CreatedAt, ""
	mustRecord(t, s, e)
	before := time.Now().Add(-time.Second)
	report(t, s, ledger.StatusEvent{Provider: e.Provider, ProviderID: e.ProviderID, Status: ledger.StatusDelivered})
	after := time.Now().Add(time.Second)
	if got := only(t, s); got.UpdatedAt.Before(before) || got.UpdatedAt.After(after) {
		t.Fatalf("a report without a time gave updated %s, want now", got.UpdatedAt)
	}
}

// testStatusLeavesEntryAlone reads the stored entry past the store: status
// reports must never change it.
func testStatusLeavesEntryAlone(t *testing.T, s ledger.Store, raw RawRow) {
	e := entry("entry-1", "SM00000000000000000000000000000080")
	e.Segments, e.TariffCents, e.UpdatedAt = 2, 7, base.Add(time.Second)
	mustRecord(t, s, e)
	if got := raw(t, e.Provider, e.ProviderID); got != e {
		t.Fatalf("stored row\n got %+v\nwant %+v", got, e)
	}
	for i, st := range []string{ledger.StatusSending, ledger.StatusSent, ledger.StatusUndelivered, ledger.StatusDelivered} {
		ev := event(e, st, time.Duration(i+2)*time.Minute)
		ev.Segments, ev.ErrorCode = 3, 30005
		report(t, s, ev)
		if got := raw(t, e.Provider, e.ProviderID); got != e {
			t.Fatalf("after %s the stored row is\n %+v\nwant %+v", st, got, e)
		}
	}
	wantStatus(t, s, e, ledger.StatusUndelivered)
}

// testStatusConcurrent sends the reports of many messages in every order at
// once: each entry must end delivered, whichever report was stored last.
func testStatusConcurrent(t *testing.T, s ledger.Store) {
	const messages = 25
	for n := range messages {
		mustRecord(t, s, entry(fmt.Sprintf("entry-%d", n), fmt.Sprintf("SM%032d", n)))
	}
	statuses := []string{ledger.StatusSending, ledger.StatusDelivered, ledger.StatusSent, ledger.StatusQueued}
	var wg sync.WaitGroup
	for n := range messages {
		for i, st := range statuses {
			wg.Go(func() {
				ev := ledger.StatusEvent{Provider: ledger.ProviderTwilio, ProviderID: fmt.Sprintf("SM%032d", n),
					Status: st, ReceivedAt: base.Add(time.Duration(i+1) * time.Second)}
				if _, err := s.RecordStatus(ctx(t), ev); err != nil {
					t.Errorf("RecordStatus(%s): %v", st, err)
				}
			})
		}
	}
	wg.Wait()
	for _, got := range mustList(t, s, ledger.Filter{}) {
		if got.Status != ledger.StatusDelivered || !got.UpdatedAt.Equal(base.Add(2*time.Second)) {
			t.Errorf("after concurrent reports %s is %s at %s, want delivered at %s",
				got.ProviderID, got.Status, got.UpdatedAt, base.Add(2*time.Second))
		}
	}
}
