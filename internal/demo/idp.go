package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/totp"
)

// Password is the password of every seeded demo user. It exists only in
// databases that the demo (cmd/demo) seeded.
const Password = "Demo-wachtwoord-2026"

// Login is one seeded user.
type Login struct {
	Org   string `json:"org"`
	Email string `json:"email"`
	Roles string `json:"roles"`
	// TOTPSecret is the user's authenticator-app secret (base32), for
	// `oathtool --totp -b SECRET` or an app. Demo only.
	TOTPSecret string `json:"totp_secret"`
}

// Seed fills an empty database with one organisation per domain (the
// employer billed through the arbodienst) and a user in each. It does
// nothing when any organisation exists, so a demo database keeps its state.
func Seed(ctx context.Context, a *app.App) ([]Login, error) {
	orgs, err := a.Accounts.ListOrgs(ctx)
	if err != nil || len(orgs) > 0 {
		return nil, err
	}
	hash, err := a.Hasher.Hash(Password)
	if err != nil {
		return nil, err
	}
	arbo, err := a.Accounts.CreateOrg(ctx, account.Org{Name: "Arbodienst Gezond Werk", Domain: account.Arbodienst, BillingCustomer: true})
	if err != nil {
		return nil, err
	}
	seeds := []struct {
		org   account.Org
		email string
		name  string
		roles []string
	}{
		{account.Org{Name: "Bakkerij De Korrel", Domain: account.Werkgever, ParentID: arbo.ID}, "werkgever@demo.example", "Anna de Vries", []string{"werkgever/contactpersoon", "platform/org-admin"}},
		{arbo, "casemanager@demo.example", "Piet Jansen", []string{"arbodienst/casemanager"}},
		{account.Org{Name: "Bedrijfsartsenpraktijk Noord", Domain: account.Bedrijfsarts}, "bedrijfsarts@demo.example", "Dr. Fatima El Amrani", []string{"bedrijfsarts/bedrijfsarts"}},
		{account.Org{Name: "Verzekeraar Zeker", Domain: account.Verzekeraar}, "verzekeraar@demo.example", "Kees Bakker", []string{"verzekeraar/schadebehandelaar"}},
	}
	var out []Login
	for _, s := range seeds {
		org := s.org
		if org.ID == "" {
			if org, err = a.Accounts.CreateOrg(ctx, org); err != nil {
				return nil, err
			}
		}
		u, err := a.Accounts.CreateUser(ctx, account.User{Email: s.email, Name: s.name, OrgID: org.ID,
			Status: account.StatusActive, PasswordHash: hash, Lang: "nl",
			// The demo's users stand for people who accepted their
			// invitation; their (example) addresses count as proven.
			EmailVerifiedAt: a.Now(), EmailVerifiedBy: account.EmailByInvitation}, s.roles)
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", s.email, err)
		}
		enrol, err := totp.NewSecret(a.Config.WebAuthn.RPName, s.email)
		if err != nil {
			return nil, err
		}
		if _, err := a.Factors.AddFactor(ctx, mfa.Factor{UserID: u.ID, Kind: mfa.KindTOTP, Name: "Demo", Secret: enrol.Secret}); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", s.email, err)
		}
		if _, err := mfa.IssueRecoveryCode(ctx, a.Factors, u.ID, a.Now()); err != nil {
			return nil, err
		}
		out = append(out, Login{Org: org.Name, Email: s.email, Roles: strings.Join(s.roles, ", "), TOTPSecret: enrol.Secret})
	}
	return out, nil
}

// Logins lists the demo users of a database seeded before, with their
// authenticator-app secrets, so a restarted demo can print them again.
func Logins(ctx context.Context, a *app.App) ([]Login, error) {
	orgs, err := a.Accounts.ListOrgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []Login
	for _, o := range orgs {
		users, err := a.Accounts.ListUsers(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !strings.HasSuffix(u.Email, "@demo.example") {
				continue
			}
			l := Login{Org: o.Name, Email: u.Email}
			if roles, err := a.Accounts.UserRoles(ctx, u.ID, a.Now()); err == nil {
				var ids []string
				for _, r := range roles {
					ids = append(ids, r.ID)
				}
				l.Roles = strings.Join(ids, ", ")
			}
			if fs, err := a.Factors.ListFactors(ctx, u.ID); err == nil {
				for _, f := range fs {
					if f.Kind == mfa.KindTOTP {
						l.TOTPSecret = f.Secret
					}
				}
			}
			out = append(out, l)
		}
	}
	return out, nil
}
