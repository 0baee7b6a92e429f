package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage"
	"github.com/mijnaccount/mijnaccount/storage/storagetest"
)

const testIssuer = "https://mijnaccount.example"

// portalEmployee stores an employee of employer with email and birth date.
func portalEmployee(t *testing.T, s *Store, employer, number, email, birth string) string {
	t.Helper()
	e, err := s.CreateEmployee(context.Background(), Employee{Employer: employer, PersonnelNumber: number, Name: "Medewerker " + number,
		BirthDate: d(birth), Email: email, ContractMinutes: 2400, EmploymentStart: d("2020-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func claim(subject, employer, email, birth string) PortalClaim {
	c := PortalClaim{Issuer: testIssuer, Subject: subject, Employer: employer, Email: email}
	if birth != "" {
		c.BirthDate = d(birth)
	}
	return c
}

// TestLinkPortalMatchesEmailAndBirthDate: a login is linked only to the one
// employee of its employer with both its email address and birth date;
// every other situation has its own error and stores nothing.
func TestLinkPortalMatchesEmailAndBirthDate(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		portalEmployee(t, s, "wg", "2", "tweeling@bakkerij.example", "1990-01-01")
		portalEmployee(t, s, "wg", "3", "Tweeling@bakkerij.example", "1990-01-01")
		portalEmployee(t, s, "ander", "1", "kees@ander.example", "1970-01-01")
		refusals := []struct {
			name  string
			claim PortalClaim
			want  error
		}{
			{"an address no employee has", claim("s-1", "wg", "onbekend@bakkerij.example", "1985-04-12"), ErrPortalNoMatch},
			{"the address with another birth date", claim("s-2", "wg", "sanne@bakkerij.example", "1985-04-13"), ErrPortalBirthDateMismatch},
			{"two employees with address and birth date", claim("s-3", "wg", "tweeling@bakkerij.example", "1990-01-01"), ErrPortalAmbiguous},
			{"another employer's employee", claim("s-4", "wg", "kees@ander.example", "1970-01-01"), ErrPortalNoMatch},
			{"a token without a birth date", claim("s-5", "wg", "sanne@bakkerij.example", ""), ErrPortalNoMatch},
			{"a token without an address", claim("s-6", "wg", "", "1985-04-12"), ErrPortalNoMatch},
		}
		for _, tc := range refusals {
			audited := false
			tc.claim.Audit = func(PortalLink) error { audited = true; return nil }
			if _, _, err := s.LinkPortal(ctx, tc.claim); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
			if _, err := s.PortalLinkOf(ctx, testIssuer, tc.claim.Subject); !errors.Is(err, ErrNotFound) || audited {
				t.Errorf("%s: a link was stored (%v) or audited (%v)", tc.name, err, audited)
			}
		}
		var audited []string
		c := claim("s-sanne", "wg", "SANNE@Bakkerij.example", "1985-04-12")
		c.Audit = func(l PortalLink) error { audited = append(audited, l.EmployeeID); return nil }
		l, created, err := s.LinkPortal(ctx, c)
		if err != nil || !created || l.EmployeeID != sanne || l.Employer != "wg" || l.Subject != "s-sanne" || !l.Current() {
			t.Fatalf("link: %+v created %v %v", l, created, err)
		}
		if len(audited) != 1 || audited[0] != sanne {
			t.Fatalf("audited %v", audited)
		}
		// The same login again (a second tab): the link it has, not a new one.
		again, created, err := s.LinkPortal(ctx, c)
		if err != nil || created || again.ID != l.ID || len(audited) != 1 {
			t.Fatalf("second link: %+v created %v %v (audited %v)", again, created, err, audited)
		}
		if got, err := s.PortalLinkOfEmployee(ctx, sanne); err != nil || got.ID != l.ID {
			t.Fatalf("PortalLinkOfEmployee: %+v %v", got, err)
		}
	})
}

// TestStoredLinkOutlivesAnEmailChange: once linked, the login keeps its
// employee when the employer changes the address on record.
func TestStoredLinkOutlivesAnEmailChange(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		l, _, err := s.LinkPortal(ctx, claim("s-sanne", "wg", "sanne@bakkerij.example", "1985-04-12"))
		if err != nil {
			t.Fatal(err)
		}
		e, _ := s.GetEmployee(ctx, sanne)
		e.Email = "s.devries@bakkerij.example"
		if _, err := s.UpdateEmployee(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, err := s.PortalLinkOf(ctx, testIssuer, "s-sanne")
		if err != nil || got.ID != l.ID || got.EmployeeID != sanne {
			t.Fatalf("after the email change: %+v %v", got, err)
		}
		if _, err := s.PortalLinkOf(ctx, "https://other-issuer.example", "s-sanne"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the same subject of another issuer: %v", err)
		}
	})
}

