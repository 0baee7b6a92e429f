package login

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Step names where a login flow stands.
type Step string

// The steps of a login.
const (
	StepPassword       Step = "password"        // waiting for email + password
	StepChangePassword Step = "change_password" // temporary password must be replaced
	StepSecondFactor   Step = "second_factor"   // password verified, a factor is next
	StepDone           Step = "done"
)

// flowTTL bounds how long a login may take from the first page.
const flowTTL = 15 * time.Minute

// FlowCookie binds a flow to the browser that started it.
const FlowCookie = "ma_flow"

// Flow is the server-side state of one login attempt.
type Flow struct {
	ID         string    `json:"id"`
	Binding    string    `json:"binding"` // SHA-256 of the browser's flow cookie
	ReturnTo   string    `json:"return_to"`
	Step       Step      `json:"step"`
	UserID     string    `json:"user_id,omitempty"`
	OrgID      string    `json:"org_id,omitempty"`
	Stay       bool      `json:"stay,omitempty"`
	AMR        []string  `json:"amr,omitempty"`
	PasswordAt time.Time `json:"password_at,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Mode is what the flow is for: ModeLogin, or a step inside a live
	// session (re-authentication, adding a factor, changing the phone).
	Mode Mode `json:"mode,omitempty"`
	// SessionHandle names the live session a non-login flow belongs to.
	SessionHandle string `json:"session_handle,omitempty"`
	// Factor is the second-factor step's own state; only that step reads it.
	Factor json.RawMessage `json:"factor,omitempty"`
}

// Mode is the purpose of a flow.
type Mode string

// Flow modes. Only ModeLogin starts a session; the others act on the session
// named by Flow.SessionHandle.
const (
	ModeLogin        Mode = ""
	ModeReauth       Mode = "reauth"        // prove a factor again before a sensitive change
	ModeAddFactor    Mode = "add_factor"    // enrol one more factor
	ModePhoneChange  Mode = "phone_change"  // verify a new phone number
	ModeRecoveryCode Mode = "recovery_code" // hand out a new recovery code
	ModePhoneSwap    Mode = "phone_swap"    // verify a temporary phone number
)

// ErrNoFlow is returned for a missing, expired or foreign flow.
var ErrNoFlow = errors.New("login: no such flow")

// Flows keeps login flows in the key-value store.
type Flows struct {
	KV     storage.KV
	Secure bool
	Now    func() time.Time
}

func flowKey(id string) string { return "login-flow:" + id }

func bindingHash(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// Start creates a login flow for the browser and sets its binding cookie.
func (f *Flows) Start(ctx context.Context, w http.ResponseWriter, returnTo string) (Flow, error) {
	return f.StartAt(ctx, w, Flow{ReturnTo: returnTo, Step: StepPassword})
}

// StartAt creates a flow from fl (a fresh id, binding and creation time; the
// return path made safe) and sets its binding cookie. Flows inside a live
// session start at StepSecondFactor with the user already known.
func (f *Flows) StartAt(ctx context.Context, w http.ResponseWriter, fl Flow) (Flow, error) {
	binding := storage.RandomString(24)
	fl.ID, fl.Binding, fl.CreatedAt = storage.NewID(), bindingHash(binding), f.Now().UTC()
	fl.ReturnTo = SafeReturnTo(fl.ReturnTo)
	if err := f.Save(ctx, fl); err != nil {
		return Flow{}, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: FlowCookie, Value: binding, Path: "/", MaxAge: int(flowTTL.Seconds()),
		HttpOnly: true, Secure: f.Secure, SameSite: http.SameSiteLaxMode,
	})
	return fl, nil
}

// Save stores fl for what is left of its lifetime.
func (f *Flows) Save(ctx context.Context, fl Flow) error {
	ttl := fl.CreatedAt.Add(flowTTL).Sub(f.Now())
	if ttl <= 0 {
		return ErrNoFlow
	}
	raw, err := json.Marshal(fl)
	if err != nil {
		return err
	}
	if err := f.KV.Set(ctx, flowKey(fl.ID), raw, ttl); err != nil {
		return fmt.Errorf("login: store flow: %w", err)
	}
	return nil
}

// Load returns the flow named in the request's "flow" parameter, checking that
// it belongs to this browser. Store failures are returned as they are (fail
// closed); everything else is ErrNoFlow.
func (f *Flows) Load(r *http.Request) (Flow, error) {
	id := r.FormValue("flow")
	if id == "" || len(id) > 64 {
		return Flow{}, ErrNoFlow
	}
	raw, err := f.KV.Get(r.Context(), flowKey(id))
	if errors.Is(err, storage.ErrNotFound) {
		return Flow{}, ErrNoFlow
	}
	if err != nil {
		return Flow{}, fmt.Errorf("login: load flow: %w", err)
	}
	var fl Flow
	if err := json.Unmarshal(raw, &fl); err != nil {
		return Flow{}, ErrNoFlow
	}
	c, err := r.Cookie(FlowCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(bindingHash(c.Value)), []byte(fl.Binding)) != 1 {
		return Flow{}, ErrNoFlow
	}
	return fl, nil
}

// Finish deletes the flow and its cookie.
func (f *Flows) Finish(ctx context.Context, w http.ResponseWriter, fl Flow) error {
	http.SetCookie(w, &http.Cookie{Name: FlowCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: f.Secure, SameSite: http.SameSiteLaxMode})
	if err := f.KV.Delete(ctx, flowKey(fl.ID)); err != nil {
		return fmt.Errorf("login: finish flow: %w", err)
	}
	return nil
}

// SafeReturnTo keeps only local absolute paths ("/account", "/oauth2/auth?…"),
// so a login can never send the browser to another site. Anything else
// becomes "/account".
func SafeReturnTo(s string) string {
	const fallback = "/account"
	if s == "" || len(s) > 4096 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") ||
		strings.HasPrefix(s, "/\\") || strings.ContainsAny(s, "\r\n\t") {
		return fallback
	}
	return s
}

// URL returns the path of a flow step with the flow id.
func (fl Flow) URL(path string) string { return path + "?flow=" + fl.ID }
