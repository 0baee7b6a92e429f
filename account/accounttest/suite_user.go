package accounttest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

func testUserCreateGetByEmail(t *testing.T, s account.Store) {
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u, err := s.CreateUser(ctx(t), account.User{
		Email: "Anna.de.Vries@Example.NL", Name: "Anna de Vries", OrgID: o.ID, BirthDate: "1980-02-29",
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$a2V5", MustChangePassword: true, Lang: "en",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == "" || u.Status != account.StatusInvited || u.CreatedAt.IsZero() || !u.UpdatedAt.Equal(u.CreatedAt) {
		t.Fatalf("created user = %+v", u)
	}
	if u.Email != "Anna.de.Vries@Example.NL" {
		t.Fatalf("email not kept as given: %q", u.Email)
	}
	for _, email := range []string{"Anna.de.Vries@Example.NL", "anna.de.vries@example.nl", "ANNA.DE.VRIES@EXAMPLE.NL", " anna.de.vries@example.nl "} {
		got, err := s.GetUserByEmail(ctx(t), email)
		if err != nil {
			t.Fatalf("GetUserByEmail(%q): %v", email, err)
		}
		if !reflect.DeepEqual(got, u) {
			t.Fatalf("GetUserByEmail(%q)\n got %+v\nwant %+v", email, got, u)
		}
	}
	got, err := s.GetUser(ctx(t), u.ID)
	if err != nil || !reflect.DeepEqual(got, u) {
		t.Fatalf("GetUser = %+v, %v", got, err)
	}
	v := mustUser(t, s, o.ID, "bert@example.nl")
	if v.Lang != "nl" {
		t.Fatalf("default lang = %q", v.Lang)
	}
	list, err := s.ListUsers(ctx(t), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(list, []account.User{u, v}) {
		t.Fatalf("ListUsers (by email) = %+v", list)
	}
	other := mustOrg(t, s, account.Org{Name: "Ander", Domain: account.Werkgever})
	if list, err := s.ListUsers(ctx(t), other.ID); err != nil || len(list) != 0 {
		t.Fatalf("ListUsers of another org = %v, %v", list, err)
	}
}

func testUserDuplicateEmail(t *testing.T, s account.Store) {
	mustRoles(t, s)
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	first := mustUser(t, s, o.ID, "piet@example.nl", "werkgever/hr")
	_, err := s.CreateUser(ctx(t), account.User{ID: "second", Email: "Piet@EXAMPLE.nl", Name: "Piet 2", OrgID: o.ID},
		[]string{"werkgever/hr", "platform/org-admin"})
	wantErr(t, "same email in other case", err, account.ErrAlreadyExists)
	_, err = s.GetUser(ctx(t), "second")
	wantErr(t, "half-written user", err, account.ErrNotFound)
	_, err = s.CreateUser(ctx(t), account.User{ID: first.ID, Email: "other@example.nl", Name: "Other", OrgID: o.ID}, nil)
	wantErr(t, "taken id", err, account.ErrAlreadyExists)
	if list, _ := s.ListUsers(ctx(t), o.ID); len(list) != 1 {
		t.Fatalf("%d users stored, want 1", len(list))
	}
	second := mustUser(t, s, o.ID, "tweede@example.nl")
	_, err = s.UpdateUser(ctx(t), second.ID, func(u account.User) (account.User, error) {
		u.Email = "PIET@example.nl"
		return u, nil
	})
	wantErr(t, "update to a taken email", err, account.ErrAlreadyExists)
	if got, _ := s.GetUser(ctx(t), second.ID); got.Email != "tweede@example.nl" {
		t.Fatalf("email changed to %q", got.Email)
	}
}

func testUserCreateAtomic(t *testing.T, s account.Store) {
	mustRoles(t, s)
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	for name, roles := range map[string][]string{
		"unknown role":      {"werkgever/hr", "werkgever/nope"},
		"cross-domain role": {"werkgever/hr", "arbodienst/casemanager"},
	} {
		_, err := s.CreateUser(ctx(t), account.User{Email: "x@example.nl", Name: "X", OrgID: o.ID}, roles)
		wantErr(t, name, err, account.ErrInvalid)
		if _, err := s.GetUserByEmail(ctx(t), "x@example.nl"); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("%s: user stored although its roles were refused (%v)", name, err)
		}
	}
	u := mustUser(t, s, o.ID, "x@example.nl", "werkgever/hr", "platform/org-admin")
	roles, err := s.UserRoles(ctx(t), u.ID, time.Now())
	if err != nil || !slices.Equal(roleIDs(roles), []string{"platform/org-admin", "werkgever/hr"}) {
		t.Fatalf("UserRoles = %v, %v", roleIDs(roles), err)
	}
}

func testUserValidation(t *testing.T, s account.Store) {
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	for name, u := range map[string]account.User{
		"no email":       {Email: "", Name: "X", OrgID: o.ID},
		"no at":          {Email: "example.nl", Name: "X", OrgID: o.ID},
		"display name":   {Email: "X <x@example.nl>", Name: "X", OrgID: o.ID},
		"no dot":         {Email: "x@localhost", Name: "X", OrgID: o.ID},
		"too long":       {Email: strings.Repeat("a", 250) + "@example.nl", Name: "X", OrgID: o.ID},
		"no name":        {Email: "x@example.nl", Name: " ", OrgID: o.ID},
		"unknown org":    {Email: "x@example.nl", Name: "X", OrgID: "nope"},
		"bad birth date": {Email: "x@example.nl", Name: "X", OrgID: o.ID, BirthDate: "31-12-1980"},
		"bad status":     {Email: "x@example.nl", Name: "X", OrgID: o.ID, Status: "deleted"},
		"bad lang":       {Email: "x@example.nl", Name: "X", OrgID: o.ID, Lang: "de"},
	} {
		_, err := s.CreateUser(ctx(t), u, nil)
		wantErr(t, name, err, account.ErrInvalid)
	}
	if list, _ := s.ListUsers(ctx(t), o.ID); len(list) != 0 {
		t.Fatalf("invalid users stored: %+v", list)
	}
}

func testUserUpdate(t *testing.T, s account.Store) {
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, o.ID, "jan@example.nl")
	locked := time.Now().Add(15 * time.Minute)
	got, err := s.UpdateUser(ctx(t), u.ID, func(old account.User) (account.User, error) {
		if !reflect.DeepEqual(old, u) {
			t.Errorf("closure got %+v, want %+v", old, u)
		}
		old.Status, old.LockedUntil, old.PermanentlyLocked = account.StatusBlocked, locked, true
		old.FailedLogins, old.FactorFailures = 7, 3
		old.ID, old.CreatedAt = "changed", time.Time{} // ignored
		return old, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || !got.CreatedAt.Equal(u.CreatedAt) || got.UpdatedAt.Before(u.UpdatedAt) ||
		got.Status != account.StatusBlocked || !got.LockedUntil.Equal(locked.Truncate(time.Microsecond)) ||
		got.FailedLogins != 7 || got.FactorFailures != 3 {
		t.Fatalf("UpdateUser returned %+v", got)
	}
	stored, err := s.GetUser(ctx(t), u.ID)
	if err != nil || !reflect.DeepEqual(stored, got) {
		t.Fatalf("GetUser after update\n got %+v, %v\nwant %+v", stored, err, got)
	}
	abort := errors.New("abort")
	_, err = s.UpdateUser(ctx(t), u.ID, func(old account.User) (account.User, error) {
		old.Name = "Never"
		return old, abort
	})
	wantErr(t, "aborted update", err, abort)
	_, err = s.UpdateUser(ctx(t), u.ID, func(old account.User) (account.User, error) {
		old.Email = "not an address"
		return old, nil
	})
	wantErr(t, "invalid update", err, account.ErrInvalid)
	if again, _ := s.GetUser(ctx(t), u.ID); !reflect.DeepEqual(again, stored) {
		t.Fatalf("failed updates changed the user: %+v", again)
	}
}

func testUserUpdateConcurrent(t *testing.T, s account.Store) {
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	u := mustUser(t, s, o.ID, "teller@example.nl")
	const n = 10
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := s.UpdateUser(ctx(t), u.ID, func(old account.User) (account.User, error) {
				old.FailedLogins++
				return old, nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent UpdateUser: %v", err)
		}
	}
	got, err := s.GetUser(ctx(t), u.ID)
	if err != nil || got.FailedLogins != n {
		t.Fatalf("FailedLogins = %d (%v), want %d: an update was lost", got.FailedLogins, err, n)
	}
}

func testUserMoveAcrossDomains(t *testing.T, s account.Store) {
	mustRoles(t, s)
	w1 := mustOrg(t, s, account.Org{Name: "Werkgever 1", Domain: account.Werkgever})
	w2 := mustOrg(t, s, account.Org{Name: "Werkgever 2", Domain: account.Werkgever})
	arbo := mustOrg(t, s, account.Org{Name: "Arbo", Domain: account.Arbodienst})
	u := mustUser(t, s, w1.ID, "mover@example.nl", "werkgever/hr")
	move := func(orgID string) error {
		_, err := s.UpdateUser(ctx(t), u.ID, func(old account.User) (account.User, error) {
			old.OrgID = orgID
			return old, nil
		})
		return err
	}
	if err := move(w2.ID); err != nil {
		t.Fatalf("move within the domain: %v", err)
	}
	wantErr(t, "move to another domain with roles", move(arbo.ID), account.ErrCrossDomain)
	wantErr(t, "move to a missing org", move("nope"), account.ErrInvalid)
	if err := s.RevokeRole(ctx(t), u.ID, "werkgever/hr"); err != nil {
		t.Fatal(err)
	}
	if err := move(arbo.ID); err != nil {
		t.Fatalf("move without domain roles: %v", err)
	}
}
