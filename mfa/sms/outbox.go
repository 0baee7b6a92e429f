package sms

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/jsonl"
)

// OutboxPath is where the development outbox lives under the data directory.
func OutboxPath(dataDir string) string {
	return filepath.Join(dataDir, "outbox", "sms.jsonl")
}

// OutboxEntry is one line of the outbox file.
type OutboxEntry struct {
	ID      string    `json:"id"`
	To      string    `json:"to"`
	Body    string    `json:"body"`
	Purpose string    `json:"purpose"`
	OrgID   string    `json:"org_id,omitempty"`
	At      time.Time `json:"at"`
}

// Outbox is the development sender: it appends each message as one JSON line
// to a file (directories 0700, file 0600) instead of sending it. The file
// holds numbers and codes; the log line does not.
type Outbox struct {
	Path   string
	Now    func() time.Time // nil is time.Now
	Logger *slog.Logger     // nil is slog.Default()

	file jsonl.Appender
}

var _ Sender = (*Outbox)(nil)

// NewOutbox returns an outbox writing to path.
func NewOutbox(path string, logger *slog.Logger) *Outbox {
	return &Outbox{Path: path, Logger: logger}
}

// Send appends m to the outbox file.
func (o *Outbox) Send(ctx context.Context, m Message) (Result, error) {
	if err := checkMessage(m); err != nil {
		return Result{}, err
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	e := OutboxEntry{ID: "outbox-" + rand.Text(), To: m.To, Body: m.Body, Purpose: m.Purpose, OrgID: m.OrgID, At: now().UTC()}
	if err := o.file.Append(o.Path, e); err != nil {
		return Result{}, fmt.Errorf("sms: outbox: %w", err)
	}
	res := Result{ProviderID: e.ID, Segments: Segments(m.Body), Status: "sent"}
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "sms written to outbox",
		slog.String("provider", "outbox"), slog.String("purpose", m.Purpose),
		slog.String("provider_id", res.ProviderID), slog.Int("segments", res.Segments))
	return res, nil
}

// ReadOutbox returns the entries in the outbox file at path, oldest first.
// A missing file is an empty outbox.
func ReadOutbox(path string) ([]OutboxEntry, error) { return jsonl.Read[OutboxEntry](path) }
