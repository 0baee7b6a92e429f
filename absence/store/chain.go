package store

import "context"

// The queries of samentelling: adding up an employee's absences that follow
// each other within four weeks (package poortwachter cuts the chains).

// CasesInOrder returns the absences of an employee oldest first (by first
// sick day, then id), without their recovery reports: the first sick day
// and the day of full recovery are what a chain needs.
func (s *Store) CasesInOrder(ctx context.Context, employeeID string) ([]Case, error) {
	return queryAll(ctx, s.db.DB, s.scanCase, `SELECT `+caseColumns+` FROM absence_cases
		WHERE employee_id = $1 ORDER BY first_sick_day, id`, employeeID)
}

// ActivitiesOfEmployee returns the Poortwachter steps marked done on any
// absence of an employee, by absence id and then by step.
func (s *Store) ActivitiesOfEmployee(ctx context.Context, employeeID string) (map[string]map[string]Activity, error) {
	list, err := queryAll(ctx, s.db.DB, s.scanActivity, `SELECT a.case_id, a.step, a.done_on, a.note, a.done_by, a.done_at
		FROM absence_activities a JOIN absence_cases c ON c.id = a.case_id
		WHERE c.employee_id = $1 ORDER BY a.case_id, a.step`, employeeID)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]Activity{}
	for _, a := range list {
		if out[a.CaseID] == nil {
			out[a.CaseID] = map[string]Activity{}
		}
		out[a.CaseID][a.Step] = a
	}
	return out, nil
}
