package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestMetricsCountRequestsByRoutePattern(t *testing.T) {
	s, _ := newTestServer(t, nil)
	s.Mux().HandleFunc("GET /things/{id}", func(http.ResponseWriter, *http.Request) {})
	logins := prometheus.NewCounter(prometheus.CounterOpts{Name: "mijnaccount_logins_total", Help: "Logins."})
	s.Metrics().Registry.MustRegister(logins)
	logins.Inc()

	get(s, "/things/42")
	get(s, "/things/43")
	get(s, "/no/such/route")
	serve(s, httptest.NewRequest("BREW", "/things/44", nil))

	rec := get(s, "/metrics")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	text := rec.Body.String()
	for _, want := range []string{
		`mijnaccount_http_requests_total{method="GET",route="GET /things/{id}",status="2xx"} 2`,
		`mijnaccount_http_requests_total{method="GET",route="other",status="4xx"} 1`,
		`mijnaccount_http_requests_total{method="OTHER",route="other",status="4xx"} 1`,
		`mijnaccount_http_request_duration_seconds_count{method="GET",route="GET /things/{id}"} 2`,
		`mijnaccount_logins_total 1`,
		`go_goroutines `,
		`process_`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(text, "/things/42") || strings.Contains(text, "/no/such/route") {
		t.Error("raw paths must not become labels")
	}
}

func TestPanicsAreCounted(t *testing.T) {
	s, _ := newTestServer(t, nil)
	s.Mux().HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
	get(s, "/boom")
	if !strings.Contains(get(s, "/metrics").Body.String(), "mijnaccount_http_panics_total 1") {
		t.Error("panic not counted")
	}
}
