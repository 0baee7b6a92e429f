package sms

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
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

	mu sync.Mutex
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
	line, err := json.Marshal(e)
	if err != nil {
		return Result{}, fmt.Errorf("sms: outbox: %w", err)
	}
	line = append(line, '\n')
	if err := o.append(line); err != nil {
		return Result{}, err
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

func (o *Outbox) append(line []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(o.Path), 0o700); err != nil {
		return fmt.Errorf("sms: outbox: %w", err)
	}
	f, err := os.OpenFile(o.Path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("sms: outbox: %w", err)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("sms: outbox: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sms: outbox: %w", err)
	}
	return nil
}

// ReadOutbox returns the entries in the outbox file at path, oldest first.
// A missing file is an empty outbox.
func ReadOutbox(path string) ([]OutboxEntry, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []OutboxEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var e OutboxEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("sms: outbox line %d: %w", len(out)+1, err)
		}
		out = append(out, e)
	}
	return out, sc.Err()
}
