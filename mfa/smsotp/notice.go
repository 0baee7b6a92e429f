package smsotp

import (
	"context"
	"fmt"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
)

// Notice is a text message that carries no code: it tells a number about a
// change (a temporary phone number started or ended).
type Notice struct {
	UserID, OrgID, CustomerID string
	Phone                     string // E.164
	Body                      string
	Purpose                   string // sms.PurposePhoneChange
}

// SendNotice sends n through the same provider as the codes, after the
// customer's budget allows it, and records it in the usage ledger like every
// other message. The number must be a mobile one (sms.CheckMobile; else
// ErrNumberRefused), of any country. The per-user limits and cooldowns of codes do not apply:
// notices follow changes a verified user or the helpdesk made.
func (c *Codes) SendNotice(ctx context.Context, n Notice) error {
	if n.UserID == "" || n.OrgID == "" || n.CustomerID == "" || n.Body == "" {
		return fmt.Errorf("%w: a notice needs user, organisation, customer and text", ErrInvalidRequest)
	}
	if !e164(n.Phone) {
		return fmt.Errorf("%w: the notice's number is not E.164", ErrInvalidRequest)
	}
	// A notice goes to a number verified earlier, also when its country has
	// been dropped from the configuration since, but only to a mobile one.
	if err := c.checkNumber(ctx, Request{UserID: n.UserID, OrgID: n.OrgID, Purpose: n.Purpose}, sms.CheckMobile(n.Phone)); err != nil {
		return err
	}
	now := c.now()
	if err := c.checkBudget(ctx, n.CustomerID, now); err != nil {
		return err
	}
	tariff, err := c.tariffCents(ctx, n.CustomerID, now)
	if err != nil {
		return err
	}
	res, err := c.sender.Send(ctx, sms.Message{To: n.Phone, Body: n.Body, Purpose: n.Purpose, OrgID: n.OrgID})
	if err != nil {
		return fmt.Errorf("smsotp: send notice: %w", err)
	}
	segments := res.Segments
	if segments < 1 {
		segments = sms.Segments(n.Body)
	}
	c.recordUsage(ctx, Request{UserID: n.UserID, OrgID: n.OrgID, CustomerID: n.CustomerID, Phone: n.Phone, Purpose: n.Purpose},
		res, segments, tariff, now)
	return nil
}
