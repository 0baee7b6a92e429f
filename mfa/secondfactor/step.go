package secondfactor

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/login"
	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/server"
)

// state is the factor step's part of a flow (login.Flow.Factor).
type state struct {
	// Proven: the user proved in this flow a held factor the organisation
	// or this server no longer allows; the wizard is next, and the login
	// ends only on a newly enrolled, allowed factor.
	Proven bool `json:"proven,omitempty"`
	// Recovered: the recovery code was used in this flow.
	Recovered bool `json:"recovered,omitempty"`
	// Verified holds the AMR of the factor proven (or enrolled) in this
	// flow; what is left is at most the recovery code step.
	Verified string `json:"verified,omitempty"`
	// Failures counts wrong codes in this flow.
	Failures int `json:"failures,omitempty"`
	// Sealed pending secrets (secretbox, bound to the flow id).
	PendingTOTP  string `json:"pending_totp,omitempty"`
	PendingPhone string `json:"pending_phone,omitempty"`
	PendingCode  string `json:"pending_code,omitempty"`
	// SwapUntil is the chosen end of a temporary number (zero: none).
	SwapUntil time.Time `json:"swap_until,omitzero"`
}

// maxFailures ends a flow after this many wrong codes; the user starts over
// with the password.
const maxFailures = 5

// step is one request inside a flow, with everything the pages need.
type step struct {
	fl      login.Flow
	st      state
	user    account.User
	org     account.Org
	factors []mfa.Factor // all of the user's factors
	usable  []mfa.Factor // those the organisation allows, default first
	// challenge are the factors the challenge pages may ask for: the usable
	// ones, or in a login without a usable factor the held ones this server
	// can still check (proofOnly), default first.
	challenge []mfa.Factor
	// proofOnly: a challenge answered here proves possession before the
	// wizard; it never ends a login by itself.
	proofOnly bool
	// keysOff: security keys are switched off on this server (Handler.Keys
	// is nil), whatever the organisation allows.
	keysOff bool
}

// allows reports whether a factor of kind may be used or enrolled: the
// organisation allows it and the server offers it.
func (s *step) allows(kind string) bool {
	return !(s.keysOff && kind == mfa.KindWebAuthn) && mfa.Allows(s.org, kind)
}

type stepFunc func(w http.ResponseWriter, r *http.Request, s *step) error

// flowPage loads the flow of the request and its user, or answers with the
// page that says the login expired.
func (h *Handler) flowPage(fn stepFunc) server.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		fl, err := h.Flows.Load(r)
		if errors.Is(err, login.ErrNoFlow) {
			return h.expired(w, r)
		}
		if err != nil {
			return server.Unavailable(err)
		}
		if fl.Step != login.StepSecondFactor || fl.UserID == "" {
			http.Redirect(w, r, fl.URL("/login"), http.StatusSeeOther)
			return nil
		}
		s, err := h.load(r, fl)
		if err != nil {
			return err
		}
		if s == nil {
			return h.end(w, r, fl, "login.failed")
		}
		return fn(w, r, s)
	}
}

// load reads the flow's user, organisation and factors. It returns nil when
// the flow may not go on: the user was blocked or locked meanwhile, or a
// flow of a live session is used without that session.
func (h *Handler) load(r *http.Request, fl login.Flow) (*step, error) {
	ctx := r.Context()
	s := &step{fl: fl}
	if len(fl.Factor) > 0 {
		if err := json.Unmarshal(fl.Factor, &s.st); err != nil {
			return nil, nil
		}
	}
	var err error
	if s.user, err = h.Accounts.GetUser(ctx, fl.UserID); err != nil {
		return nil, server.Unavailable(err)
	}
	if s.user.Status != account.StatusActive || s.user.PermanentlyLocked || h.Now().Before(s.user.LockedUntil) {
		return nil, nil
	}
	if s.org, err = h.Accounts.GetOrg(ctx, s.user.OrgID); err != nil {
		return nil, server.Unavailable(err)
	}
	if fl.Mode != login.ModeLogin {
		cur, err := h.Sessions.Current(r)
		if errors.Is(err, session.ErrNoSession) || err == nil && (cur.Handle != fl.SessionHandle || cur.UserID != fl.UserID) {
			return nil, nil
		}
		if err != nil {
			return nil, server.Unavailable(err)
		}
	}
	if s.factors, err = h.Factors.ListFactors(ctx, fl.UserID); err != nil {
		return nil, server.Unavailable(err)
	}
	s.keysOff = h.Keys == nil
	s.usable = slices.DeleteFunc(mfa.Usable(s.org, s.factors), func(f mfa.Factor) bool { return !s.allows(f.Kind) })
	s.challenge = s.usable
	if len(s.usable) == 0 && fl.Mode == login.ModeLogin {
		s.challenge = s.provable()
		s.proofOnly = len(s.challenge) > 0
	}
	return s, nil
}

// provable returns the user's factors this server can check, whatever the
// organisation allows now, default first: a security key cannot be checked
// with security keys switched off.
func (s *step) provable() []mfa.Factor {
	return mfa.DefaultFirst(slices.DeleteFunc(slices.Clone(s.factors), func(f mfa.Factor) bool { return s.keysOff && f.Kind == mfa.KindWebAuthn }))
}

// save stores the step's state in its flow.
func (h *Handler) save(r *http.Request, s *step) error {
	raw, err := json.Marshal(s.st)
	if err != nil {
		return err
	}
	s.fl.Factor = raw
	if err := h.Flows.Save(r.Context(), s.fl); err != nil {
		return server.Unavailable(err)
	}
	return nil
}

// redirect sends the browser to a page of the flow.
func redirect(w http.ResponseWriter, r *http.Request, s *step, path string) error {
	http.Redirect(w, r, s.fl.URL(path), http.StatusSeeOther)
	return nil
}

// expired answers a request whose flow is gone.
func (h *Handler) expired(w http.ResponseWriter, r *http.Request) error {
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "login.title", Body: "login.expired", Link: "/login", LinkText: "login.back"})
}

// end finishes a flow that may not go on and shows why.
func (h *Handler) end(w http.ResponseWriter, r *http.Request, fl login.Flow, msg string) error {
	if err := h.Flows.Finish(r.Context(), w, fl); err != nil {
		return server.Unavailable(err)
	}
	return h.Pages.Render(w, r, http.StatusOK, "message", web.MessagePage{
		Title: "login.title", Body: msg, Link: "/login", LinkText: "login.back"})
}

// has reports whether the step may challenge the user's factor of kind.
func (s *step) has(kind string) bool { return mfa.Has(s.challenge, kind) }

// first returns the user's factor of kind the step may challenge.
func (s *step) first(kind string) (mfa.Factor, bool) {
	for _, f := range s.challenge {
		if f.Kind == kind {
			return f, true
		}
	}
	return mfa.Factor{}, false
}
