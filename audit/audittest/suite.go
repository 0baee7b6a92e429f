// Package audittest is the conformance suite every audit.Store implementation
// runs: RunStoreTests checks ordering, round trips, validation, the hash chain
// and its verification, concurrent appends and the append-only guard.
package audittest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/audit"
)

// Tamper lets the suite change the stored trail the way an attacker or a
// careless administrator would, to prove that Verify notices. The backend test
// provides it.
type Tamper struct {
	// Set sets column (a snake_case field name as in the export, or "at" for
	// the time in Unix microseconds) of the event with seq to value, getting
	// past the append-only guard.
	Set func(t *testing.T, seq int64, column string, value any)
	// Delete removes the event with seq, getting past the append-only guard.
	Delete func(t *testing.T, seq int64)
	// TryUpdate and TryDelete change or remove the event with seq the ordinary
	// way, without getting past the guard, and return the error the store
	// gave. The suite expects both to fail.
	TryUpdate func(seq int64) error
	TryDelete func(seq int64) error
}

// RunStoreTests runs the conformance suite. newStore must return a new, empty
// store for each call, with its Tamper.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) (audit.Store, Tamper)) {
	tests := []struct {
		name string
		run  func(t *testing.T, s audit.Store, tamper Tamper)
	}{
		{"AppendAssignsSeqAndChains", testAppendChains},
		{"AppendReplacesCallerChainFields", testAppendReplacesChainFields},
		{"IterateReturnsFieldsInSeqOrder", testIterateRoundTrip},
		{"IterateSinceFilters", testIterateSince},
		{"IterateStopsAtCallbackError", testIterateStops},
		{"AppendRefusesPersonalDataAndBadValues", testAppendRefuses},
		{"VerifyEmptyTrailOK", testVerifyEmpty},
		{"VerifyIntactTrailOK", testVerifyIntact},
		{"VerifyDetectsChangedField", testVerifyChangedField},
		{"VerifyDetectsDeletedMiddleRow", testVerifyDeletedMiddle},
		{"VerifyDetectsDeletedFirstRow", testVerifyDeletedFirst},
		{"VerifyDetectsChangedHash", testVerifyChangedHash},
		{"VerifyDetectsRehashedRow", testVerifyRehashed},
		{"ConcurrentAppendsKeepChain", testConcurrentAppends},
		{"GuardBlocksUpdateAndDelete", testGuard},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, tamper := newStore(t)
			tc.run(t, s, tamper)
		})
	}
}

// base is a fixed time with nanoseconds and a non-UTC zone, so the suite sees
// that stores truncate to microseconds and return UTC.
var base = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.FixedZone("CET", 3600))

// event returns a valid event, different for each i.
func event(i int) audit.Event {
	return audit.Event{
		Time:       base.Add(time.Duration(i) * time.Minute),
		ActorID:    fmt.Sprintf("acct_%03d", i),
		Action:     "absence.view",
		TargetType: "absence",
		TargetID:   fmt.Sprintf("abs-%d", i),
		OrgID:      "org:acme",
		Outcome:    audit.OutcomeSuccess,
		RequestID:  fmt.Sprintf("req.%d", i),
		IPHash:     audit.HashIP([]byte("test-key-test-key-test-key-32byt"), fmt.Sprintf("192.0.2.%d", i%250)),
		Reason:     "INC-1234",
	}
}

func appendN(t *testing.T, s audit.Store, n int) []audit.Event {
	t.Helper()
	out := make([]audit.Event, 0, n)
	for i := 1; i <= n; i++ {
		e, err := s.Append(context.Background(), event(i))
		if err != nil {
			t.Fatalf("append event %d: %v", i, err)
		}
		out = append(out, e)
	}
	return out
}

func all(t *testing.T, s audit.Store, since time.Time) []audit.Event {
	t.Helper()
	var out []audit.Event
	if err := s.Iterate(context.Background(), since, func(e audit.Event) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatalf("iterate: %v", err)
	}
	return out
}

func verify(t *testing.T, s audit.Store) audit.Report {
	t.Helper()
	r, err := s.Verify(context.Background())
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return r
}

