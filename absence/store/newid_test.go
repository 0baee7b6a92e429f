package store

import (
	"context"
	"testing"

	"github.com/mijnaccount/mijnaccount/storage"
)

// TestWithNewIDDrawsAgainOnlyOnATakenID: an id that is taken (a primary key
// violation, told by the driver's code) makes withNewID draw another; any
// other duplicate, such as a personnel number the employer already uses, is
// returned at once.
func TestWithNewIDDrawsAgainOnlyOnATakenID(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		taken := correctionEmployee(t, s, "P1")
		employee := func(id, number string) Employee {
			return Employee{ID: id, Employer: "wg", PersonnelNumber: number, Name: "Medewerker " + number,
				EmploymentStart: d("2015-01-01"), CreatedAt: s.now(), UpdatedAt: s.now()}
		}

		var tried []string
		id, err := withNewID("MW", func(id string) error {
			if len(tried) == 0 {
				id = taken.ID // the first draw collides
			}
			tried = append(tried, id)
			return insertEmployee(ctx, s.db, employee(id, "P2"))
		})
		if err != nil || len(tried) != 2 || id != tried[1] || id == taken.ID {
			t.Fatalf("after a taken id: id %q, tries %v, err %v; want a second, fresh id", id, tried, err)
		}

		tried = nil
		_, err = withNewID("MW", func(id string) error {
			tried = append(tried, id)
			return insertEmployee(ctx, s.db, employee(id, "P1"))
		})
		if !storage.IsUniqueViolation(err) || storage.IsPrimaryKeyViolation(err) || len(tried) != 1 {
			t.Fatalf("taken personnel number: tries %v, err %v; want one try and the unique violation", tried, err)
		}
	})
}
