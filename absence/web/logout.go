package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/mijnaccount/mijnaccount/absence/oidclogin"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/server"
	"github.com/mijnaccount/mijnaccount/storage"
)

// leavingPage sends the browser on to the provider's end-session endpoint.
type leavingPage struct {
	EndSessionURL string
}

// logout ends the local session and sends the browser to the provider for
// RP-initiated logout with id_token_hint. The hand-over is a Refresh header
// and a link on a page of our own rather than a redirect: browsers apply
// form-action to redirects after a form post, and this application's pages
// may post only to itself.
func (wb *Web) logout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	s, ok, err := wb.d.Sessions.End(ctx, w, r)
	if err != nil {
		return server.Unavailable(err)
	}
	if !ok {
		http.Redirect(w, r, "/logged-out", http.StatusSeeOther)
		return nil
	}
	if err := wb.record(ctx, newPrincipal(s), actLogout, "session", "", s.Org); err != nil {
		return err
	}
	end, err := wb.d.OIDC.EndSessionURL(ctx, s.IDToken, wb.d.PublicURL+"/logged-out", "")
	if err != nil {
		wb.d.Log.Warn("no end-session URL; logged out locally only", "err", err)
		http.Redirect(w, r, "/logged-out", http.StatusSeeOther)
		return nil
	}
	w.Header().Set("Refresh", "0; url="+end)
	return wb.render(w, r, http.StatusOK, "absence_leaving", leavingPage{EndSessionURL: end})
}

func (wb *Web) loggedOut(w http.ResponseWriter, r *http.Request) error {
	return wb.render(w, r, http.StatusOK, "absence_logged_out", nil)
}

// backchannelLogout receives a logout token from the provider and ends the
// sessions of its sid (or, without sid, of its subject). Answers follow
// OpenID Connect Back-Channel Logout: 200 when done, 400 with a JSON error
// for a token that does not verify, 503 when the provider's keys or the
// session store cannot be reached (the provider retries).
func (wb *Web) backchannelLogout(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	w.Header().Set("Cache-Control", "no-store")
	raw := r.PostFormValue("logout_token")
	if raw == "" {
		return backchannelError(w, http.StatusBadRequest, "invalid_request")
	}
	lt, err := wb.d.OIDC.VerifyLogoutToken(ctx, raw)
	if err != nil {
		wb.d.Log.Warn("logout token refused", "err", err)
		if oidclogin.ReasonOf(err) == oidclogin.Unavailable {
			return backchannelError(w, http.StatusServiceUnavailable, "temporarily_unavailable")
		}
		if aerr := wb.d.Audit.Record(ctx, audit.Event{Action: actBackchannel, TargetType: "session", Outcome: audit.OutcomeDenied}); aerr != nil {
			return aerr
		}
		return backchannelError(w, http.StatusBadRequest, "invalid_request")
	}
	// A token is used once; keep its jti until well after it expires.
	ttl := time.Until(lt.Expiry) + 5*time.Minute
	fresh, err := wb.d.KV.SetNX(ctx, "logout-jti:"+lt.JTI, []byte("1"), max(ttl, time.Minute))
	if err != nil {
		return wb.backchannelStoreError(w, r, err)
	}
	if !fresh {
		return backchannelError(w, http.StatusBadRequest, "invalid_request")
	}
	var n int
	if lt.SID != "" {
		n, err = wb.d.Sessions.EndSID(ctx, lt.SID)
	} else {
		n, err = wb.d.Sessions.EndSubject(ctx, lt.Subject)
	}
	if err != nil {
		return wb.backchannelStoreError(w, r, err)
	}
	wb.d.Log.Info("back-channel logout", "sessions_ended", n)
	if err := wb.d.Audit.Record(ctx, audit.Event{ActorID: lt.Subject, Action: actBackchannel, TargetType: "session", Outcome: audit.OutcomeSuccess}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// backchannelStoreError logs a store failure and answers it: 503 (the
// provider may try again) only when the store is down, else 500, which no
// retry mends.
func (wb *Web) backchannelStoreError(w http.ResponseWriter, r *http.Request, err error) error {
	wb.d.Log.ErrorContext(r.Context(), "back-channel logout not recorded",
		"request_id", server.RequestID(r.Context()), "err", err)
	if storage.IsUnavailable(err) {
		return backchannelError(w, http.StatusServiceUnavailable, "temporarily_unavailable")
	}
	return backchannelError(w, http.StatusInternalServerError, "server_error")
}

func backchannelError(w http.ResponseWriter, status int, code string) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(map[string]string{"error": code})
}
