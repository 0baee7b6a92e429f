package smsotp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/mfa/sms"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/storage"
)

// cleanupTimeout bounds the clean-up and ledger writes that run after the
// caller's context may have ended.
const cleanupTimeout = 5 * time.Second

// Send sends a new code for req.Binding, replacing any earlier one. In order:
// the number (a mobile number of an allowed country, else ErrNumberRefused),
// the cooldowns of the binding, the account and the number (*CooldownError), the limits per user, organisation
// and IP (*LimitError), the customer's budget (an error wrapping ErrBudget),
// the tariff, storing the code's hash, the provider, the ledger.
// A provider failure removes the code, releases the cooldowns and is returned
// so that errors.As finds the *sms.ProviderError. A budget refusal, and a
// budget or tariff that cannot be looked up, release the cooldowns and send
// nothing.
func (c *Codes) Send(ctx context.Context, req Request) (Sent, error) {
	req, err := req.check()
	if err != nil {
		return Sent{}, err
	}
	if err := c.checkNumber(ctx, req, sms.CheckPhone(req.Phone, c.prefixes)); err != nil {
		return Sent{}, err
	}
	now := c.now()
	k := keysFor(req.Binding)
	held, err := c.takeCooldowns(ctx, c.cooldownKeys(req), now)
	if err != nil {
		return Sent{}, err
	}
	// From here on the cooldowns are held. A refused limit keeps them (so
	// hammering the limits is slowed down too); any other failure before the
	// message is out gives them back.
	if err := c.hitLimits(ctx, req); err != nil {
		if !errors.Is(err, ErrLimited) {
			c.releaseCooldowns(ctx, held)
		}
		return Sent{}, err
	}
	if err := c.checkBudget(ctx, req.CustomerID, now); err != nil {
		c.releaseCooldowns(ctx, held)
		return Sent{}, err
	}
	tariff, err := c.tariffCents(ctx, req.CustomerID, now)
	if err != nil {
		c.releaseCooldowns(ctx, held)
		return Sent{}, err
	}
	code, err := c.newCode()
	if err != nil {
		c.releaseCooldowns(ctx, held)
		return Sent{}, err
	}
	rec := record{ID: storage.NewID(), MAC: c.mac(req.Binding, code), Expires: storage.Micros(now.Add(c.ttl)),
		Cooldowns: held.keys, Hold: held.val}
	raw := rec.encode()
	if err := c.kv.Set(ctx, k.code, raw, c.ttl); err != nil {
		c.releaseCooldowns(ctx, held)
		return Sent{}, fmt.Errorf("smsotp: store code: %w", err)
	}
	text := body(req.Lang, code, c.ttl)
	res, err := c.sender.Send(ctx, sms.Message{To: req.Phone, Body: text, Purpose: req.Purpose, OrgID: req.OrgID})
	if err != nil {
		c.undoSend(ctx, k, raw, held, req, err)
		return Sent{}, fmt.Errorf("smsotp: send code: %w", err)
	}
	segments := res.Segments
	if segments < 1 {
		segments = sms.Segments(text)
	}
	c.recordUsage(ctx, req, res, segments, tariff, now)
	return Sent{ExpiresAt: rec.expiresAt(), ResendAt: now.Add(c.cooldown), Segments: segments}, nil
}

// checkNumber turns a refusal of sms.CheckPhone or sms.CheckMobile into
// ErrNumberRefused and logs it with ids and the kind of refusal only.
func (c *Codes) checkNumber(ctx context.Context, req Request, refusal error) error {
	if refusal == nil {
		return nil
	}
	reason := "invalid"
	var nm *sms.NotMobileError
	switch {
	case errors.As(refusal, &nm):
		reason = nm.Type
	case errors.Is(refusal, sms.ErrPhoneCountry):
		reason = "country"
	}
	c.log.LogAttrs(ctx, slog.LevelWarn, "sms refused: the number may not receive messages",
		slog.String("reason", reason), slog.String("user_id", req.UserID), slog.String("org_id", req.OrgID),
		slog.String("purpose", req.Purpose))
	return fmt.Errorf("%w: %w", ErrNumberRefused, refusal)
}

// undoSend removes the code that was not sent and releases the cooldown so
// the user may try again, and logs the failure without number or body.
func (c *Codes) undoSend(ctx context.Context, k keys, raw []byte, h hold, req Request, sendErr error) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if _, err := c.kv.CompareAndDelete(cctx, k.code, raw); err != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "unsent sms code not removed", slog.String("error", err.Error()))
	}
	c.releaseCooldowns(ctx, h)
	attrs := []slog.Attr{
		slog.String("provider", c.provider), slog.String("purpose", req.Purpose), slog.String("org_id", req.OrgID),
	}
	var pe *sms.ProviderError
	if errors.As(sendErr, &pe) {
		attrs = append(attrs, slog.String("kind", pe.Kind.String()), slog.Int("code", pe.Code), slog.Int("http_status", pe.Status))
	} else {
		// Not a provider answer (the outbox file, a refused message). Senders
		// keep numbers and bodies out of their errors.
		attrs = append(attrs, slog.String("error", sendErr.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelWarn, "sms code not sent", attrs...)
}

// recordUsage writes the ledger entry for an accepted message. The message
// is on its way, so a failure here does not fail the send: it is logged at
// error level with what is needed to add the entry by hand.
func (c *Codes) recordUsage(ctx context.Context, req Request, res sms.Result, segments int, tariff int64, now time.Time) {
	status := res.Status
	if !ledger.ValidStatus(status) {
		status = ledger.StatusAccepted
	}
	e := ledger.Entry{
		ID: storage.NewID(), OrgID: req.OrgID, CustomerID: req.CustomerID, Purpose: req.Purpose, Segments: segments,
		Provider: c.provider, ProviderID: res.ProviderID, Status: status,
		CountryPrefix: ledger.CountryPrefix(req.Phone), TariffCents: tariff, BillingMonth: ledger.MonthOf(now),
		CreatedAt: now, UpdatedAt: now,
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := c.ledger.Record(lctx, e); err != nil {
		c.log.LogAttrs(ctx, slog.LevelError, "sms sent but not recorded in the usage ledger",
			slog.String("error", err.Error()), slog.String("provider", e.Provider), slog.String("provider_id", e.ProviderID),
			slog.String("org_id", e.OrgID), slog.String("customer_id", e.CustomerID), slog.String("purpose", e.Purpose),
			slog.Int("segments", e.Segments), slog.String("status", e.Status), slog.String("country_prefix", e.CountryPrefix),
			slog.Int64("tariff_cents", e.TariffCents), slog.String("billing_month", e.BillingMonth),
			slog.Time("created_at", e.CreatedAt))
	}
}
