package ledgertest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

func testRecordRoundTrip(t *testing.T, s ledger.Store) {
	a := mustRecord(t, s, entry("entry-a", "SM00000000000000000000000000000001"))
	b := entry("entry-b", "outbox-ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	b.Provider, b.Purpose, b.Segments, b.Status = ledger.ProviderOutbox, sms.PurposePhoneChange, 3, ledger.StatusSent
	b.CountryPrefix, b.TariffCents = "+49", 0
	b.CreatedAt, b.UpdatedAt = base.Add(time.Second), base.Add(time.Minute)
	mustRecord(t, s, b)
	got := mustList(t, s, ledger.Filter{})
	if want := []ledger.Entry{a, b}; !reflect.DeepEqual(got, want) {
		t.Fatalf("List\n got %+v\nwant %+v", got, want)
	}
}

func testRecordDefaults(t *testing.T, s ledger.Store) {
	e := entry("", "SM00000000000000000000000000000002")
	e.CreatedAt, e.UpdatedAt, e.BillingMonth = time.Time{}, time.Time{}, ""
	before := time.Now().Add(-time.Second)
	mustRecord(t, s, e)
	after := time.Now().Add(time.Second)
	got := only(t, s)
	if got.ID == "" {
		t.Fatal("Record kept an empty id")
	}
	if got.CreatedAt.Before(before) || got.CreatedAt.After(after) || !got.UpdatedAt.Equal(got.CreatedAt) {
		t.Fatalf("zero times became created %s, updated %s; want now for both", got.CreatedAt, got.UpdatedAt)
	}
	if got.BillingMonth != ledger.MonthOf(got.CreatedAt) {
		t.Fatalf("empty billing month became %q, want %q", got.BillingMonth, ledger.MonthOf(got.CreatedAt))
	}
	if got.CreatedAt.Location() != time.UTC || got.CreatedAt.Nanosecond()%1000 != 0 {
		t.Fatalf("created_at %s is not UTC in microseconds", got.CreatedAt)
	}
	// A time in another zone with nanoseconds reads back as UTC microseconds.
	amsterdam := time.FixedZone("CET", 3600)
	f := entry("entry-zone", "SM00000000000000000000000000000003")
	f.CreatedAt = time.Date(2026, 1, 2, 3, 4, 5, 123456789, amsterdam)
	f.UpdatedAt, f.BillingMonth = f.CreatedAt, ""
	mustRecord(t, s, f)
	list := mustList(t, s, ledger.Filter{OrgID: f.OrgID, From: f.CreatedAt.Add(-time.Second), To: f.CreatedAt.Add(time.Second)})
	if want := time.Date(2026, 1, 2, 2, 4, 5, 123456000, time.UTC); len(list) != 1 || list[0].CreatedAt != want {
		t.Fatalf("entry read back as %+v, want created_at %s", list, want)
	}
}

func testRecordValidation(t *testing.T, s ledger.Store) {
	valid := entry("entry-valid", "SM00000000000000000000000000000010")
	tests := []struct {
		name   string
		change func(e *ledger.Entry)
		word   string // the message names the problem
	}{
		{"empty org", func(e *ledger.Entry) { e.OrgID = "" }, "org_id is required"},
		{"org with spaces", func(e *ledger.Entry) { e.OrgID = "org one" }, "org_id"},
		{"empty customer", func(e *ledger.Entry) { e.CustomerID = "" }, "customer_id is required"},
		{"purpose not allowed", func(e *ledger.Entry) { e.Purpose = "marketing" }, `purpose "marketing"`},
		{"empty purpose", func(e *ledger.Entry) { e.Purpose = "" }, "purpose"},
		{"zero segments", func(e *ledger.Entry) { e.Segments = 0 }, "segments is 0"},
		{"negative segments", func(e *ledger.Entry) { e.Segments = -2 }, "segments is -2"},
		{"unknown provider", func(e *ledger.Entry) { e.Provider = "messagebird" }, `provider "messagebird"`},
		{"empty provider id", func(e *ledger.Entry) { e.ProviderID = "" }, "provider_id is required"},
		{"long provider id", func(e *ledger.Entry) { e.ProviderID = "SM" + strings.Repeat("0", 80) }, "provider_id"},
		{"unknown status", func(e *ledger.Entry) { e.Status = "lost" }, `status "lost"`},
		{"empty status", func(e *ledger.Entry) { e.Status = "" }, "status"},
		{"updated before created", func(e *ledger.Entry) { e.UpdatedAt = e.CreatedAt.Add(-time.Second) }, "updated_at"},
		{"no country prefix", func(e *ledger.Entry) { e.CountryPrefix = "" }, `country_prefix ""`},
		{"prefix without plus", func(e *ledger.Entry) { e.CountryPrefix = "31" }, `country_prefix "31"`},
		{"part of a prefix", func(e *ledger.Entry) { e.CountryPrefix = "+3" }, `country_prefix "+3"`},
		{"prefix with digits of the number", func(e *ledger.Entry) { e.CountryPrefix = "+316" }, "country_prefix"},
		{"prefix with letters", func(e *ledger.Entry) { e.CountryPrefix = "+NL" }, "country_prefix"},
		{"negative tariff", func(e *ledger.Entry) { e.TariffCents = -1 }, "tariff_cents is -1"},
		{"month 13", func(e *ledger.Entry) { e.BillingMonth = "2026-13" }, `billing_month "2026-13"`},
		{"month of one digit", func(e *ledger.Entry) { e.BillingMonth = "2026-3" }, "billing_month"},
		{"month with a day", func(e *ledger.Entry) { e.BillingMonth = "2026-03-01" }, "billing_month"},
	}
	for _, tt := range tests {
		e := valid
		tt.change(&e)
		wantErr(t, tt.name, s.Record(ctx(t), e), ledger.ErrInvalid, tt.word)
	}
	// Every problem is reported at once.
	bad := ledger.Entry{Purpose: "spam", Segments: 0, Provider: "x", Status: "?", TariffCents: -5, BillingMonth: "March"}
	wantErr(t, "all wrong", s.Record(ctx(t), bad), ledger.ErrInvalid,
		"org_id", "customer_id", "purpose", "segments", "provider", "provider_id", "status",
		"country_prefix", "tariff_cents", "billing_month")
	if list := mustList(t, s, ledger.Filter{}); len(list) != 0 {
		t.Fatalf("invalid entries were stored: %+v", list)
	}
}

func testRecordDuplicates(t *testing.T, s ledger.Store, raw RawRow) {
	first := mustRecord(t, s, entry("entry-1", "SM00000000000000000000000000000020"))
	again := entry("entry-2", first.ProviderID)
	again.Status, again.Segments, again.TariffCents, again.CustomerID = ledger.StatusDelivered, 4, 12, "org-other"
	again.CreatedAt, again.UpdatedAt, again.BillingMonth = base.Add(time.Hour), base.Add(time.Hour), "2026-04"
	wantErr(t, "same provider id", s.Record(ctx(t), again), ledger.ErrAlreadyExists, "twilio message", first.ProviderID, "already")
	sameID := entry(first.ID, "SM00000000000000000000000000000021")
	wantErr(t, "same entry id", s.Record(ctx(t), sameID), ledger.ErrAlreadyExists, "entry id", first.ID)
	if got := only(t, s); !reflect.DeepEqual(got, first) {
		t.Fatalf("duplicate changed the entry: %+v, want %+v", got, first)
	}
	if got := raw(t, first.Provider, first.ProviderID); got != first {
		t.Fatalf("duplicate changed the stored row: %+v, want %+v", got, first)
	}
	// Provider ids are unique per provider only.
	other := entry("entry-3", first.ProviderID)
	other.Provider = ledger.ProviderOutbox
	mustRecord(t, s, other)
	if n := len(mustList(t, s, ledger.Filter{})); n != 2 {
		t.Fatalf("store holds %d entries, want 2", n)
	}
}
