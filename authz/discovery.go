package authz

import (
	"encoding/json"
	"net/http"
)

// discovery serves /.well-known/openid-configuration, advertising exactly
// what the provider supports.
func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	iss := p.opts.Issuer
	doc := map[string]any{
		"issuer":                                        iss,
		"authorization_endpoint":                        iss + "/oauth2/auth",
		"token_endpoint":                                iss + "/oauth2/token",
		"userinfo_endpoint":                             iss + "/userinfo",
		"jwks_uri":                                      iss + "/.well-known/jwks.json",
		"introspection_endpoint":                        iss + "/oauth2/introspect",
		"revocation_endpoint":                           iss + "/oauth2/revoke",
		"end_session_endpoint":                          iss + "/oauth2/sessions/logout",
		"response_types_supported":                      []string{"code"},
		"response_modes_supported":                      []string{"query", "form_post"},
		"grant_types_supported":                         []string{"authorization_code", "refresh_token", "client_credentials"},
		"code_challenge_methods_supported":              []string{"S256"},
		"subject_types_supported":                       []string{"public"},
		"id_token_signing_alg_values_supported":         []string{AlgES256, AlgRS256},
		"token_endpoint_auth_methods_supported":         []string{"client_secret_basic", "client_secret_post", "none"},
		"introspection_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"revocation_endpoint_auth_methods_supported":    []string{"client_secret_basic", "client_secret_post", "none"},
		"scopes_supported":                              SupportedScopes,
		"claims_supported": []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid",
			"name", "birthdate", "email", "email_verified", "org", "org_name", "customer", "domain", "roles"},
		"acr_values_supported":                           []string{ACR},
		"prompt_values_supported":                        []string{"none", "login", "consent"},
		"claims_parameter_supported":                     false,
		"request_parameter_supported":                    false,
		"request_uri_parameter_supported":                false,
		"authorization_response_iss_parameter_supported": true,
		"backchannel_logout_supported":                   true,
		"backchannel_logout_session_supported":           true,
		"frontchannel_logout_supported":                  false,
	}
	writeJSON(w, http.StatusOK, doc, "public, max-age=300")
}

// jwks serves the public signing keys (current and previous).
func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	set, err := p.opts.Keys.JWKS(r.Context())
	if err != nil {
		p.opts.Log.Error("jwks unavailable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily_unavailable"}, "no-store")
		return
	}
	writeJSON(w, http.StatusOK, set, "public, max-age=60")
}

func writeJSON(w http.ResponseWriter, status int, v any, cacheControl string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", cacheControl)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
