package accounttest

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

func testRoleBuiltinsIdempotent(t *testing.T, s account.Store) {
	mustRoles(t, s)
	first, err := s.ListRoles(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	mustRoles(t, s)
	second, err := s.ListRoles(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != len(account.BuiltinRoles()) || !reflect.DeepEqual(first, second) {
		t.Fatalf("EnsureBuiltinRoles twice: %d then %d roles, want %d", len(first), len(second), len(account.BuiltinRoles()))
	}
	for _, want := range account.BuiltinRoles() {
		got, err := s.GetRole(ctx(t), want.ID)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("GetRole(%s) = %+v, %v; want %+v", want.ID, got, err, want)
		}
	}
	// A builtin role whose stored rights drifted is brought back in line.
	if _, err := s.UpdateRole(ctx(t), "werkgever/werknemer", func(r account.Role) (account.Role, error) {
		r.Rights = []string{account.RightSickReport}
		return r, nil
	}); err != nil {
		t.Fatal(err)
	}
	mustRoles(t, s)
	if got, _ := s.GetRole(ctx(t), "werkgever/werknemer"); len(got.Rights) != 2 {
		t.Fatalf("builtin rights not restored: %v", got.Rights)
	}
}

func testRoleCustomValidation(t *testing.T, s account.Store) {
	for name, r := range map[string]account.Role{
		"cross-domain right": {Name: "dokter", Domain: string(account.Werkgever), Rights: []string{account.RightDossierMedicalView}},
		"no domain":          {Name: "zwever", Domain: "", Rights: []string{account.RightEmployeeView}},
		"unknown domain":     {Name: "zwever", Domain: "ziekenhuis", Rights: []string{account.RightEmployeeView}},
		"platform in domain": {Name: "beheer", Domain: string(account.Werkgever), Rights: []string{account.RightUsersInvite}},
		"app in platform":    {Name: "kijker", Domain: account.PlatformDomain, Rights: []string{account.RightEmployeeView}},
		"bad name":           {Name: "Bad Name", Domain: string(account.Werkgever)},
		"unknown right":      {Name: "raar", Domain: string(account.Werkgever), Rights: []string{"coffee.make"}},
	} {
		wantErr(t, name, s.CreateRole(ctx(t), r), account.ErrInvalid)
	}
	if roles, _ := s.ListRoles(ctx(t)); len(roles) != 0 {
		t.Fatalf("invalid roles stored: %v", roleIDs(roles))
	}
	r := account.Role{Name: "verzuimcoordinator", Domain: string(account.Werkgever),
		Rights: []string{account.RightEmployeeView, account.RightStatisticsView}}
	if err := s.CreateRole(ctx(t), r); err != nil {
		t.Fatal(err)
	}
	r.ID = "werkgever/verzuimcoordinator" // an empty id becomes domain/name
	got, err := s.GetRole(ctx(t), r.ID)
	if err != nil || !reflect.DeepEqual(got, r) {
		t.Fatalf("GetRole = %+v, %v; want %+v", got, err, r)
	}
	wantErr(t, "same role twice", s.CreateRole(ctx(t), r), account.ErrAlreadyExists)
	_, err = s.UpdateRole(ctx(t), r.ID, func(r account.Role) (account.Role, error) {
		r.Rights = append(r.Rights, account.RightDossierMedicalView)
		return r, nil
	})
	wantErr(t, "update beyond the domain maximum", err, account.ErrInvalid)
	_, err = s.UpdateRole(ctx(t), r.ID, func(r account.Role) (account.Role, error) {
		r.Domain = string(account.Bedrijfsarts)
		return r, nil
	})
	wantErr(t, "update of the domain", err, account.ErrInvalid)
}

func testRoleCrossDomainRefused(t *testing.T, s account.Store) {
	mustRoles(t, s)
	w := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, w.ID, "hr@example.nl")
	for _, id := range []string{"arbodienst/casemanager", "bedrijfsarts/bedrijfsarts", "verzekeraar/schadebehandelaar"} {
		err := s.AssignRole(ctx(t), u.ID, id, time.Time{}, time.Time{}, "admin")
		wantErr(t, "assign "+id+" to a werkgever user", err, account.ErrCrossDomain, account.ErrInvalid)
	}
	for _, id := range []string{"werkgever/hr", "platform/org-admin", "platform/helpdesk"} {
		if err := s.AssignRole(ctx(t), u.ID, id, time.Time{}, time.Time{}, "admin"); err != nil {
			t.Fatalf("assign %s: %v", id, err)
		}
	}
	err := s.AssignRole(ctx(t), u.ID, "werkgever/hr", time.Time{}, time.Time{}, "admin")
	wantErr(t, "same grant twice", err, account.ErrAlreadyExists)
	roles, err := s.UserRoles(ctx(t), u.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"platform/helpdesk", "platform/org-admin", "werkgever/hr"}; !slices.Equal(roleIDs(roles), want) {
		t.Fatalf("UserRoles = %v, want %v", roleIDs(roles), want)
	}
	if got := account.EffectiveRights(roles, w.Domain); slices.Contains(got, account.RightUsersInvite) || !slices.Contains(got, account.RightImportRun) {
		t.Fatalf("EffectiveRights = %v", got)
	}
}

