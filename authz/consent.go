package authz

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/account/session"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
)

// consentPage asks the user to let a client use their data.
type consentPage struct {
	Client string
	Scopes []string
	Query  string // the authorization request, posted back with the decision
}

func (p *Provider) showConsent(w http.ResponseWriter, r *http.Request, ar fosite.AuthorizeRequester, client *oauthstore.Client, form url.Values) {
	var scopes []string
	for _, s := range ar.GetRequestedScopes() {
		if s != ScopeOpenID {
			scopes = append(scopes, s)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	_ = p.opts.Pages.Render(w, r, http.StatusOK, "consent", consentPage{Client: client.Name, Scopes: scopes, Query: form.Encode()})
}

// consent takes the user's decision. The authorization request comes back
// in the form and is checked by fosite again; approving stores the consent
// and answers the request right here, denying answers access_denied.
func (p *Provider) consent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s, err := p.opts.Sessions.Current(r)
	if errors.Is(err, session.ErrNoSession) || err == nil && s.ACR != ACR {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if err != nil {
		p.unavailable(w, r, err)
		return
	}
	query, err := url.ParseQuery(r.PostFormValue("query"))
	if err != nil {
		p.authorizeError(w, r, nil, fosite.ErrInvalidRequest)
		return
	}
	original := r.Clone(ctx)
	original.Method = http.MethodGet
	original.URL = &url.URL{Path: "/oauth2/auth", RawQuery: query.Encode()}
	original.Form, original.PostForm, original.Body = nil, nil, http.NoBody
	ar, err := p.oauth.NewAuthorizeRequest(ctx, original)
	if err != nil {
		p.authorizeError(w, r, ar, err)
		return
	}
	client := ar.GetClient().(*oauthstore.Client)
	id, err := identity(ctx, p.opts.Accounts, s.UserID, p.opts.Now())
	if err != nil {
		p.unavailable(w, r, err)
		return
	}
	if r.PostFormValue("decision") != "approve" {
		p.record(r, audit.Event{ActorID: s.UserID, Action: "oidc.consent.denied", TargetType: "oauth_client", TargetID: client.ID,
			OrgID: id.Org.ID, Outcome: audit.OutcomeDenied})
		p.authorizeError(w, r, ar, fosite.ErrAccessDenied.WithHint("The user denied the request."))
		return
	}
	if err := p.opts.Consents.Grant(ctx, s.UserID, client.ID, ar.GetRequestedScopes()); err != nil {
		p.unavailable(w, r, err)
		return
	}
	p.record(r, audit.Event{ActorID: s.UserID, Action: "oidc.consent.granted", TargetType: "oauth_client", TargetID: client.ID,
		OrgID: id.Org.ID, Outcome: audit.OutcomeSuccess})
	if !id.usable(p.opts.Now()) {
		p.authorizeError(w, r, ar, fosite.ErrAccessDenied.WithHint("The account cannot be used."))
		return
	}
	// A login this request asked for (prompt=login) happened before the
	// consent: the request counts from then.
	requestedAt := p.opts.Now()
	if slices.Contains(strings.Fields(query.Get("prompt")), "login") && s.AuthTime.Before(requestedAt) {
		requestedAt = s.AuthTime
	}
	p.issue(w, r, ar, s, id, client, requestedAt)
}
