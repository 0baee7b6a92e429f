package authz

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/go-jose/go-jose/v3"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// logoutPage asks to confirm a logout that did not come with a valid
// id_token_hint for the current session, or says the logout is done.
type logoutPage struct {
	Confirm bool
	Client  string
	Form    map[string]string // the request's parameters, posted back on confirm
}

// hintClaims are the parts of an id_token_hint the logout uses.
type hintClaims struct {
	Issuer   string          `json:"iss"`
	Subject  string          `json:"sub"`
	SID      string          `json:"sid"`
	Audience json.RawMessage `json:"aud"`
}

// logout is RP-initiated logout: with an id_token_hint (signed by us; it may
// have expired) for the current session it logs out at once; otherwise it
// asks. It redirects only to a post_logout_redirect_uri registered for the
// client named by the hint or client_id.
func (p *Provider) logout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	_ = r.ParseForm()
	var hint *hintClaims
	if raw := r.Form.Get("id_token_hint"); raw != "" {
		h, err := p.verifyHint(ctx, raw)
		if err != nil {
			p.opts.Log.Info("logout with an invalid id_token_hint", "err", err)
			p.logoutDone(w, r, "", false)
			return
		}
		hint = h
	}
	client, err := p.logoutClient(ctx, r.Form.Get("client_id"), hint)
	if err != nil {
		p.logoutDone(w, r, "", false)
		return
	}
	redirect := r.Form.Get("post_logout_redirect_uri")
	if redirect != "" && (client == nil || !slices.Contains(client.PostLogoutRedirectURIs, redirect)) {
		p.opts.Log.Info("logout with an unregistered post_logout_redirect_uri")
		redirect = ""
	}
	s, err := p.opts.Sessions.Current(r)
	switch {
	case errors.Is(err, session.ErrNoSession):
		p.finishLogout(w, r, redirect)
		return
	case err != nil:
		p.unavailable(w, r, err)
		return
	}
	confirmed := r.Method == http.MethodPost && r.PostForm.Get("confirm") == "1"
	if !confirmed && (hint == nil || hint.SID != s.Handle || hint.Subject != s.UserID) {
		name := ""
		if client != nil {
			name = client.Name
		}
		form := map[string]string{}
		for _, k := range []string{"id_token_hint", "client_id", "post_logout_redirect_uri", "state"} {
			if v := r.Form.Get(k); v != "" {
				form[k] = v
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		_ = p.opts.Pages.Render(w, r, http.StatusOK, "oidc_logout", logoutPage{Confirm: true, Client: name, Form: form})
		return
	}
	if err := p.opts.Sessions.Logout(ctx, w, r); err != nil {
		p.unavailable(w, r, err)
		return
	}
	p.record(r, audit.Event{ActorID: s.UserID, Action: "logout", TargetType: "session", TargetID: s.Handle,
		OrgID: s.OrgID, Outcome: audit.OutcomeSuccess})
	p.finishLogout(w, r, redirect)
}

func (p *Provider) finishLogout(w http.ResponseWriter, r *http.Request, redirect string) {
	if redirect == "" {
		p.logoutDone(w, r, "", false)
		return
	}
	target, _ := url.Parse(redirect)
	if st := r.Form.Get("state"); st != "" {
		q := target.Query()
		q.Set("state", st)
		target.RawQuery = q.Encode()
	}
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
}

func (p *Provider) logoutDone(w http.ResponseWriter, r *http.Request, client string, confirm bool) {
	w.Header().Set("Cache-Control", "no-store")
	_ = p.opts.Pages.Render(w, r, http.StatusOK, "oidc_logout", logoutPage{Confirm: confirm, Client: client})
}

// logoutClient finds the client of the logout: named by client_id and/or
// by the hint's audience, which must agree.
func (p *Provider) logoutClient(ctx context.Context, clientID string, hint *hintClaims) (*oauthstore.Client, error) {
	if hint != nil {
		var auds []string
		var one string
		if json.Unmarshal(hint.Audience, &one) == nil {
			auds = []string{one}
		} else if err := json.Unmarshal(hint.Audience, &auds); err != nil {
			return nil, err
		}
		if clientID == "" && len(auds) == 1 {
			clientID = auds[0]
		}
		if clientID != "" && !slices.Contains(auds, clientID) {
			return nil, errors.New("authz: client_id is not an audience of the id_token_hint")
		}
	}
	if clientID == "" {
		return nil, nil
	}
	c, err := p.opts.Store.GetOAuthClient(ctx, clientID)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// verifyHint checks an ID token's signature against our published keys and
// its issuer; its expiry is not checked (a logout often comes later).
func (p *Provider) verifyHint(ctx context.Context, raw string) (*hintClaims, error) {
	jws, err := jose.ParseSigned(raw)
	if err != nil || len(jws.Signatures) != 1 {
		return nil, errors.New("authz: id_token_hint is not a signed JWT")
	}
	set, err := p.opts.Keys.JWKS(ctx)
	if err != nil {
		return nil, err
	}
	keys := set.Key(jws.Signatures[0].Header.KeyID)
	if len(keys) == 0 {
		return nil, errors.New("authz: id_token_hint signed with an unknown key")
	}
	payload, err := jws.Verify(keys[0].Key)
	if err != nil {
		return nil, err
	}
	var c hintClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, err
	}
	if c.Issuer != p.opts.Issuer {
		return nil, errors.New("authz: id_token_hint from another issuer")
	}
	return &c, nil
}