func wantOK(t *testing.T, r audit.Report, events int64) {
	t.Helper()
	if !r.OK || r.Events != events || r.FirstBroken != 0 || r.Problem != "" {
		t.Fatalf("verify = %+v, want OK with %d events", r, events)
	}
}

func wantBroken(t *testing.T, r audit.Report, seq int64, phrase string) {
	t.Helper()
	if r.OK || r.FirstBroken != seq {
		t.Fatalf("verify = %+v, want broken at event %d", r, seq)
	}
	if !strings.Contains(r.Problem, fmt.Sprintf("event %d", seq)) || !strings.Contains(r.Problem, phrase) {
		t.Fatalf("problem = %q, want it to name event %d and say %q", r.Problem, seq, phrase)
	}
}

func testAppendChains(t *testing.T, s audit.Store, _ Tamper) {
	got := appendN(t, s, 3)
	prev := audit.GenesisHash
	for i, e := range got {
		if e.Seq != int64(i+1) {
			t.Errorf("event %d: seq = %d", i+1, e.Seq)
		}
		if e.PrevHash != prev {
			t.Errorf("event %d: prev_hash = %q, want %q", e.Seq, e.PrevHash, prev)
		}
		if len(e.Hash) != 64 || e.Hash != e.ComputeHash() {
			t.Errorf("event %d: hash = %q, want %q", e.Seq, e.Hash, e.ComputeHash())
		}
		prev = e.Hash
	}
}

