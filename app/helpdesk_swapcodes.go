package app

import (
	"context"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/server"
)

// swapCodes lets the helpdesk verify a temporary number with the same SMS
// codes, limits and ledger as the user's own pages.
type swapCodes struct{ a *App }

// SendSwapCode implements helpdesk.SwapCodes.
func (c swapCodes) SendSwapCode(ctx context.Context, u account.User, phone, binding string) error {
	customer, err := c.a.Accounts.BillingCustomerOf(ctx, u.OrgID)
	if err != nil {
		return err
	}
	_, err = c.a.SMSCodes.Send(ctx, smsotp.Request{Binding: binding, UserID: u.ID, OrgID: u.OrgID, CustomerID: customer.ID,
		Phone: phone, Purpose: sms.PurposePhoneChange, Lang: u.Lang, IP: server.ClientIPFrom(ctx).String()})
	return err
}

// VerifySwapCode implements helpdesk.SwapCodes.
func (c swapCodes) VerifySwapCode(ctx context.Context, binding, code string) error {
	return c.a.SMSCodes.Verify(ctx, binding, code)
}
