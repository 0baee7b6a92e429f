package billing

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{
	"period", "status", "customer_id", "customer_name", "org_id", "org_name", "purpose", "kind",
	"messages", "segments", "amount_eur", "amount_cents", "delivered", "failed",
}

// WriteCSV writes r as CSV (RFC 4180, comma-separated, UTF-8): the header
// row CSVHeader, then one row per customer, organisation, purpose and kind,
// in the report's order (each customer's usage rows, then its adjustment
// rows). There are no total rows. The columns:
//
//   - period: the month "2026-11" of a month report, or the range of a range
//     report as "from/to" in RFC 3339 (from inclusive, to exclusive);
//   - status: "closed" for a closed month (frozen statements), else "open";
//   - customer_id, customer_name, org_id, org_name: the billing customer and
//     the organisation the messages were sent for;
//   - purpose: login, enrol or phone-change;
//   - kind: "usage" (messages accepted in the period) or "adjustment" (late
//     outcomes of messages of an earlier closed month: only delivered and
//     failed are set);
//   - messages, segments: counts;
//   - amount_eur: the amount in euros with a dot and two decimals ("12.34");
//   - amount_cents: the same amount in euro cents ("1234");
//   - delivered, failed: messages delivered; undelivered or failed.
//
// A customer or organisation name that a spreadsheet would read as a
// formula (starting with =, +, -, @, tab or carriage return) is written with
// a leading apostrophe; ids are written as they are.
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	period := r.Month
	if period == "" {
		period = r.From.Format(time.RFC3339) + "/" + r.To.Format(time.RFC3339)
	}
	status := "open"
	if r.Closed {
		status = "closed"
	}
	for _, c := range r.Customers {
		for _, kind := range []struct {
			name string
			orgs []OrgReport
		}{{kindUsage, c.Orgs}, {kindAdjustment, c.Adjustments}} {
			for _, o := range kind.orgs {
				for _, p := range o.Purposes {
					err := cw.Write([]string{
						period, status, c.CustomerID, cell(c.CustomerName), o.OrgID, cell(o.OrgName), p.Purpose, kind.name,
						itoa(p.Messages), itoa(p.Segments), FormatEuros(p.AmountCents), itoa(p.AmountCents),
						itoa(p.Delivered), itoa(p.Failed),
					})
					if err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// cell defuses text a spreadsheet would evaluate as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// FormatEuros formats an amount in euro cents as euros with a dot and two
// decimals: 1234 is "12.34", 5 is "0.05", -150 is "-1.50".
func FormatEuros(cents int64) string {
	sign := ""
	u := uint64(cents)
	if cents < 0 {
		sign, u = "-", uint64(-(cents+1))+1
	}
	frac := strconv.FormatUint(u%100, 10)
	if len(frac) == 1 {
		frac = "0" + frac
	}
	return sign + strconv.FormatUint(u/100, 10) + "." + frac
}
