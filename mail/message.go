package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Message is one mail to one recipient.
type Message struct {
	To      string // "jan@example.nl" or "Jan de Vries <jan@example.nl>"
	Subject string // one line
	Text    string // plain-text body (required)
	HTML    string // HTML alternative (optional)
	Purpose string // template name or another short id, e.g. "invitation"; logged
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalidMessage is returned (wrapped) for a message that cannot be sent
// as it is. The error does not quote the recipient.
var ErrInvalidMessage = errors.New("mail: invalid message")

// recipient checks m and returns its parsed recipient.
func (m Message) recipient() (*mail.Address, error) {
	if strings.ContainsAny(m.To, "\r\n") || strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: line break in a header", ErrInvalidMessage)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: recipient is not one e-mail address", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Subject) == "" {
		return nil, fmt.Errorf("%w: empty subject", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: empty text body", ErrInvalidMessage)
	}
	if !validPurpose(m.Purpose) {
		return nil, fmt.Errorf("%w: purpose must be up to 64 of [a-z0-9_.-]", ErrInvalidMessage)
	}
	return to, nil
}

func validPurpose(p string) bool {
	if len(p) > 64 {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
