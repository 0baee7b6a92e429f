package authz

import (
	"net/http"

	"github.com/ory/fosite"

	"github.com/mijnaccount/mijnaccount/account/web"
	"github.com/mijnaccount/mijnaccount/audit"
)

// errorPage is shown when an authorization request cannot be answered to
// the client: unknown client, unregistered redirect URI.
type errorPage struct {
	Code        string // RFC 6749 error code, e.g. invalid_request
	Description string // the client-safe hint, in English as fosite gives it
}

// authorizeError answers a failed authorization request: with a redirect to
// the client when its redirect URI is known and valid (carrying error,
// state and iss), otherwise with a page — never a redirect to an unchecked
// URI.
func (p *Provider) authorizeError(w http.ResponseWriter, r *http.Request, ar fosite.AuthorizeRequester, err error) {
	rfc := fosite.ErrorToRFC6749Error(err)
	p.opts.Log.Info("authorization refused", "error", rfc.ErrorField, "hint", rfc.HintField, "debug", rfc.DebugField)
	if ar == nil || !ar.IsRedirectURIValid() {
		w.Header().Set("Cache-Control", "no-store")
		_ = p.opts.Pages.Render(w, r, rfc.CodeField, "authz_error", errorPage{Code: rfc.ErrorField, Description: rfc.GetDescription()})
		return
	}
	if ar.GetResponseMode() == fosite.ResponseModeFormPost {
		p.oauth.WriteAuthorizeError(r.Context(), w, ar, err)
		return
	}
	target := *ar.GetRedirectURI()
	target.Fragment = ""
	q := target.Query()
	for k, v := range rfc.ToValues() {
		q[k] = v
	}
	if st := ar.GetState(); st != "" {
		q.Set("state", st)
	}
	q.Set("iss", p.opts.Issuer)
	target.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target.String(), http.StatusSeeOther)
}

// unavailable answers when a store the provider needs is down: fail closed.
func (p *Provider) unavailable(w http.ResponseWriter, r *http.Request, err error) {
	p.opts.Log.Error("authorization unavailable", "err", err)
	w.Header().Set("Cache-Control", "no-store")
	_ = p.opts.Pages.Render(w, r, http.StatusServiceUnavailable, "authz_error",
		errorPage{Code: "temporarily_unavailable", Description: "The service is temporarily unavailable."})
}

func (p *Provider) record(r *http.Request, e audit.Event) {
	web.Record(r.Context(), p.opts.Audit, p.opts.Log, e)
}
