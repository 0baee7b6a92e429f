package mail

import (
	"context"
	"fmt"
)

// Mailer renders a named mail in the recipient's language and sends it.
// It satisfies the Mailer interfaces of the account packages.
type Mailer struct {
	Templates *Templates
	Sender    Sender
}

// Send renders the mail name in lang with data and sends it to to.
func (m *Mailer) Send(ctx context.Context, to, name, lang string, data map[string]any) error {
	msg, err := m.Templates.Render(name, lang, data)
	if err != nil {
		return err
	}
	msg.To = to
	if err := m.Sender.Send(ctx, msg); err != nil {
		return fmt.Errorf("mail: sending %s: %w", name, err)
	}
	return nil
}