func testAppendReplacesChainFields(t *testing.T, s audit.Store, _ Tamper) {
	e := event(1)
	e.Seq, e.PrevHash, e.Hash = 99, strings.Repeat("a", 64), strings.Repeat("b", 64)
	got, err := s.Append(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seq != 1 || got.PrevHash != audit.GenesisHash || got.Hash != got.ComputeHash() {
		t.Fatalf("append kept caller's chain fields: %+v", got)
	}
	wantOK(t, verify(t, s), 1)
}

func testIterateRoundTrip(t *testing.T, s audit.Store, _ Tamper) {
	ctx := context.Background()
	in := []audit.Event{
		event(1),
		{Time: base, Action: "login.password", Outcome: audit.OutcomeFailure},
		{Time: base.Add(time.Nanosecond), ActorID: "svc:absence", Action: "mfa.totp.verify",
			TargetType: "factor", TargetID: "f_9x", OrgID: "o-1", Outcome: audit.OutcomeDenied,
			RequestID: "r-1", Reason: "CHG_77"},
	}
	var appended []audit.Event
	for _, e := range in {
		got, err := s.Append(ctx, e)
		if err != nil {
			t.Fatalf("append: %v", err)
		}
		appended = append(appended, got)
	}
	read := all(t, s, time.Time{})
	if len(read) != len(in) {
		t.Fatalf("iterate returned %d events, want %d", len(read), len(in))
	}
	for i, got := range read {
		want := in[i]
		want.Time = want.Time.Truncate(time.Microsecond).UTC()
		want.Seq, want.PrevHash, want.Hash = int64(i+1), appended[i].PrevHash, appended[i].Hash
		if !got.Time.Equal(want.Time) || got.Time.Location() != time.UTC {
			t.Errorf("event %d: time = %v, want %v in UTC", i+1, got.Time, want.Time)
		}
		if !appended[i].Time.Equal(want.Time) || appended[i].Time.Location() != time.UTC {
			t.Errorf("event %d: Append returned time %v, want %v in UTC", i+1, appended[i].Time, want.Time)
		}
		got.Time, want.Time, appended[i].Time = time.Time{}, time.Time{}, time.Time{}
		if got != want {
			t.Errorf("event %d:\n got %+v\nwant %+v", i+1, got, want)
		}
		if appended[i] != want {
			t.Errorf("event %d: Append returned\n %+v\nwant %+v", i+1, appended[i], want)
		}
	}
}

func testIterateSince(t *testing.T, s audit.Store, _ Tamper) {
	appendN(t, s, 5) // times base+1m … base+5m
	cases := []struct {
		since time.Time
		want  []int64
	}{
		{time.Time{}, []int64{1, 2, 3, 4, 5}},
		{base, []int64{1, 2, 3, 4, 5}},
		{base.Add(3 * time.Minute).Truncate(time.Microsecond), []int64{3, 4, 5}},
		{base.Add(3*time.Minute + time.Microsecond), []int64{4, 5}},
		{base.Add(time.Hour), nil},
	}
	for _, c := range cases {
		var seqs []int64
		for _, e := range all(t, s, c.since) {
			seqs = append(seqs, e.Seq)
		}
		if fmt.Sprint(seqs) != fmt.Sprint(c.want) {
			t.Errorf("since %v: seqs %v, want %v", c.since, seqs, c.want)
		}
	}
}

func testIterateStops(t *testing.T, s audit.Store, _ Tamper) {
	appendN(t, s, 5)
	stop := errors.New("stop")
	calls := 0
	err := s.Iterate(context.Background(), time.Time{}, func(e audit.Event) error {
		calls++
		if e.Seq == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Fatalf("iterate = %v after %d calls, want the callback's error after 2", err, calls)
	}
}

func testAppendRefuses(t *testing.T, s audit.Store, _ Tamper) {
	cases := []struct {
		name  string
		field string
		edit  func(e *audit.Event)
	}{
		{"email as actor", "actor_id", func(e *audit.Event) { e.ActorID = "jan.jansen@example.nl" }},
		{"name with space as actor", "actor_id", func(e *audit.Event) { e.ActorID = "Jan Jansen" }},
		{"international phone as target", "target_id", func(e *audit.Event) { e.TargetID = "+31612345678" }},
		{"national phone as target", "target_id", func(e *audit.Event) { e.TargetID = "0612345678" }},
		{"BSN as target", "target_id", func(e *audit.Event) { e.TargetID = "111222333" }},
		{"space in org", "org_id", func(e *audit.Event) { e.OrgID = "acme bv" }},
		{"too long org", "org_id", func(e *audit.Event) { e.OrgID = strings.Repeat("o", 81) }},
		{"free text reason", "reason", func(e *audit.Event) { e.Reason = "called the employee" }},
		{"clear IP in ip_hash", "ip_hash", func(e *audit.Event) { e.IPHash = "192.0.2.10" }},
		{"clear IP as request id", "request_id", func(e *audit.Event) { e.RequestID = "192.0.2.10" }},
		{"newline in target type", "target_type", func(e *audit.Event) { e.TargetType = "absence\n" }},
		{"upper-case action", "action", func(e *audit.Event) { e.Action = "Absence.View" }},
		{"one-letter action", "action", func(e *audit.Event) { e.Action = "a" }},
		{"action with space", "action", func(e *audit.Event) { e.Action = "absence view" }},
		{"empty action", "action", func(e *audit.Event) { e.Action = "" }},
		{"unknown outcome", "outcome", func(e *audit.Event) { e.Outcome = "ok" }},
		{"empty outcome", "outcome", func(e *audit.Event) { e.Outcome = "" }},
		{"zero time", "time", func(e *audit.Event) { e.Time = time.Time{} }},
	}
	for _, c := range cases {
		e := event(1)
		c.edit(&e)
		_, err := s.Append(context.Background(), e)
		var fe *audit.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, audit.ErrInvalid) {
			t.Errorf("%s: append error = %v, want a FieldError for %s", c.name, err, c.field)
		}
	}
	if got := all(t, s, time.Time{}); len(got) != 0 {
		t.Fatalf("refused events were stored: %+v", got)
	}
	wantOK(t, verify(t, s), 0)
}

func testVerifyEmpty(t *testing.T, s audit.Store, _ Tamper) {
	r := verify(t, s)
	wantOK(t, r, 0)
	if r.LastSeq != 0 || r.LastHash != "" {
		t.Fatalf("empty trail: last = %d %q", r.LastSeq, r.LastHash)
	}
}

func testVerifyIntact(t *testing.T, s audit.Store, _ Tamper) {
	events := appendN(t, s, 50)
	r := verify(t, s)
	wantOK(t, r, 50)
	if r.LastSeq != 50 || r.LastHash != events[49].Hash {
		t.Fatalf("last = %d %q, want 50 %q", r.LastSeq, r.LastHash, events[49].Hash)
	}
}

// testVerifyChangedField changes each column of event 7 in turn, checks that
// Verify names event 7, and puts the original value back.
func testVerifyChangedField(t *testing.T, s audit.Store, tamper Tamper) {
	events := appendN(t, s, 20)
	orig := events[6]
	changes := []struct {
		column   string
		value    any
		original any
	}{
		{"actor_id", "acct_999", orig.ActorID},
		{"action", "absence.delete", orig.Action},
		{"target_type", "account", orig.TargetType},
		{"target_id", "abs-other", orig.TargetID},
		{"org_id", "org:other", orig.OrgID},
		{"outcome", "denied", string(orig.Outcome)},
		{"request_id", "req.other", orig.RequestID},
		{"ip_hash", strings.Repeat("0", 32), orig.IPHash},
		{"reason", "INC-9999", orig.Reason},
		{"prev_hash", strings.Repeat("f", 64), orig.PrevHash},
		{"at", orig.Time.UnixMicro() + 1, orig.Time.UnixMicro()},
	}
	for _, c := range changes {
		tamper.Set(t, 7, c.column, c.value)
		r := verify(t, s)
		if r.OK || r.FirstBroken != 7 || !strings.Contains(r.Problem, "event 7: hash mismatch (row changed)") {
			t.Errorf("after changing %s of event 7: verify = %+v", c.column, r)
		}
		tamper.Set(t, 7, c.column, c.original)
		wantOK(t, verify(t, s), 20)
	}
}

func testVerifyDeletedMiddle(t *testing.T, s audit.Store, tamper Tamper) {
	appendN(t, s, 10)
	tamper.Delete(t, 5)
	r := verify(t, s)
	wantBroken(t, r, 5, "event 5 missing (seq jumps from 4 to 6)")
	if r.Events != 9 {
		t.Fatalf("events = %d, want 9", r.Events)
	}
}

func testVerifyDeletedFirst(t *testing.T, s audit.Store, tamper Tamper) {
	appendN(t, s, 3)
	tamper.Delete(t, 1)
	wantBroken(t, verify(t, s), 1, "missing")
}

func testVerifyChangedHash(t *testing.T, s audit.Store, tamper Tamper) {
	appendN(t, s, 20)
	tamper.Set(t, 10, "hash", strings.Repeat("ab", 32))
	wantBroken(t, verify(t, s), 10, "hash mismatch")
}

// testVerifyRehashed changes a row and gives it a matching hash, as someone
// who knows the encoding would: the next event's link gives it away.
func testVerifyRehashed(t *testing.T, s audit.Store, tamper Tamper) {
	events := appendN(t, s, 10)
	e := events[6]
	e.TargetID = "abs-other"
	tamper.Set(t, e.Seq, "target_id", e.TargetID)
	tamper.Set(t, e.Seq, "hash", e.ComputeHash())
	wantBroken(t, verify(t, s), 8, "prev_hash does not match the hash of event 7")
}

func testConcurrentAppends(t *testing.T, s audit.Store, _ Tamper) {
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := s.Append(context.Background(), event(w*each+i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent append: %v", err)
	}
	wantOK(t, verify(t, s), workers*each)
	for i, e := range all(t, s, time.Time{}) {
		if e.Seq != int64(i+1) {
			t.Fatalf("position %d holds event %d", i+1, e.Seq)
		}
	}
}

func testGuard(t *testing.T, s audit.Store, tamper Tamper) {
	if tamper.TryUpdate == nil || tamper.TryDelete == nil {
		t.Skip("this store has no append-only guard below the hash chain")
	}
	appendN(t, s, 3)
	if err := tamper.TryUpdate(2); err == nil {
		t.Error("update of event 2 was not refused")
	}
	if err := tamper.TryDelete(2); err == nil {
		t.Error("delete of event 2 was not refused")
	}
	wantOK(t, verify(t, s), 3)
}
