package billing_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/billing"
)

func TestWriteCSVMonth(t *testing.T) {
	eachBackend(t, local(2026, 11, 20, 12, 0, 0), func(t *testing.T, f *fixture) {
		seedNovember(f)
		var buf bytes.Buffer
		if err := billing.WriteCSV(&buf, f.monthReport("2026-11", "")); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		row := func(customer, customerName, org, orgName, purpose string, messages, segments, euros, cents, delivered, failed string) []string {
			return []string{"2026-11", "open", customer, customerName, org, orgName, purpose, "usage",
				messages, segments, euros, cents, delivered, failed}
		}
		want := [][]string{
			{"period", "status", "customer_id", "customer_name", "org_id", "org_name", "purpose", "kind",
				"messages", "segments", "amount_eur", "amount_cents", "delivered", "failed"},
			row("hold", "Arbo Holding", "hold", "Arbo Holding", "login", "2", "4", "0.32", "32", "1", "1"),
			row("hold", "Arbo Holding", "hold", "Arbo Holding", "enrol", "1", "2", "0.14", "14", "0", "0"),
			row("hold", "Arbo Holding", "noord", "Arbo Noord", "login", "1", "1", "0.08", "8", "0", "1"),
			row("hold", "Arbo Holding", "noord", "Arbo Noord", "phone-change", "1", "2", "0.16", "16", "1", "0"),
			row("hold", "Arbo Holding", "team", "Noord Team 1", "login", "2", "4", "0.28", "28", "1", "0"),
			row("zuid", "Arbo Zuid", "zuid", "Arbo Zuid", "login", "1", "2", "0.18", "18", "1", "0"),
			row("zuid", "Arbo Zuid", "kliniek", "Arbo Kliniek", "login", "1", "4", "0.36", "36", "1", "0"),
			row("zuid", "Arbo Zuid", "kliniek", "Arbo Kliniek", "enrol", "1", "1", "0.09", "9", "0", "0"),
			row("solo", "Werkgever Solo", "solo", "Werkgever Solo", "login", "1", "2", "0.16", "16", "1", "0"),
		}
		compareRows(t, rows, want)
	})
}

func compareRows(t *testing.T, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d CSV rows, want %d:\n%q", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		if len(got[i]) != len(want[i]) {
			t.Errorf("row %d has %d fields, want %d: %q", i, len(got[i]), len(want[i]), got[i])
			continue
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d column %s = %q, want %q", i, billing.CSVHeader[j], got[i][j], want[i][j])
			}
		}
	}
}

// A hand-made closed range report: period of a range, adjustment rows,
// large amounts and names a spreadsheet would take for formulas.
func TestWriteCSVRangeAndAdjustments(t *testing.T) {
	from, to := local(2026, 11, 3, 0, 0, 0), local(2026, 11, 17, 0, 0, 0)
	r := billing.Report{From: from, To: to, Closed: true, Customers: []billing.CustomerReport{{
		CustomerID: "c1", CustomerName: "=HYPERLINK(\"x\")",
		Orgs: []billing.OrgReport{{OrgID: "o1", OrgName: "Plain, with comma", Purposes: []billing.PurposeReport{
			purpose("login", tot(1000000, 3000000, 24000005, 999, 1)),
		}}},
		Adjustments: []billing.OrgReport{{OrgID: "o2", OrgName: "-minus", Purposes: []billing.PurposeReport{
			purpose("enrol", tot(0, 0, 0, 2, 3)),
		}}},
	}}}
	var buf bytes.Buffer
	if err := billing.WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	period := "2026-11-03T00:00:00+01:00/2026-11-17T00:00:00+01:00"
	compareRows(t, rows, [][]string{
		billing.CSVHeader,
		{period, "closed", "c1", "'=HYPERLINK(\"x\")", "o1", "Plain, with comma", "login", "usage",
			"1000000", "3000000", "240000.05", "24000005", "999", "1"},
		{period, "closed", "c1", "'=HYPERLINK(\"x\")", "o2", "'-minus", "enrol", "adjustment",
			"0", "0", "0.00", "0", "2", "3"},
	})
}

func TestFormatEuros(t *testing.T) {
	for cents, want := range map[int64]string{
		0: "0.00", 5: "0.05", 10: "0.10", 99: "0.99", 100: "1.00", 1234: "12.34", -150: "-1.50", -5: "-0.05",
		9223372036854775807:  "92233720368547758.07",
		-9223372036854775808: "-92233720368547758.08",
	} {
		if got := billing.FormatEuros(cents); got != want {
			t.Errorf("FormatEuros(%d) = %q, want %q", cents, got, want)
		}
	}
}

func TestReportJSON(t *testing.T) {
	eachBackend(t, local(2026, 11, 20, 12, 0, 0), func(t *testing.T, f *fixture) {
		seedNovember(f)
		out, err := json.Marshal(f.monthReport("2026-11", "zuid"))
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		totals := func(m, s, a, d, fl float64) map[string]any {
			return map[string]any{"messages": m, "segments": s, "amount_cents": a, "delivered": d, "failed": fl}
		}
		withPurpose := func(p string, t map[string]any) map[string]any {
			t["purpose"] = p
			return t
		}
		zero := totals(0, 0, 0, 0, 0)
		want := map[string]any{
			"from":   "2026-11-01T00:00:00+01:00",
			"to":     "2026-12-01T00:00:00+01:00",
			"month":  "2026-11",
			"closed": false,
			"customers": []any{map[string]any{
				"customer_id":   "zuid",
				"customer_name": "Arbo Zuid",
				"orgs": []any{
					map[string]any{"org_id": "zuid", "org_name": "Arbo Zuid",
						"purposes": []any{withPurpose("login", totals(1, 2, 18, 1, 0))},
						"total":    totals(1, 2, 18, 1, 0)},
					map[string]any{"org_id": "kliniek", "org_name": "Arbo Kliniek",
						"purposes": []any{withPurpose("login", totals(1, 4, 36, 1, 0)), withPurpose("enrol", totals(1, 1, 9, 0, 0))},
						"total":    totals(2, 5, 45, 1, 0)},
				},
				"total":            totals(3, 7, 63, 2, 0),
				"adjustment_total": zero,
			}},
			"total":            totals(3, 7, 63, 2, 0),
			"adjustment_total": zero,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("JSON report\n%s\nwant\n%s", out, mustJSON(t, want))
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// A closed report carries its close time.
func TestReportJSONClosed(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	out, err := json.Marshal(billing.Report{Month: "2026-11", Closed: true, ClosedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"closed":true,"closed_at":"2026-12-01T08:00:00Z"`) {
		t.Errorf("closed report JSON %s", out)
	}
}
