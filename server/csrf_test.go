package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCrossOriginRequestsAreRefused(t *testing.T) {
	cases := []struct {
		name    string
		method  string
		path    string
		headers map[string]string
		want    int
	}{
		{"cross-site form POST", "POST", "/form", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site (sibling subdomain) POST", "POST", "/form", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"old browser with foreign Origin", "POST", "/form", map[string]string{"Origin": "https://evil.example"}, 403},
		{"same-origin POST", "POST", "/form", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "https://login.example.nl"}, 204},
		{"old browser with matching Origin", "POST", "/form", map[string]string{"Origin": "https://login.example.nl"}, 204},
		{"user typed the URL", "POST", "/form", map[string]string{"Sec-Fetch-Site": "none"}, 204},
		{"non-browser client", "POST", "/form", nil, 204},
		{"cross-site GET is safe", "GET", "/form", map[string]string{"Sec-Fetch-Site": "cross-site"}, 204},
		{"exempt token endpoint", "POST", "/oauth2/token", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://spa.example"}, 204},
		{"exempt webhook prefix", "POST", "/webhooks/sms/status", map[string]string{"Origin": "https://api.twilio.com"}, 204},
		{"exemption is by pattern, not by path prefix string", "POST", "/oauth2/tokenx", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"trusted origin of ours", "POST", "/form", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://verzuim.example.nl"}, 204},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, logs := newTestServer(t, nil)
			noContent := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }
			for _, p := range []string{"/form", "/oauth2/token", "/oauth2/tokenx", "/webhooks/sms/status"} {
				s.Mux().HandleFunc(p, noContent)
			}
			s.CrossOriginProtection().AddInsecureBypassPattern("POST /oauth2/token")
			s.CrossOriginProtection().AddInsecureBypassPattern("/webhooks/")
			if err := s.CrossOriginProtection().AddTrustedOrigin("https://verzuim.example.nl"); err != nil {
				t.Fatal(err)
			}

			req := httptest.NewRequest(tc.method, "https://login.example.nl"+tc.path, nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			rec := serve(s, req)
			if rec.Code != tc.want {
				t.Fatalf("status = %d, want %d", rec.Code, tc.want)
			}
			if tc.want == 403 {
				if line := logs.one(t, "request failed"); line["code"] != "cross_origin_request" {
					t.Errorf("logged code = %v", line["code"])
				}
			}
		})
	}
}