// TestLinkedEmployeeCannotBeTakenOver: a second login that matches an
// employee linked to a first one is refused, and the database itself holds
// at most one current link per employee and per login.
func TestLinkedEmployeeCannotBeTakenOver(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		other := portalEmployee(t, s, "wg", "2", "piet@bakkerij.example", "1970-01-01")
		if _, _, err := s.LinkPortal(ctx, claim("s-first", "wg", "sanne@bakkerij.example", "1985-04-12")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.LinkPortal(ctx, claim("s-second", "wg", "sanne@bakkerij.example", "1985-04-12")); !errors.Is(err, ErrPortalTaken) {
			t.Fatalf("second login: %v, want ErrPortalTaken", err)
		}
		insert := `INSERT INTO absence_portal_links (id, employee_id, employer_org, issuer, subject, linked_at) VALUES ($1, $2, 'wg', $3, $4, 1)`
		if _, err := s.db.ExecContext(ctx, insert, "PL-DIRECT1", sanne, testIssuer, "s-second"); !storage.IsUniqueViolation(err) {
			t.Fatalf("a second current link of the employee written directly: %v, want a unique violation", err)
		}
		if _, err := s.db.ExecContext(ctx, insert, "PL-DIRECT2", other, testIssuer, "s-first"); !storage.IsUniqueViolation(err) {
			t.Fatalf("a second current link of the login written directly: %v, want a unique violation", err)
		}
		// An ended link does not count: the employee can be linked again.
		if _, err := s.db.ExecContext(ctx, `INSERT INTO absence_portal_links (id, employee_id, employer_org, issuer, subject, linked_at, unlinked_at)
			VALUES ('PL-ENDED01', $1, 'wg', $2, 's-old', 1, 2)`, sanne, testIssuer); err != nil {
			t.Fatalf("an ended link beside the current one: %v", err)
		}
	})
}

// TestConcurrentLinksOneWins: logins racing for one employee, on both
// backends: exactly one is linked, the others get ErrPortalTaken.
func TestConcurrentLinksOneWins(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		const n = 6
		var (
			wg            sync.WaitGroup
			mu            sync.Mutex
			won, taken    int
			unexpected    []error
			start         = make(chan struct{})
			auditedWinner string
		)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				c := claim(fmt.Sprintf("s-%d", i), "wg", "sanne@bakkerij.example", "1985-04-12")
				c.Audit = func(l PortalLink) error {
					mu.Lock()
					defer mu.Unlock()
					auditedWinner = l.Subject
					return nil
				}
				_, created, err := s.LinkPortal(ctx, c)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil && created:
					won++
				case errors.Is(err, ErrPortalTaken):
					taken++
				default:
					unexpected = append(unexpected, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if won != 1 || taken != n-1 || len(unexpected) > 0 {
			t.Fatalf("%d won, %d taken, unexpected %v; want exactly one winner", won, taken, unexpected)
		}
		l, err := s.PortalLinkOfEmployee(ctx, sanne)
		if err != nil || l.Subject != auditedWinner {
			t.Fatalf("stored link %+v %v, audited winner %q", l, err, auditedWinner)
		}
	})
}

