package store

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

// relationOrgs registers an employer "wg", a second employer "wg-2", an
// arbodienst "arbo" and a bedrijfsarts "arts".
func relationOrgs(t *testing.T, s *Store) {
	t.Helper()
	for _, o := range []Org{
		{ID: "wg", Name: "Bakkerij", Domain: rights.Werkgever},
		{ID: "wg-2", Name: "Slagerij", Domain: rights.Werkgever},
		{ID: "arbo", Name: "Arbo Noord", Domain: rights.Arbodienst},
		{ID: "arts", Name: "Artsenpraktijk", Domain: rights.Bedrijfsarts},
	} {
		if _, err := s.RegisterOrg(context.Background(), o); err != nil {
			t.Fatal(err)
		}
	}
}

func rel(provider, employer, start, end string) registration.Relation {
	r := registration.Relation{Provider: provider, Employer: employer, Start: d(start)}
	if end != "" {
		r.End = d(end)
	}
	return r
}

func TestAddRelationChecks(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		relationOrgs(t, s)
		first, err := s.AddRelation(ctx, rel("arbo", "wg", "2026-01-01", "2026-06-30"))
		if err != nil || !regexp.MustCompile(`^DR-[A-Z2-7]{8}$`).MatchString(first.ID) {
			t.Fatalf("AddRelation: %+v %v", first, err)
		}
		for _, tc := range []struct {
			name string
			r    registration.Relation
			want error // nil: stored
		}{
			{"unknown provider", rel("arbo-x", "wg", "2026-01-01", ""), ErrUnknownProvider},
			{"an employer as provider", rel("wg-2", "wg", "2026-01-01", ""), ErrNotProvider},
			{"itself as provider", rel("wg", "wg", "2026-01-01", ""), ErrNotProvider},
			{"unknown employer", rel("arbo", "wg-x", "2026-01-01", ""), ErrNotEmployer},
			{"a provider as employer", rel("arts", "arbo", "2026-01-01", ""), ErrNotEmployer},
			{"end before start", rel("arbo", "wg", "2027-02-01", "2027-01-31"), ErrEndBeforeStart},
			{"same period", rel("arbo", "wg", "2026-01-01", "2026-06-30"), ErrOverlap},
			{"inside the period", rel("arbo", "wg", "2026-03-01", "2026-03-31"), ErrOverlap},
			{"starts on the last day", rel("arbo", "wg", "2026-06-30", ""), ErrOverlap},
			{"ends on the first day", rel("arbo", "wg", "2025-01-01", "2026-01-01"), ErrOverlap},
			{"open-ended from before", rel("arbo", "wg", "2025-01-01", ""), ErrOverlap},
			{"ends the day before", rel("arbo", "wg", "2025-01-01", "2025-12-31"), nil},
			{"another provider, same period", rel("arts", "wg", "2026-01-01", "2026-06-30"), nil},
			{"same provider, another employer", rel("arbo", "wg-2", "2026-01-01", ""), nil},
			{"starts the day after, open-ended", rel("arbo", "wg", "2026-07-01", ""), nil},
			{"after an open-ended one", rel("arbo", "wg", "2030-01-01", "2030-12-31"), ErrOverlap},
		} {
			got, err := s.AddRelation(ctx, tc.r)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (got.ID != "") {
				t.Errorf("%s: %+v, %v; want %v", tc.name, got, err, tc.want)
			}
		}
		of, err := s.RelationsOf(ctx, "wg")
		if err != nil || len(of) != 4 {
			t.Fatalf("RelationsOf(wg) = %+v, %v; want 4 relations", of, err)
		}
	})
}

func TestEndEmployerRelation(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		relationOrgs(t, s)
		first, err := s.AddRelation(ctx, rel("arbo", "wg", "2026-01-01", "2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRelation(ctx, rel("arbo", "wg", "2026-09-01", "")); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			employer string
			end      string
			want     error
		}{
			{"another employer's relation", "wg-2", "2026-03-31", ErrNotFound},
			{"an unknown employer", "wg-x", "2026-03-31", ErrNotFound},
			{"before the start", "wg", "2025-12-31", ErrEndBeforeStart},
			{"into the next relation", "wg", "2026-09-01", ErrOverlap},
			{"later, before the next relation", "wg", "2026-08-31", nil},
			{"on the first day", "wg", "2026-01-01", nil},
		} {
			got, err := s.EndEmployerRelation(ctx, tc.employer, first.ID, d(tc.end))
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
			if tc.want == nil && got.End.String() != tc.end {
				t.Errorf("%s: end %s", tc.name, got.End)
			}
		}
		stored, err := s.GetRelation(ctx, first.ID)
		if err != nil || stored.End.String() != "2026-01-01" || stored.Employer != "wg" {
			t.Fatalf("stored relation %+v, %v", stored, err)
		}
		if _, err := s.EndEmployerRelation(ctx, "wg", "DR-NOPE", d("2026-03-31")); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown relation: %v", err)
		}
	})
}

// TestConcurrentAddsOneWins: several adds of the same pair and period at
// once store exactly one relation; the others see it and get ErrOverlap.
func TestConcurrentAddsOneWins(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		relationOrgs(t, s)
		oneConcurrentAddWins(t, s, s.AddRelation, "arbo", "wg")
	})
}

// TestAddWaitsForAConcurrentChange makes the race of two adds certain on
// PostgreSQL: a transaction holds the employer's lock and has inserted a
// relation but not committed. An add of the same pair must wait for it and
// then refuse. (SQLite transactions take the write lock at BEGIN, so a
// second writer always waits there.)
func TestAddWaitsForAConcurrentChange(t *testing.T) {
	addWaitsForTheLock(t, "wg", func(s *Store, ctx context.Context, tx *sql.Tx) error { return s.lockEmployer(ctx, tx, "wg") },
		func(s *Store) addFunc { return s.AddRelation })
}

func TestProviderOrgs(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		relationOrgs(t, s)
		list, err := s.ProviderOrgs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, o := range list {
			ids = append(ids, o.ID)
		}
		if want := []string{"arbo", "arts"}; !slices.Equal(ids, want) {
			t.Fatalf("ProviderOrgs = %v, want %v (by name, no employers)", ids, want)
		}
	})
}
