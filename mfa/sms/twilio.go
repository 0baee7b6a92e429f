package sms

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	twilio "github.com/twilio/twilio-go"
	"github.com/twilio/twilio-go/client"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

// TwilioConfig configures the Twilio sender. Authenticate with AccountSID +
// AuthToken, or with APIKey + APISecret (AccountSID still names the account).
// Send from From (a number or alphanumeric sender id) or through
// MessagingServiceSID; when both are set Twilio uses the service.
type TwilioConfig struct {
	AccountSID          string
	AuthToken           string
	APIKey              string
	APISecret           string
	From                string
	MessagingServiceSID string
	StatusCallback      string // optional URL Twilio posts delivery status to

	// HTTPClient carries the requests; nil means a client with a 10 s timeout
	// that does not follow redirects. Tests set a Transport that sends
	// api.twilio.com to a local fake (twilio-go has no base-URL option).
	HTTPClient *http.Client
	// Logger gets one line per send without number or body; nil is slog.Default().
	Logger *slog.Logger
}

// Validate reports every missing setting at once.
func (c TwilioConfig) Validate() error {
	var errs []error
	if c.AccountSID == "" {
		errs = append(errs, errors.New("twilio: option 'account_sid' is required"))
	}
	switch {
	case c.APIKey != "" || c.APISecret != "":
		if c.APIKey == "" || c.APISecret == "" {
			errs = append(errs, errors.New("twilio: options 'api_key' and 'api_secret' go together"))
		}
	case c.AuthToken == "":
		errs = append(errs, errors.New("twilio: option 'auth_token' (or 'api_key' + 'api_secret') is required"))
	}
	if c.From == "" && c.MessagingServiceSID == "" {
		errs = append(errs, errors.New("twilio: option 'from' or 'messaging_service_sid' is required"))
	}
	return errors.Join(errs...)
}

// Twilio sends through Twilio Programmable Messaging with twilio-go.
type Twilio struct {
	cfg    TwilioConfig
	user   string // basic-auth user: API key or account SID
	pass   string
	http   *http.Client
	logger *slog.Logger
}

var _ Sender = (*Twilio)(nil)

// NewTwilio checks cfg and returns a sender.
func NewTwilio(cfg TwilioConfig) (*Twilio, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Twilio{cfg: cfg, user: cfg.AccountSID, pass: cfg.AuthToken, http: cfg.HTTPClient, logger: cfg.Logger}
	if cfg.APIKey != "" {
		t.user, t.pass = cfg.APIKey, cfg.APISecret
	}
	if t.http == nil {
		t.http = &http.Client{
			Timeout:       10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	if t.logger == nil {
		t.logger = slog.Default()
	}
	return t, nil
}

// rest builds a twilio-go client for one call. twilio-go sends every request
// with context.Background(), so the HTTP client is wrapped in a transport
// that puts ctx on the request: cancelling ctx aborts the call.
func (t *Twilio) rest(ctx context.Context) *twilio.RestClient {
	hc := *t.http
	hc.Transport = ctxTransport{ctx: ctx, base: t.http.Transport}
	c := &client.Client{
		Credentials: client.NewCredentials(t.user, t.pass),
		HTTPClient:  &hc,
	}
	c.SetAccountSid(t.cfg.AccountSID)
	return twilio.NewRestClientWithParams(twilio.ClientParams{Client: c})
}

// Send creates one message. Twilio's answer is mapped to a *ProviderError.
func (t *Twilio) Send(ctx context.Context, m Message) (Result, error) {
	if err := checkMessage(m); err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, &ProviderError{Kind: Unavailable, Err: err}
	}
	p := &openapi.CreateMessageParams{}
	p.SetPathAccountSid(t.cfg.AccountSID)
	p.SetTo(m.To)
	p.SetBody(m.Body)
	if t.cfg.MessagingServiceSID != "" {
		p.SetMessagingServiceSid(t.cfg.MessagingServiceSID)
	}
	if t.cfg.From != "" {
		p.SetFrom(t.cfg.From)
	}
	if t.cfg.StatusCallback != "" {
		p.SetStatusCallback(t.cfg.StatusCallback)
	}
	msg, err := t.rest(ctx).Api.CreateMessage(p)
	if err != nil {
		pe := providerError(err)
		t.logger.LogAttrs(ctx, slog.LevelWarn, "sms send failed",
			slog.String("provider", "twilio"), slog.String("purpose", m.Purpose), slog.String("org_id", m.OrgID),
			slog.String("kind", pe.Kind.String()), slog.Int("code", pe.Code), slog.Int("http_status", pe.Status))
		return Result{}, pe
	}
	res := Result{Segments: Segments(m.Body)}
	if msg.Sid != nil {
		res.ProviderID = *msg.Sid
	}
	if msg.Status != nil {
		res.Status = *msg.Status
	}
	// Through a Messaging Service Twilio says 0 segments until it picks a
	// sender; keep our own count then.
	if msg.NumSegments != nil {
		if n, err := strconv.Atoi(*msg.NumSegments); err == nil && n > 0 {
			res.Segments = n
		}
	}
	t.logger.LogAttrs(ctx, slog.LevelInfo, "sms sent",
		slog.String("provider", "twilio"), slog.String("purpose", m.Purpose), slog.String("org_id", m.OrgID),
		slog.String("provider_id", res.ProviderID), slog.Int("segments", res.Segments), slog.String("status", res.Status))
	return res, nil
}

// providerError maps what twilio-go returned. Its messages are not kept:
// Twilio puts the number in them.
func providerError(err error) *ProviderError {
	var rest *client.TwilioRestError
	if errors.As(err, &rest) {
		return &ProviderError{Code: rest.Code, Status: rest.Status, Kind: classify(rest.Status, rest.Code)}
	}
	var v1 *client.RestErrorV1
	if errors.As(err, &v1) {
		return &ProviderError{Code: v1.Code, Status: v1.HttpStatusCode, Kind: classify(v1.HttpStatusCode, v1.Code)}
	}
	// Transport failures (refused, timeout, cancelled) and error answers that
	// were not JSON (a proxy's 502 page) — twilio-go keeps no status for those.
	return &ProviderError{Kind: Unavailable, Err: err}
}

func checkMessage(m Message) error {
	if !validE164(m.To) {
		return errors.New("sms: message 'to' is not an E.164 number")
	}
	if m.Body == "" {
		return errors.New("sms: message body is empty")
	}
	if !validPurpose(m.Purpose) {
		return fmt.Errorf("sms: unknown purpose %q", m.Purpose)
	}
	return nil
}

type ctxTransport struct {
	ctx  context.Context
	base http.RoundTripper
}

func (t ctxTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r.WithContext(t.ctx))
}
