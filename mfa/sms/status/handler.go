package status

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/twilio/twilio-go/client"

	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
)

// Path is where the status callback is served; configure Twilio (or the
// sender's StatusCallback) with the public URL ending in it.
const Path = "/webhooks/twilio/status"

// MaxBody bounds a callback's body. Twilio's are well under 2 KiB.
const MaxBody = 64 << 10

// Recorder stores status reports; *ledger.SQLStore is one.
type Recorder interface {
	RecordStatus(ctx context.Context, ev ledger.StatusEvent) (changed bool, err error)
}

// Handler serves Twilio's status callbacks. AuthToken, PublicURL and Ledger
// are required; without them every request gets 503.
type Handler struct {
	// AuthToken is the Twilio account's auth token, which Twilio signs
	// callbacks with (also when messages are sent with an API key).
	AuthToken string
	// PublicURL is the URL Twilio calls, exactly as configured at Twilio
	// (e.g. https://login.example.nl/webhooks/twilio/status): signatures are
	// computed over it, not over the request's URL behind a proxy.
	PublicURL string
	Ledger    Recorder
	Now       func() time.Time // time a report is received; nil is time.Now
	Log       *slog.Logger     // nil is slog.Default()
}

// ServeHTTP checks the method, the body size and the signature, in that
// order, then stores the report.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	log := h.Log
	if log == nil {
		log = slog.Default()
	}
	ctx := r.Context()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h.AuthToken == "" || h.PublicURL == "" || h.Ledger == nil {
		log.LogAttrs(ctx, slog.LevelError, "twilio status callback refused: handler has no auth token, public URL or ledger")
		http.Error(w, "not configured", http.StatusServiceUnavailable)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	if reason := h.checkSignature(r); reason != "" {
		log.LogAttrs(ctx, slog.LevelWarn, "twilio status callback refused",
			slog.String("reason", reason), slog.String("remote_addr", r.RemoteAddr))
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	h.record(ctx, w, r, log)
}

// checkSignature returns why the request is not signed by Twilio for
// PublicURL and its POST parameters, or "" when it is.
func (h *Handler) checkSignature(r *http.Request) string {
	sig := r.Header.Get("X-Twilio-Signature")
	if sig == "" {
		return "no signature"
	}
	params := make(map[string]string, len(r.PostForm))
	for k, vs := range r.PostForm {
		if len(vs) != 1 {
			return "repeated parameter" // Twilio sends each parameter once
		}
		params[k] = vs[0]
	}
	v := client.NewRequestValidator(h.AuthToken)
	if !v.Validate(h.PublicURL, params, sig) {
		return "bad signature"
	}
	return ""
}

// record stores the signed report and answers Twilio.
func (h *Handler) record(ctx context.Context, w http.ResponseWriter, r *http.Request, log *slog.Logger) {
	sid, raw := r.PostForm.Get("MessageSid"), r.PostForm.Get("MessageStatus")
	st, ok := Status(raw)
	if sid == "" || !ok {
		log.LogAttrs(ctx, slog.LevelWarn, "twilio status callback not understood",
			slog.String("provider_id", sid), slog.String("twilio_status", raw))
		http.Error(w, "unknown message or status", http.StatusBadRequest)
		return
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	ev := ledger.StatusEvent{
		Provider: ledger.ProviderTwilio, ProviderID: sid, Status: st,
		Segments: count(r.PostForm.Get("NumSegments")), ErrorCode: count(r.PostForm.Get("ErrorCode")),
		ReceivedAt: now(),
	}
	attrs := []slog.Attr{
		slog.String("provider_id", sid), slog.String("status", st), slog.Int("error_code", ev.ErrorCode),
	}
	changed, err := h.Ledger.RecordStatus(ctx, ev)
	switch {
	case err == nil:
		log.LogAttrs(ctx, slog.LevelDebug, "sms status recorded", append(attrs, slog.Bool("changed", changed))...)
		w.WriteHeader(http.StatusOK)
	case errors.Is(err, ledger.ErrNotFound):
		// Not ours to retry: the message was never recorded (another
		// application on the account, or a lost ledger write, which smsotp
		// logs at error level).
		log.LogAttrs(ctx, slog.LevelWarn, "sms status for a message not in the ledger", attrs...)
		w.WriteHeader(http.StatusOK)
	case errors.Is(err, ledger.ErrInvalid):
		log.LogAttrs(ctx, slog.LevelWarn, "sms status refused by the ledger", append(attrs, slog.String("error", err.Error()))...)
		http.Error(w, "invalid status report", http.StatusBadRequest)
	default:
		log.LogAttrs(ctx, slog.LevelError, "sms status not stored", append(attrs, slog.String("error", err.Error()))...)
		http.Error(w, "try again later", http.StatusServiceUnavailable)
	}
}

// count reads a non-negative number Twilio may send; anything else is 0
// (not reported).
func count(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
