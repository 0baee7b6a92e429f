package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage/jsonl"
)

// OutboxEntry is one line of the outbox file.
type OutboxEntry struct {
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
	HTML    string    `json:"html"`
	Purpose string    `json:"purpose"`
	At      time.Time `json:"at"`
}

// Outbox is the development Sender: it appends each message as one JSON
// object per line to Path instead of sending it. The directory is created
// 0700 and the file 0600, since the lines hold live invitation and reset
// links. Concurrent sends never interleave: they are serialised within the
// process, and each line is a single O_APPEND write.
type Outbox struct {
	Path string
	Log  *slog.Logger     // nil: slog.Default()
	Now  func() time.Time // nil: time.Now

	file jsonl.Appender
}

var _ Sender = (*Outbox)(nil)

// OutboxPath is the outbox file under a data directory:
// <dataDir>/outbox/mail.jsonl.
func OutboxPath(dataDir string) string {
	return filepath.Join(dataDir, "outbox", "mail.jsonl")
}

// NewOutbox returns an Outbox writing to path.
func NewOutbox(path string, log *slog.Logger) *Outbox {
	return &Outbox{Path: path, Log: log}
}

// Send appends m to the outbox file.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := m.recipient(); err != nil {
		return err
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	entry := OutboxEntry{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Purpose: m.Purpose, At: now().UTC()}
	if err := o.file.Append(o.Path, entry); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	log := o.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "mail written to outbox", "purpose", m.Purpose)
	return nil
}

// ReadOutbox returns the messages in an outbox file, oldest first. A file
// that does not exist yet holds no messages. Tests use it to follow the
// links that mails carry.
func ReadOutbox(path string) ([]OutboxEntry, error) { return jsonl.Read[OutboxEntry](path) }

// LastTo returns the newest entry addressed to the e-mail address to
// (compared without case), and whether there is one.
func LastTo(entries []OutboxEntry, to string) (OutboxEntry, bool) {
	for i := len(entries) - 1; i >= 0; i-- {
		if a, err := mail.ParseAddress(entries[i].To); err == nil && strings.EqualFold(a.Address, to) {
			return entries[i], true
		}
	}
	return OutboxEntry{}, false
}
