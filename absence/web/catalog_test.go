package web

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/absence/poortwachter"
	"github.com/mijnaccount/mijnaccount/absence/rights"
)

// TestEveryTextInBothLanguages: every message id the pages use, literally
// or through Go values, has a Dutch and an English text.
func TestEveryTextInBothLanguages(t *testing.T) {
	pages, c := pageCatalog(t)
	missing, err := c.Missing(pages)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		"absence.employee_form.register", "form.save", "absence.sick.notes_hint", "absence.sick.notes_hint_medical",
		"absence.refused.expired", "absence.refused.provider_error", "absence.refused.invalid_token", "absence.refused.unavailable",
		"absence.refused.no_second_factor", "absence.refused.insufficient_acr", "absence.refused.missing_claims",
		"absence.refused.unknown_domain", "absence.refused.domain_mismatch",
		"absence.flash.employee_created", "absence.flash.employee_updated", "absence.flash.sick_reported",
		"absence.flash.partial_recovery", "absence.flash.full_recovery", "absence.flash.step_done", "absence.flash.medical_note_added",
		"form.required", "form.email_invalid", "absence.form.too_long", "absence.form.date_invalid", "absence.form.date_future",
		"absence.form.hours_invalid", "absence.form.birth_date_future", "absence.form.end_before_start",
		"absence.form.personnel_number_taken", "absence.form.not_employed", "absence.form.expected_days_invalid",
		"absence.form.already_sick", "absence.form.percentage_invalid", "absence.form.already_recovered",
		"absence.form.recovery_conflict", "absence.form.before_first_sick_day", "absence.form.full_on_first_day",
		"absence.form.before_last_recovery", "absence.form.done_on_invalid", "absence.form.step_already_done",
		"absence.form.bsn_invalid", "absence.portal.sick_date_invalid",
	}
	for _, r := range rights.All() {
		ids = append(ids, r.MessageID())
	}
	for _, d := range rights.Domains() {
		ids = append(ids, d.MessageID())
	}
	for _, k := range []poortwachter.Kind{poortwachter.Probleemanalyse, poortwachter.PlanVanAanpak, poortwachter.Evaluatie,
		poortwachter.UWVMelding, poortwachter.Eerstejaarsevaluatie, poortwachter.Eindevaluatie} {
		ids = append(ids, k.MessageID())
	}
	for _, s := range []poortwachter.Status{poortwachter.Done, poortwachter.Overdue, poortwachter.Due, poortwachter.Upcoming, poortwachter.NotNeeded} {
		ids = append(ids, s.MessageID())
	}
	missing = append(missing, c.MissingIDs(ids...)...)
	for _, m := range missing {
		t.Error("missing text:", m)
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/employees/MW-1": "/employees/MW-1", "/cases/VZ-1?x=1": "/cases/VZ-1?x=1", "": "/", "//evil.example": "/",
		"/\\evil.example": "/", "https://evil.example/": "/", "employees": "/", "/a\r\nSet-Cookie: x": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBSN(t *testing.T) {
	for in, want := range map[string]string{"111222333": "111222333", "123456782": "123456782", "1112.22.333": "111222333", "12345672": "012345672"} {
		if got, ok := normalBSN(in); !ok || got != want {
			t.Errorf("normalBSN(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "123456789", "000000000", "11122233", "1112223334", "11122233a"} {
		if got, ok := normalBSN(in); ok {
			t.Errorf("normalBSN(%q) accepted as %q", in, got)
		}
	}
	if maskBSN("111222333") != "••••••333" {
		t.Errorf("mask %q", maskBSN("111222333"))
	}
}

func TestContractHours(t *testing.T) {
	for m, want := range map[int]string{1920: "32", 2190: "36,5", 0: "0", 100: "1,66"} {
		if got := contractHours(m).Format("nl"); got != want {
			t.Errorf("%d minutes: %q, want %q", m, got, want)
		}
	}
	if contractHours(2190).Format("en") != "36.5" {
		t.Error("English decimal point")
	}
}
