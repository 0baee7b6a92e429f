package server

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientIP(t *testing.T) {
	trusted, err := ParsePrefixes([]string{"10.0.0.0/8", "fd00::/8"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"direct client without proxy", trusted, "203.0.113.7:5000", nil, "203.0.113.7"},
		{"spoofed header from an untrusted peer is ignored", trusted, "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"no proxies configured ignores the header", nil, "10.0.0.1:443", []string{"198.51.100.1"}, "10.0.0.1"},
		{"trusted proxy names the client", trusted, "10.0.0.1:443", []string{"198.51.100.9"}, "198.51.100.9"},
		{"client-written hops left of the proxy's are ignored", trusted, "10.0.0.1:443", []string{"6.6.6.6, 198.51.100.9"}, "198.51.100.9"},
		{"chain of trusted proxies is walked", trusted, "10.0.0.1:443", []string{"6.6.6.6, 198.51.100.9, 10.0.0.2"}, "198.51.100.9"},
		{"several header lines read as one list", trusted, "10.0.0.1:443", []string{"6.6.6.6", "198.51.100.9, 10.0.0.2"}, "198.51.100.9"},
		{"unparsable hop stops at the last trusted address", trusted, "10.0.0.1:443", []string{"198.51.100.9, not-an-ip"}, "10.0.0.1"},
		{"all hops trusted gives the left-most", trusted, "10.0.0.1:443", []string{"10.0.0.3, 10.0.0.2"}, "10.0.0.3"},
		{"trusted proxy without header is the client", trusted, "10.0.0.1:443", nil, "10.0.0.1"},
		{"hop with a port", trusted, "10.0.0.1:443", []string{"198.51.100.9:4711"}, "198.51.100.9"},
		{"IPv6 client behind IPv6 proxy", trusted, "[fd00::1]:443", []string{"2001:db8::42"}, "2001:db8::42"},
		{"IPv4-mapped peer counts as IPv4", trusted, "[::ffff:10.0.0.1]:443", []string{"198.51.100.9"}, "198.51.100.9"},
		{"unreadable peer is the zero address", trusted, "@pipe", []string{"198.51.100.9"}, "invalid IP"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			if got := ClientIP(req, tc.trusted).String(); got != tc.want {
				t.Errorf("ClientIP = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestClientIPReachesHandlers(t *testing.T) {
	s, _ := newTestServer(t, nil)
	var got netip.Addr
	s.Mux().HandleFunc("GET /ip", func(_ http.ResponseWriter, r *http.Request) { got = ClientIPFrom(r.Context()) })
	req := httptest.NewRequest(http.MethodGet, "/ip", nil)
	req.RemoteAddr = trustedProxy
	req.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.9")
	serve(s, req)
	if got.String() != "198.51.100.9" {
		t.Fatalf("ClientIPFrom = %s", got)
	}
	if ip := ClientIPFrom(t.Context()); ip.IsValid() {
		t.Errorf("outside a request ClientIPFrom = %s, want the zero Addr", ip)
	}
}

func TestParsePrefixes(t *testing.T) {
	got, err := ParsePrefixes([]string{"10.1.2.3/8", " 2001:db8::/32 "})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].String() != "10.0.0.0/8" || got[1].String() != "2001:db8::/32" {
		t.Errorf("got %v", got)
	}
	_, err = ParsePrefixes([]string{"10.0.0.300/8", "10.0.0.1", "127.0.0.1/32"})
	if err == nil || !strings.Contains(err.Error(), `"10.0.0.300/8"`) || !strings.Contains(err.Error(), `"10.0.0.1"`) {
		t.Errorf("want both bad entries named, got %v", err)
	}
}
