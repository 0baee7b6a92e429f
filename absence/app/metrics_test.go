package app_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMetricsCountAuditEvents: /metrics counts the application's audited
// events by action and outcome, without ids or personal data.
func TestMetricsCountAuditEvents(t *testing.T) {
	e, hr := employerEnv(t)
	emp := registerEmployee(t, hr, "1", "Sanne de Vries")
	if status, _ := hr.get("/employees/" + emp); status != http.StatusOK {
		t.Fatalf("employee page: %d", status)
	}
	status, body := e.browser().get("/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics answered %d", status)
	}
	for _, want := range []string{
		`mijnaccount_audit_events_total{action="absence.login",outcome="success"} 1`,
		`mijnaccount_audit_events_total{action="absence.employee.create",outcome="success"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, never := range []string{emp, "Sanne"} {
		if strings.Contains(body, never) {
			t.Errorf("/metrics exposes %q", never)
		}
	}
}
