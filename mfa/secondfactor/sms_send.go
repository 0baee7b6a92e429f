package secondfactor

import (
	"errors"
	"net/http"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/smsotp"
	"github.com/mijnaccount/mijnaccount/server"
)

// Bindings tie an SMS code to what it is for: the factor check of one flow,
// or the verification of the phone number a flow is enrolling.
func loginBinding(s *step) string { return "login:" + s.fl.ID }
func enrolBinding(s *step) string { return "enrol:" + s.fl.ID }

// sendCode sends a code to phone. A refusal the user can act on (cooldown,
// a limit, a number that may not receive codes or that the provider
// rejects) comes back as a message id; a
// store or configuration failure as an error (the request fails closed).
func (h *Handler) sendCode(r *http.Request, s *step, phone, purpose, binding string) (string, error) {
	ctx := r.Context()
	customer, err := h.Accounts.BillingCustomerOf(ctx, s.org.ID)
	if err != nil {
		return "", server.Unavailable(err)
	}
	_, err = h.SMS.Send(ctx, smsotp.Request{
		Binding: binding, UserID: s.user.ID, OrgID: s.org.ID, CustomerID: customer.ID,
		Phone: phone, Purpose: purpose, Lang: s.user.Lang, IP: server.ClientIPFrom(ctx).String(),
	})
	var (
		cooldown *smsotp.CooldownError
		limit    *smsotp.LimitError
		provider *sms.ProviderError
	)
	switch {
	case err == nil:
		return "", nil
	case errors.As(err, &cooldown):
		return "mfa.sms.cooldown", nil
	case errors.Is(err, smsotp.ErrNumberRefused):
		// A number stored before the rules of sms.CheckPhone, or whose
		// country is no longer allowed: nothing is sent.
		h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.sms.number_refused", TargetType: "user",
			TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
		return "mfa.sms.invalid_number", nil
	case errors.Is(err, smsotp.ErrBudget):
		h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.sms.budget_refused", TargetType: "user",
			TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
		return "mfa.sms.limit", nil
	case errors.As(err, &limit):
		h.record(ctx, audit.Event{ActorID: s.user.ID, Action: "mfa.sms.limited_" + limit.Scope, TargetType: "user",
			TargetID: s.user.ID, OrgID: s.org.ID, Outcome: audit.OutcomeDenied})
		return "mfa.sms.limit", nil
	case errors.As(err, &provider):
		if provider.Kind == sms.InvalidNumber || provider.Kind == sms.Unreachable {
			return "mfa.sms.invalid_number", nil
		}
		return "mfa.sms.unavailable", nil
	}
	return "", server.Unavailable(err)
}
