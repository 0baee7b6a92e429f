package billing

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mijnaccount/mijnaccount/storage"
)

// Statement is the frozen usage of one billing customer in a closed month:
// the month's report for that customer, its close time and the SHA-256 of
// its lines.
type Statement struct {
	Month    string    `json:"month"`
	ClosedAt time.Time `json:"closed_at"`
	CustomerReport
	SHA256 string `json:"sha256"` // hex; equals Hash() of the statement as closed
}

// Hash returns the hex SHA-256 of the statement's canonical text, which
// covers ids and numbers, not names:
//
//	sms-statement v1
//	month "2026-10"
//	customer "<customer id>"
//	<kind> "<org id>" "<purpose>" <messages> <segments> <amount cents> <delivered> <failed>
//	…
//
// one line per organisation and purpose, each ending in "\n", kind "usage"
// lines before "adjustment" lines, each kind ordered by org id and then
// purpose (byte order). Strings are quoted as by strconv.Quote; numbers are
// decimal.
func (st Statement) Hash() string {
	sum := sha256.Sum256([]byte(st.canonical()))
	return hex.EncodeToString(sum[:])
}

func (st Statement) canonical() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sms-statement v1\nmonth %s\ncustomer %s\n", strconv.Quote(st.Month), strconv.Quote(st.CustomerID))
	for _, kind := range []struct {
		name string
		orgs []OrgReport
	}{{kindUsage, st.Orgs}, {kindAdjustment, st.Adjustments}} {
		var rows []line
		for _, o := range kind.orgs {
			for _, p := range o.Purposes {
				rows = append(rows, line{orgID: o.OrgID, purpose: p.Purpose, Totals: p.Totals})
			}
		}
		slices.SortFunc(rows, func(a, b line) int {
			return cmp.Or(strings.Compare(a.orgID, b.orgID), strings.Compare(a.purpose, b.purpose))
		})
		for _, r := range rows {
			fmt.Fprintf(&b, "%s %s %s %d %d %d %d %d\n", kind.name, strconv.Quote(r.orgID), strconv.Quote(r.purpose),
				r.Messages, r.Segments, r.AmountCents, r.Delivered, r.Failed)
		}
	}
	return b.String()
}

// closedAt returns when month was closed, and whether it was.
func (s *Service) closedAt(ctx context.Context, q storage.Querier, month string) (time.Time, bool, error) {
	var at int64
	err := q.QueryRowContext(ctx, `SELECT closed_at FROM sms_billing_closes WHERE month = $1`, month).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("billing: month close: %w", err)
	}
	return storage.FromMicros(at), true, nil
}

// storeStatement inserts a statement and its lines.
func storeStatement(ctx context.Context, tx *sql.Tx, st Statement) error {
	t, a := st.Total, st.AdjustmentTotal
	_, err := tx.ExecContext(ctx, `INSERT INTO sms_statements (month, customer_id, customer_name, messages, segments,
			amount_cents, delivered, failed, adj_delivered, adj_failed, sha256)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		st.Month, st.CustomerID, st.CustomerName, t.Messages, t.Segments, t.AmountCents, t.Delivered, t.Failed,
		a.Delivered, a.Failed, st.SHA256)
	if err != nil {
		return fmt.Errorf("billing: store statement: %w", err)
	}
	for _, kind := range []struct {
		name string
		orgs []OrgReport
	}{{kindUsage, st.Orgs}, {kindAdjustment, st.Adjustments}} {
		for _, o := range kind.orgs {
			for _, p := range o.Purposes {
				_, err := tx.ExecContext(ctx, `INSERT INTO sms_statement_lines (month, customer_id, kind, org_id, org_name,
						purpose, messages, segments, amount_cents, delivered, failed)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
					st.Month, st.CustomerID, kind.name, o.OrgID, o.OrgName, p.Purpose,
					p.Messages, p.Segments, p.AmountCents, p.Delivered, p.Failed)
				if err != nil {
					return fmt.Errorf("billing: store statement line: %w", err)
				}
			}
		}
	}
	return nil
}

// statementLines reads the frozen lines of a closed month, with the names
// kept at the close.
func (s *Service) statementLines(ctx context.Context, month, customerID string) ([]line, error) {
	var p params
	query := `SELECT sl.kind, sl.customer_id, st.customer_name, sl.org_id, sl.org_name, sl.purpose,
			sl.messages, sl.segments, sl.amount_cents, sl.delivered, sl.failed
		FROM sms_statement_lines sl
		JOIN sms_statements st ON st.month = sl.month AND st.customer_id = sl.customer_id
		WHERE sl.month = ` + p.add(month)
	if customerID != "" {
		query += ` AND sl.customer_id = ` + p.add(customerID)
	}
	rows, err := s.DB.QueryContext(ctx, query, p...)
	if err != nil {
		return nil, fmt.Errorf("billing: statement: %w", err)
	}
	defer rows.Close()
	var out []line
	for rows.Next() {
		l := line{month: month}
		if err := rows.Scan(&l.kind, &l.customerID, &l.customerName, &l.orgID, &l.orgName, &l.purpose,
			&l.Messages, &l.Segments, &l.AmountCents, &l.Delivered, &l.Failed); err != nil {
			return nil, fmt.Errorf("billing: statement: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Statements returns the frozen statements of a closed month, for one
// customer or, with customerID "", for all, ordered by customer name. A
// month that is not closed is ErrNotFound.
func (s *Service) Statements(ctx context.Context, month, customerID string) ([]Statement, error) {
	if _, _, err := MonthBounds(month); err != nil {
		return nil, err
	}
	at, closed, err := s.closedAt(ctx, s.DB, month)
	if err != nil {
		return nil, err
	}
	if !closed {
		return nil, notFoundf("billing: month %s is not closed", month)
	}
	lines, err := s.statementLines(ctx, month, customerID)
	if err != nil {
		return nil, err
	}
	hashes := map[string]string{}
	rows, err := s.DB.QueryContext(ctx, `SELECT customer_id, sha256 FROM sms_statements WHERE month = $1`, month)
	if err != nil {
		return nil, fmt.Errorf("billing: statements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, sum string
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, fmt.Errorf("billing: statements: %w", err)
		}
		hashes[id] = sum
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("billing: statements: %w", err)
	}
	var out []Statement
	for _, c := range assemble(lines) {
		out = append(out, Statement{Month: month, ClosedAt: at, CustomerReport: c, SHA256: hashes[c.CustomerID]})
	}
	return out, nil
}
