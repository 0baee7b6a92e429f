package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/registration"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

// TestCreateRelationChecks: an administrator's relation may name
// organisations the application has not seen yet, but gets every other
// check of AddRelation, also against relations the employer added.
func TestCreateRelationChecks(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		relationOrgs(t, s) // wg, wg-2 (werkgever), arbo, arts (providers)
		if _, err := s.CreateRelation(ctx, rel("arbo-new", "wg-new", "2026-01-01", "2026-06-30")); err != nil {
			t.Fatalf("unknown organisations: %v", err)
		}
		if _, err := s.AddRelation(ctx, rel("arbo", "wg", "2026-01-01", "2026-06-30")); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			r    registration.Relation
			want error // nil: stored
		}{
			{"overlap between unknown organisations", rel("arbo-new", "wg-new", "2026-06-30", ""), ErrOverlap},
			{"overlap with the employer's own relation", rel("arbo", "wg", "2026-03-01", "2026-03-31"), ErrOverlap},
			{"an unknown organisation as its own provider", rel("x", "x", "2026-01-01", ""), ErrNotProvider},
			{"a known employer as provider", rel("wg-2", "wg-new", "2026-01-01", ""), ErrNotProvider},
			{"a known provider as employer", rel("arbo-new", "arts", "2026-01-01", ""), ErrNotEmployer},
			{"end before start", rel("arbo-new", "wg-new", "2027-02-01", "2027-01-31"), ErrEndBeforeStart},
			{"unknown provider, known employer", rel("arbo-new", "wg", "2026-01-01", ""), nil},
			{"known provider, unknown employer", rel("arts", "wg-new", "2026-01-01", ""), nil},
			{"after the relation of unknown organisations", rel("arbo-new", "wg-new", "2026-07-01", ""), nil},
		} {
			got, err := s.CreateRelation(ctx, tc.r)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (got.ID != "") {
				t.Errorf("%s: %+v, %v; want %v", tc.name, got, err, tc.want)
			}
		}
		// The employer's add sees the administrator's relations too.
		if _, err := s.AddRelation(ctx, rel("arts", "wg-2", "2026-01-01", "")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateRelation(ctx, rel("arts", "wg-2", "2025-01-01", "2026-01-01")); !errors.Is(err, ErrOverlap) {
			t.Errorf("administrator's relation overlapping the employer's: %v", err)
		}
		if _, err := s.AddRelation(ctx, rel("arbo-new", "wg", "2026-02-01", "")); !errors.Is(err, ErrUnknownProvider) {
			t.Errorf("the employer's add of an unknown provider: %v", err)
		}
		if of, err := s.RelationsOf(ctx, "wg-new"); err != nil || len(of) != 3 {
			t.Fatalf("RelationsOf(wg-new) = %+v, %v; want 3", of, err)
		}
	})
}

// TestEndRelationChecks: an administrator's end gets the checks of the
// employer's, for organisations known or not.
func TestEndRelationChecks(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		first, err := s.CreateRelation(ctx, rel("arbo-new", "wg-new", "2026-01-01", "2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateRelation(ctx, rel("arbo-new", "wg-new", "2026-09-01", "")); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			id   string
			end  string
			want error
		}{
			{"an unknown relation", "DR-NOPE", "2026-03-31", ErrNotFound},
			{"before the start", first.ID, "2025-12-31", ErrEndBeforeStart},
			{"into the next relation", first.ID, "2026-09-01", ErrOverlap},
			{"later, before the next relation", first.ID, "2026-08-31", nil},
			{"on the first day", first.ID, "2026-01-01", nil},
		} {
			got, err := s.EndRelation(ctx, tc.id, d(tc.end))
			if !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
			if tc.want == nil && got.End.String() != tc.end {
				t.Errorf("%s: end %s", tc.name, got.End)
			}
		}
		stored, err := s.GetRelation(ctx, first.ID)
		if err != nil || stored.End.String() != "2026-01-01" {
			t.Fatalf("stored relation %+v, %v", stored, err)
		}
		// The "employer" of a relation recorded ahead turned out to be a
		// provider: the administrator can still end it (the employer's
		// own EndEmployerRelation cannot).
		if _, err := s.RegisterOrg(ctx, Org{ID: "wg-new", Domain: rights.Arbodienst}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EndEmployerRelation(ctx, "wg-new", first.ID, d("2026-02-01")); !errors.Is(err, ErrNotFound) {
			t.Errorf("EndEmployerRelation for a provider: %v", err)
		}
		if got, err := s.EndRelation(ctx, first.ID, d("2026-02-01")); err != nil || got.End.String() != "2026-02-01" {
			t.Errorf("EndRelation of a relation whose employer is a provider: %+v %v", got, err)
		}
	})
}

// TestConcurrentCreatesOneWins: concurrent administrator's adds of one pair
// of organisations the application does not know store exactly one.
func TestConcurrentCreatesOneWins(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		oneConcurrentAddWins(t, s, s.CreateRelation, "arbo-new", "wg-new")
	})
}

// TestCreateWaitsForAConcurrentChange: on PostgreSQL an administrator's add
// waits for an uncommitted change of the same employer's relations, whether
// the employer is known (the employer's own add holds the lock) or not (an
// administrator's add holds it), and then refuses the overlap.
func TestCreateWaitsForAConcurrentChange(t *testing.T) {
	create := func(s *Store) addFunc { return s.CreateRelation }
	t.Run("held by the employer's add", func(t *testing.T) {
		addWaitsForTheLock(t, "wg", func(s *Store, ctx context.Context, tx *sql.Tx) error { return s.lockEmployer(ctx, tx, "wg") }, create)
	})
	t.Run("held by an administrator's add for an unknown employer", func(t *testing.T) {
		addWaitsForTheLock(t, "wg-new", func(s *Store, ctx context.Context, tx *sql.Tx) error {
			return s.lockParty(ctx, tx, "wg-new", fittingParties)
		}, create)
	})
}
