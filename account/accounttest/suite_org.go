package accounttest

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
)

func testOrgCreateGetList(t *testing.T, s account.Store) {
	a := mustOrg(t, s, account.Org{Name: "Bakkerij Jansen", Domain: account.Werkgever})
	if a.ID == "" || a.CreatedAt.IsZero() {
		t.Fatalf("created org lacks id or created_at: %+v", a)
	}
	if !slices.Equal(a.AllowedFactors, account.Factors()) || a.PasswordMinLength != 10 ||
		a.SessionIdle != 30*time.Minute || a.SessionAbsolute != 12*time.Hour || a.StayLoggedIn != 12*time.Hour {
		t.Fatalf("defaults not applied: %+v", a)
	}
	b := mustOrg(t, s, account.Org{
		ID: "arbo-noord", Name: "Arbo Noord", Domain: account.Arbodienst, BillingCustomer: true,
		AllowedFactors: []string{account.FactorTOTP, account.FactorWebAuthn}, PasswordMinLength: 14,
		PasswordRequireClasses: true, SessionIdle: 15 * time.Minute, SessionAbsolute: 8 * time.Hour,
		StayLoggedIn: 24 * time.Hour, IPAllowList: []string{"192.0.2.0/24", "2001:db8::/32"},
		FourEyesFactorReset: true,
	})
	if a.FourEyesFactorReset {
		t.Fatalf("four-eyes factor reset is on by default: %+v", a)
	}
	for _, want := range []account.Org{a, b} {
		got, err := s.GetOrg(ctx(t), want.ID)
		if err != nil {
			t.Fatalf("GetOrg(%s): %v", want.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("GetOrg(%s)\n got %+v\nwant %+v", want.ID, got, want)
		}
	}
	list, err := s.ListOrgs(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(list, []account.Org{b, a}) {
		t.Fatalf("ListOrgs (by name) = %+v", list)
	}
	_, err = s.CreateOrg(ctx(t), account.Org{ID: "arbo-noord", Name: "Other", Domain: account.Arbodienst})
	wantErr(t, "create org with taken id", err, account.ErrAlreadyExists)
}

func testOrgValidation(t *testing.T, s account.Store) {
	parent := mustOrg(t, s, account.Org{Name: "Parent", Domain: account.Arbodienst})
	long := strings.Repeat("x", 201)
	for name, o := range map[string]account.Org{
		"empty name":      {Name: "", Domain: account.Werkgever},
		"long name":       {Name: long, Domain: account.Werkgever},
		"no domain":       {Name: "X", Domain: ""},
		"bad domain":      {Name: "X", Domain: "ziekenhuis"},
		"bad factor":      {Name: "X", Domain: account.Werkgever, AllowedFactors: []string{"email"}},
		"bad cidr":        {Name: "X", Domain: account.Werkgever, IPAllowList: []string{"10.0.0.300/8"}},
		"host bits":       {Name: "X", Domain: account.Werkgever, IPAllowList: []string{"10.1.2.3/8"}},
		"short password":  {Name: "X", Domain: account.Werkgever, PasswordMinLength: 4},
		"absolute < idle": {Name: "X", Domain: account.Werkgever, SessionIdle: time.Hour, SessionAbsolute: time.Minute},
		"idle > 1h":       {Name: "X", Domain: account.Werkgever, SessionIdle: 61 * time.Minute},
		"absolute > 24h":  {Name: "X", Domain: account.Werkgever, SessionAbsolute: 25 * time.Hour},
		"stay > 24h":      {Name: "X", Domain: account.Werkgever, StayLoggedIn: 30 * 24 * time.Hour},
		"own parent":      {ID: "self", Name: "X", Domain: account.Werkgever, ParentID: "self"},
		"bad id":          {ID: "Has Spaces", Name: "X", Domain: account.Werkgever},
		"unknown parent":  {Name: "X", Domain: account.Werkgever, ParentID: parent.ID + "x"},
	} {
		_, err := s.CreateOrg(ctx(t), o)
		wantErr(t, name, err, account.ErrInvalid)
	}
	list, err := s.ListOrgs(ctx(t))
	if err != nil || len(list) != 1 {
		t.Fatalf("invalid orgs were stored: %d orgs, %v", len(list), err)
	}
}

func testOrgUpdate(t *testing.T, s account.Store) {
	o := mustOrg(t, s, account.Org{Name: "Old name", Domain: account.Werkgever})
	got, err := s.UpdateOrg(ctx(t), o.ID, func(old account.Org) (account.Org, error) {
		if old.Name != "Old name" {
			t.Errorf("closure got %+v", old)
		}
		old.Name, old.AllowedFactors, old.IPAllowList = "New name", []string{account.FactorWebAuthn}, []string{"198.51.100.0/24"}
		old.FourEyesFactorReset = true
		old.ID, old.CreatedAt = "changed", time.Now().Add(time.Hour) // ignored
		return old, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != o.ID || !got.CreatedAt.Equal(o.CreatedAt) || got.Name != "New name" || !got.FourEyesFactorReset {
		t.Fatalf("UpdateOrg returned %+v", got)
	}
	stored, err := s.GetOrg(ctx(t), o.ID)
	if err != nil || !reflect.DeepEqual(stored, got) {
		t.Fatalf("GetOrg after update = %+v, %v; want %+v", stored, err, got)
	}
	abort := errors.New("changed my mind")
	_, err = s.UpdateOrg(ctx(t), o.ID, func(old account.Org) (account.Org, error) {
		old.Name = "Never"
		return old, abort
	})
	wantErr(t, "aborted update", err, abort)
	_, err = s.UpdateOrg(ctx(t), o.ID, func(old account.Org) (account.Org, error) {
		old.AllowedFactors = nil
		return old, nil
	})
	wantErr(t, "update without factors", err, account.ErrInvalid)
	if stored, _ := s.GetOrg(ctx(t), o.ID); stored.Name != "New name" || len(stored.AllowedFactors) != 1 {
		t.Fatalf("failed updates changed the org: %+v", stored)
	}
}

// tree creates top (arbodienst) > mid (werkgever, billing customer) > leaf
// (werkgever), and a second top with one child.
func tree(t *testing.T, s account.Store) (top, mid, leaf, top2, child2 account.Org) {
	top = mustOrg(t, s, account.Org{Name: "Arbo Groep", Domain: account.Arbodienst})
	mid = mustOrg(t, s, account.Org{Name: "Holding", Domain: account.Werkgever, ParentID: top.ID, BillingCustomer: true})
	leaf = mustOrg(t, s, account.Org{Name: "Vestiging", Domain: account.Werkgever, ParentID: mid.ID})
	top2 = mustOrg(t, s, account.Org{Name: "Verzekeraar", Domain: account.Verzekeraar})
	child2 = mustOrg(t, s, account.Org{Name: "Kantoor", Domain: account.Verzekeraar, ParentID: top2.ID})
	return
}

func testOrgTreeBillingCustomer(t *testing.T, s account.Store) {
	top, mid, leaf, top2, child2 := tree(t, s)
	for _, tc := range []struct {
		org, want account.Org
	}{
		{leaf, mid},    // nearest billing ancestor
		{mid, mid},     // itself
		{top, top},     // no billing customer: the top
		{child2, top2}, // no billing customer above: the top
	} {
		got, err := s.BillingCustomerOf(ctx(t), tc.org.ID)
		if err != nil {
			t.Fatalf("BillingCustomerOf(%s): %v", tc.org.Name, err)
		}
		if got.ID != tc.want.ID {
			t.Errorf("BillingCustomerOf(%s) = %s, want %s", tc.org.Name, got.Name, tc.want.Name)
		}
	}
	if got, err := s.GetOrg(ctx(t), leaf.ID); err != nil || got.ParentID != mid.ID {
		t.Fatalf("leaf parent = %q, %v", got.ParentID, err)
	}
}

func testOrgDescendants(t *testing.T, s account.Store) {
	top, mid, leaf, top2, child2 := tree(t, s)
	for _, tc := range []struct {
		org  account.Org
		want []string
	}{
		{top, sorted(mid.ID, leaf.ID)},
		{mid, []string{leaf.ID}},
		{leaf, nil},
		{top2, []string{child2.ID}},
	} {
		got, err := s.Descendants(ctx(t), tc.org.ID)
		if err != nil {
			t.Fatalf("Descendants(%s): %v", tc.org.Name, err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Descendants(%s) = %v, want %v", tc.org.Name, got, tc.want)
		}
	}
}

func sorted(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

func testOrgCycleRefused(t *testing.T, s account.Store) {
	top, mid, leaf, _, _ := tree(t, s)
	for _, tc := range []struct{ org, parent account.Org }{{top, leaf}, {top, mid}, {mid, leaf}, {mid, mid}} {
		_, err := s.UpdateOrg(ctx(t), tc.org.ID, func(o account.Org) (account.Org, error) {
			o.ParentID = tc.parent.ID
			return o, nil
		})
		wantErr(t, "parent "+tc.parent.Name+" for "+tc.org.Name, err, account.ErrInvalid)
	}
	if got, _ := s.GetOrg(ctx(t), top.ID); got.ParentID != "" {
		t.Fatalf("cycle stored: top's parent is %q", got.ParentID)
	}
	// Moving a leaf to another branch is fine, as is making it top-level.
	for _, parent := range []string{top.ID, ""} {
		if _, err := s.UpdateOrg(ctx(t), leaf.ID, func(o account.Org) (account.Org, error) {
			o.ParentID = parent
			return o, nil
		}); err != nil {
			t.Fatalf("move leaf under %q: %v", parent, err)
		}
	}
}

func testOrgDomainChangeWithRoles(t *testing.T, s account.Store) {
	mustRoles(t, s)
	o := mustOrg(t, s, account.Org{Name: "Werkgever", Domain: account.Werkgever})
	mustUser(t, s, o.ID, "hr@example.nl", "werkgever/hr")
	_, err := s.UpdateOrg(ctx(t), o.ID, func(o account.Org) (account.Org, error) {
		o.Domain = account.Arbodienst
		return o, nil
	})
	wantErr(t, "domain change with werkgever roles held", err, account.ErrCrossDomain, account.ErrInvalid)
	empty := mustOrg(t, s, account.Org{Name: "Leeg", Domain: account.Werkgever})
	if _, err := s.UpdateOrg(ctx(t), empty.ID, func(o account.Org) (account.Org, error) {
		o.Domain = account.Arbodienst
		return o, nil
	}); err != nil {
		t.Fatalf("domain change of an org without users: %v", err)
	}
}