func testUserRolesWindow(t *testing.T, s account.Store) {
	mustRoles(t, s)
	w := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, w.ID, "invaller@example.nl", "werkgever/werknemer")
	now := time.Now()
	day := 24 * time.Hour
	standIn := []struct {
		role         string
		starts, ends time.Time
	}{
		{"werkgever/leidinggevende", now.Add(-day), now.Add(day)},      // in force now
		{"werkgever/hr", now.Add(day), now.Add(3 * day)},               // later
		{"werkgever/contactpersoon", now.Add(-3 * day), now.Add(-day)}, // over
		{"platform/helpdesk", now.Add(-day), time.Time{}},              // from yesterday, unbounded
	}
	for _, g := range standIn {
		if err := s.AssignRole(ctx(t), u.ID, g.role, g.starts, g.ends, "boss"); err != nil {
			t.Fatalf("AssignRole(%s): %v", g.role, err)
		}
	}
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{now, []string{"platform/helpdesk", "werkgever/leidinggevende", "werkgever/werknemer"}},
		{now.Add(2 * day), []string{"platform/helpdesk", "werkgever/hr", "werkgever/werknemer"}},
		{now.Add(-2 * day), []string{"werkgever/contactpersoon", "werkgever/werknemer"}},
		{now.Add(3 * day), []string{"platform/helpdesk", "werkgever/werknemer"}}, // ends is exclusive
	} {
		roles, err := s.UserRoles(ctx(t), u.ID, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(roleIDs(roles), tc.want) {
			t.Errorf("UserRoles at %s = %v, want %v", tc.at.Sub(now), roleIDs(roles), tc.want)
		}
	}
	err := s.AssignRole(ctx(t), u.ID, "werkgever/bestaat-niet", now, time.Time{}, "boss")
	wantErr(t, "unknown role", err, account.ErrNotFound)
	err = s.AssignRole(ctx(t), u.ID, "werkgever/hr", now.Add(5*day), now.Add(4*day), "boss")
	wantErr(t, "end before start", err, account.ErrInvalid)
}

func testRevokeRole(t *testing.T, s account.Store) {
	mustRoles(t, s)
	w := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, w.ID, "weg@example.nl", "werkgever/hr", "platform/org-admin")
	if err := s.RevokeRole(ctx(t), u.ID, "werkgever/hr"); err != nil {
		t.Fatal(err)
	}
	roles, err := s.UserRoles(ctx(t), u.ID, time.Now())
	if err != nil || !slices.Equal(roleIDs(roles), []string{"platform/org-admin"}) {
		t.Fatalf("UserRoles after revoke = %v, %v", roleIDs(roles), err)
	}
	wantErr(t, "revoke a role not held", s.RevokeRole(ctx(t), u.ID, "werkgever/hr"), account.ErrNotFound)
}

func testNotFound(t *testing.T, s account.Store) {
	mustRoles(t, s)
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, o.ID, "er@example.nl")
	keep := func(x account.Org) (account.Org, error) { return x, nil }
	keepUser := func(x account.User) (account.User, error) { return x, nil }
	keepRole := func(x account.Role) (account.Role, error) { return x, nil }
	for name, fn := range map[string]func() error{
		"GetOrg":            func() error { _, err := s.GetOrg(ctx(t), "nope"); return err },
		"UpdateOrg":         func() error { _, err := s.UpdateOrg(ctx(t), "nope", keep); return err },
		"BillingCustomerOf": func() error { _, err := s.BillingCustomerOf(ctx(t), "nope"); return err },
		"Descendants":       func() error { _, err := s.Descendants(ctx(t), "nope"); return err },
		"GetRole":           func() error { _, err := s.GetRole(ctx(t), "werkgever/nope"); return err },
		"UpdateRole":        func() error { _, err := s.UpdateRole(ctx(t), "werkgever/nope", keepRole); return err },
		"GetUser":           func() error { _, err := s.GetUser(ctx(t), "nope"); return err },
		"GetUserByEmail":    func() error { _, err := s.GetUserByEmail(ctx(t), "nobody@example.nl"); return err },
		"ListUsers":         func() error { _, err := s.ListUsers(ctx(t), "nope"); return err },
		"UpdateUser":        func() error { _, err := s.UpdateUser(ctx(t), "nope", keepUser); return err },
		"AssignRole unknown user": func() error {
			return s.AssignRole(ctx(t), "nope", "werkgever/hr", time.Time{}, time.Time{}, "")
		},
		"AssignRole unknown role": func() error {
			return s.AssignRole(ctx(t), u.ID, "werkgever/nope", time.Time{}, time.Time{}, "")
		},
		"RevokeRole": func() error { return s.RevokeRole(ctx(t), u.ID, "werkgever/hr") },
		"UserRoles":  func() error { _, err := s.UserRoles(ctx(t), "nope", time.Now()); return err },
	} {
		wantErr(t, name, fn(), account.ErrNotFound)
	}
}
