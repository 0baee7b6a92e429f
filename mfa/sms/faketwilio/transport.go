package faketwilio

import (
	"net/http"
	"strings"
)

// RewriteTransport sends requests for twilio.com hosts (api.twilio.com and
// its edge/region variants) over plain HTTP to Addr instead. Other hosts are
// passed on unchanged.
type RewriteTransport struct {
	Addr string            // host:port of the fake
	Base http.RoundTripper // nil is http.DefaultTransport
}

func (t *RewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	host := r.URL.Hostname()
	if host != "twilio.com" && !strings.HasSuffix(host, ".twilio.com") {
		return base.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme = "http"
	r.URL.Host = t.Addr
	r.Host = t.Addr
	return base.RoundTrip(r)
}

// RedirectingClient returns an HTTP client whose transport sends Twilio
// requests to addr; addr may also be a closed port to test an outage.
func RedirectingClient(addr string) *http.Client {
	return &http.Client{
		Transport: &RewriteTransport{Addr: addr},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}
