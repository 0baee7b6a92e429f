package audit

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func okEvent() Event {
	return Event{
		Time:       time.Date(2025, 1, 17, 10, 0, 0, 0, time.UTC),
		ActorID:    "acct_7f3k",
		Action:     "absence.view",
		TargetType: "absence",
		TargetID:   "abs:2025-01-17",
		OrgID:      "org-1",
		Outcome:    OutcomeDenied,
		RequestID:  "req.ab12",
		IPHash:     strings.Repeat("0a", 16),
		Reason:     "INC-20240117",
	}
}

func TestValidateAcceptsIDs(t *testing.T) {
	if err := okEvent().Validate(); err != nil {
		t.Fatal(err)
	}
	minimal := Event{Time: time.Unix(1, 0), Action: "login.password", Outcome: OutcomeFailure}
	if err := minimal.Validate(); err != nil {
		t.Fatalf("event with empty optional ids: %v", err)
	}
	// Short numbers and chain fields are fine: the store sets the latter.
	e := okEvent()
	e.TargetID, e.Seq, e.PrevHash, e.Hash = "1234567", 9, "x", "y"
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateErrorNamesFieldNotValue(t *testing.T) {
	cases := []struct {
		field string
		value string
		edit  func(e *Event, v string)
	}{
		{"actor_id", "piet@example.nl", func(e *Event, v string) { e.ActorID = v }},
		{"target_id", "+31 6 12345678", func(e *Event, v string) { e.TargetID = v }},
		{"target_id", "06-12345678", func(e *Event, v string) { e.TargetID = v }},
		{"org_id", "2001:db8::1", func(e *Event, v string) { e.OrgID = v }},
		{"reason", "Piet belde", func(e *Event, v string) { e.Reason = v }},
		{"request_id", "123456789", func(e *Event, v string) { e.RequestID = v }},
		{"ip_hash", "10.0.0.1", func(e *Event, v string) { e.IPHash = v }},
		{"action", "Piet", func(e *Event, v string) { e.Action = v }},
		{"outcome", "geheim", func(e *Event, v string) { e.Outcome = Outcome(v) }},
	}
	for _, c := range cases {
		e := okEvent()
		c.edit(&e, c.value)
		err := e.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != c.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s=%q: error %v, want FieldError for %s", c.field, c.value, err, c.field)
			continue
		}
		if !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: message %q does not name the field", c.field, err)
		}
		if strings.Contains(err.Error(), c.value) {
			t.Errorf("%s: message %q repeats the refused value", c.field, err)
		}
	}
}
