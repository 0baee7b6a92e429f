package app

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa/sms/ledger"
	"github.com/mijnaccount/mijnaccount/server"
)

// productMetrics are the counters /metrics shows beside the HTTP ones:
// audited events (logins, factor outcomes, account and helpdesk actions),
// token requests, and SMS messages with their delivery reports. Labels are
// fixed strings chosen by the code, never values a client sends.
type productMetrics struct {
	events    func(action, outcome string)
	tokens    *prometheus.CounterVec
	sms       *prometheus.CounterVec
	smsStatus *prometheus.CounterVec
}

func newProductMetrics(m *server.Metrics) *productMetrics {
	pm := &productMetrics{
		events: m.EventCounter(),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mijnaccount", Name: "token_requests_total",
			Help: "Token endpoint requests by grant type and outcome (issued or the OAuth error code).",
		}, []string{"grant_type", "outcome"}),
		sms: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mijnaccount", Name: "sms_sent_total",
			Help: "SMS messages the provider accepted, by purpose and first status.",
		}, []string{"purpose", "status"}),
		smsStatus: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "mijnaccount", Name: "sms_status_reports_total",
			Help: "New SMS delivery reports, by status.",
		}, []string{"status"}),
	}
	m.Registry.MustRegister(pm.tokens, pm.sms, pm.smsStatus)
	return pm
}

// event counts a stored audit event (audit.Recorder.Observe).
func (pm *productMetrics) event(e audit.Event) {
	pm.events(e.Action, string(e.Outcome))
}

// token counts a token request (authz.Options.OnToken).
func (pm *productMetrics) token(grantType, outcome string) {
	pm.tokens.WithLabelValues(grantType, outcome).Inc()
}

// countingLedger counts what the SMS ledger stores; the ledger validates
// purpose and status, so only known values become labels.
type countingLedger struct {
	ledger.Store
	pm *productMetrics
}

func (l countingLedger) Record(ctx context.Context, e ledger.Entry) error {
	if err := l.Store.Record(ctx, e); err != nil {
		return err
	}
	l.pm.sms.WithLabelValues(e.Purpose, e.Status).Inc()
	return nil
}

func (l countingLedger) RecordStatus(ctx context.Context, ev ledger.StatusEvent) (bool, error) {
	changed, err := l.Store.RecordStatus(ctx, ev)
	if err == nil && changed {
		l.pm.smsStatus.WithLabelValues(ev.Status).Inc()
	}
	return changed, err
}

// ledger is the SMS ledger on the main database, counted.
func (a *App) ledger() ledger.Store {
	return countingLedger{Store: ledger.NewSQLStore(a.DB), pm: a.metrics}
}