// TestLinkWaitsForAConcurrentLink makes the race certain on PostgreSQL: a
// transaction has linked the employee to one login but not committed. A
// second login must wait on the unique index and then be refused; it must
// not see "no link yet" and store a second one.
func TestLinkWaitsForAConcurrentLink(t *testing.T) {
	ctx := context.Background()
	s := New(storagetest.OpenPostgres(t, Migrations), nil, testKeyring(t))
	sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO absence_portal_links (id, employee_id, employer_org, issuer, subject, linked_at)
		VALUES ('PL-FIRST01', $1, 'wg', $2, 's-first', 1)`, sanne, testIssuer); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := s.LinkPortal(ctx, claim("s-second", "wg", "sanne@bakkerij.example", "1985-04-12"))
		done <- err
	}()
	waitUntilBlocked(t, s, done)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrPortalTaken) {
		t.Fatalf("LinkPortal after the concurrent link: %v, want ErrPortalTaken", err)
	}
}

// TestFailingAuditStoresNoLink: when the audit event cannot be written the
// link is rolled back, for linking and for unlinking.
func TestFailingAuditStoresNoLink(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		boom := errors.New("audit down")
		c := claim("s-sanne", "wg", "sanne@bakkerij.example", "1985-04-12")
		c.Audit = func(PortalLink) error { return boom }
		if _, _, err := s.LinkPortal(ctx, c); !errors.Is(err, boom) {
			t.Fatalf("link with a failing audit: %v", err)
		}
		if _, err := s.PortalLinkOfEmployee(ctx, sanne); !errors.Is(err, ErrNotFound) {
			t.Fatalf("a link survived the failing audit: %v", err)
		}
		c.Audit = nil
		if _, _, err := s.LinkPortal(ctx, c); err != nil {
			t.Fatal(err)
		}
		_, err := s.UnlinkPortal(ctx, PortalUnlink{EmployeeID: sanne, Employer: "wg", By: "s-hr", Reason: "Verkeerd",
			Audit: func(PortalLink) error { return boom }})
		if !errors.Is(err, boom) {
			t.Fatalf("unlink with a failing audit: %v", err)
		}
		if l, err := s.PortalLinkOfEmployee(ctx, sanne); err != nil || !l.Current() {
			t.Fatalf("the unlink survived the failing audit: %+v %v", l, err)
		}
	})
}

// TestUnlinkPortal: the employer ends a link with a reason; the link stays
// as history, the login is unlinked, and the employee can be linked again.
func TestUnlinkPortal(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		first, _, err := s.LinkPortal(ctx, claim("s-wrong", "wg", "sanne@bakkerij.example", "1985-04-12"))
		if err != nil {
			t.Fatal(err)
		}
		for name, u := range map[string]PortalUnlink{
			"another employer":    {EmployeeID: sanne, Employer: "ander", By: "s-hr", Reason: "x"},
			"an unknown employee": {EmployeeID: "MW-ONBEKEND", Employer: "wg", By: "s-hr", Reason: "x"},
		} {
			if _, err := s.UnlinkPortal(ctx, u); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s: %v, want ErrNotFound", name, err)
			}
		}
		if _, err := s.UnlinkPortal(ctx, PortalUnlink{EmployeeID: sanne, Employer: "wg", By: "s-hr", Reason: "  "}); err == nil {
			t.Error("an unlink without a reason")
		}
		var audited string
		ended, err := s.UnlinkPortal(ctx, PortalUnlink{EmployeeID: sanne, Employer: "wg", By: "s-hr", Reason: "Verkeerde persoon gekoppeld",
			Audit: func(l PortalLink) error { audited = l.ID; return nil }})
		if err != nil || ended.ID != first.ID || ended.Current() || ended.UnlinkedBy != "s-hr" || audited != first.ID {
			t.Fatalf("unlink: %+v %v (audited %q)", ended, err, audited)
		}
		if _, err := s.PortalLinkOf(ctx, testIssuer, "s-wrong"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("the login is still linked: %v", err)
		}
		if _, err := s.UnlinkPortal(ctx, PortalUnlink{EmployeeID: sanne, Employer: "wg", By: "s-hr", Reason: "x"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unlinking twice: %v", err)
		}
		var reason string
		var by string
		if err := s.db.QueryRowContext(ctx, `SELECT unlink_reason, unlinked_by FROM absence_portal_links WHERE id = $1`, first.ID).Scan(&reason, &by); err != nil ||
			strings.Contains(reason, "persoon") || by != "s-hr" {
			t.Fatalf("history: %q %q %v", reason, by, err)
		}
		// The reason is sealed, bound to its link.
		if text, err := s.openText(reason, portalReasonAD(first.ID)); err != nil || text != "Verkeerde persoon gekoppeld" {
			t.Fatalf("sealed reason: %q %v", text, err)
		}
		right, created, err := s.LinkPortal(ctx, claim("s-right", "wg", "sanne@bakkerij.example", "1985-04-12"))
		if err != nil || !created || right.EmployeeID != sanne {
			t.Fatalf("linking again after the unlink: %+v %v", right, err)
		}
	})
}

// TestPortalLinksGoWithTheEmployee: deleting an employee record (retention)
// deletes its links, current and ended.
func TestPortalLinksGoWithTheEmployee(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		sanne := portalEmployee(t, s, "wg", "1", "sanne@bakkerij.example", "1985-04-12")
		if _, _, err := s.LinkPortal(ctx, claim("s-sanne", "wg", "sanne@bakkerij.example", "1985-04-12")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM absence_employees WHERE id = $1`, sanne); err != nil {
			t.Fatalf("delete the employee: %v", err)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM absence_portal_links`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d links left (%v)", n, err)
		}
	})
}
