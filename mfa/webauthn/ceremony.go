package webauthn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	gowebauthn "github.com/go-webauthn/webauthn/webauthn"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Ceremony is handed to the browser: ID goes in a hidden form field and comes
// back with the response; Options is the JSON for navigator.credentials.create
// or .get, the {"publicKey": {...}} object with base64url binary fields.
type Ceremony struct {
	ID      string
	Options json.RawMessage
}

const (
	kindRegistration = "registration"
	kindLogin        = "login"

	keyPrefix = "webauthn-ceremony:"
	idBytes   = 24
)

// record is the server-side state of one ceremony.
type record struct {
	Kind    string                 `json:"kind"`
	UserID  string                 `json:"user_id"`
	Expires int64                  `json:"expires"` // Unix microseconds
	Session gowebauthn.SessionData `json:"session"`
}

// begin stores the state of a new ceremony and returns what the browser gets.
func (s *Service) begin(ctx context.Context, kind string, u User, options any, session *gowebauthn.SessionData) (Ceremony, error) {
	opts, err := json.Marshal(options)
	if err != nil {
		return Ceremony{}, fmt.Errorf("webauthn: encode options: %w", err)
	}
	rec, err := json.Marshal(record{
		Kind:    kind,
		UserID:  u.ID,
		Expires: s.now().Add(ceremonyTTL).UnixMicro(),
		Session: *session,
	})
	if err != nil {
		return Ceremony{}, fmt.Errorf("webauthn: encode ceremony: %w", err)
	}
	id := storage.RandomString(idBytes)
	if err := s.kv.Set(ctx, keyPrefix+id, rec, ceremonyTTL); err != nil {
		return Ceremony{}, storeError("set", err)
	}
	return Ceremony{ID: id, Options: opts}, nil
}

// take removes the ceremony id from the store and returns its state when it
// is a ceremony of kind for user userID. Once taken, the id cannot be used
// again, whatever the outcome.
func (s *Service) take(ctx context.Context, id, kind, userID string) (record, error) {
	if !validID(id) {
		return record{}, ErrNoCeremony
	}
	raw, err := s.kv.Take(ctx, keyPrefix+id)
	if errors.Is(err, storage.ErrNotFound) {
		return record{}, ErrNoCeremony
	}
	if err != nil {
		return record{}, storeError("take", err)
	}
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return record{}, fmt.Errorf("webauthn: decode ceremony: %w", err)
	}
	if rec.Kind != kind || rec.UserID != userID || !s.now().Before(time.UnixMicro(rec.Expires)) {
		return record{}, ErrNoCeremony
	}
	return rec, nil
}

// validID accepts what storage.RandomString(idBytes) produces, so nothing
// else is ever looked up.
func validID(id string) bool {
	if len(id) != (idBytes*8+4)/5 {
		return false
	}
	for _, c := range id {
		if (c < 'a' || c > 'z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}
