package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the process's Prometheus registry and the HTTP metrics.
// Other packages register their own collectors (logins, factor outcomes,
// SMS, token grants) on Registry; nothing uses the global registry, so tests
// and several servers in one process do not collide.
type Metrics struct {
	Registry *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	panics   prometheus.Counter
}

// NewMetrics returns a registry with the Go runtime, process and HTTP
// collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mijnaccount",
			Name:      "http_requests_total",
			Help:      "HTTP requests by route pattern, method and status class.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "mijnaccount",
			Name:      "http_request_duration_seconds",
			Help:      "HTTP request latency by route pattern and method.",
			Buckets:   prometheus.DefBuckets,
		}, []string{"route", "method"}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "mijnaccount",
			Name:      "http_panics_total",
			Help:      "Handler panics recovered into a 500.",
		}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.panics,
	)
	return m
}

// EventCounter registers mijnaccount_audit_events_total and returns the
// function that counts one event; plug it into audit.Recorder.Observe.
// Action and outcome are fixed strings of the code, never user data.
func (m *Metrics) EventCounter() func(action, outcome string) {
	events := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "mijnaccount", Name: "audit_events_total",
		Help: "Audit events stored, by action and outcome.",
	}, []string{"action", "outcome"})
	m.Registry.MustRegister(events)
	return func(action, outcome string) { events.WithLabelValues(action, outcome).Inc() }
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// observe counts one finished request. pattern is the ServeMux pattern that
// matched; requests that matched none, or only the catch-all, count as
// "other", so labels stay few whatever paths clients invent.
func (m *Metrics) observe(pattern, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if pattern == "" || pattern == notFoundPattern {
		pattern = "other"
	}
	method = methodLabel(method)
	m.requests.WithLabelValues(pattern, method, strconv.Itoa(status/100)+"xx").Inc()
	m.duration.WithLabelValues(pattern, method).Observe(d.Seconds())
}

func (m *Metrics) panicked() {
	if m != nil {
		m.panics.Inc()
	}
}

// methodLabel keeps the standard methods and folds the rest, which a client
// can make up freely, into "OTHER".
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}
