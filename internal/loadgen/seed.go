package loadgen

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/config"
	"github.com/mijnaccount/mijnaccount/mfa"
)

// Password is the password of every seeded user.
const Password = "Herfst-in-het-bos-2026"

// Client ids and the redirect URI the seeded clients use.
const (
	WebClientID     = "loadgen-web"
	ServiceClientID = "loadgen-service"
	RedirectURI     = "http://127.0.0.1/loadgen/callback"
)

// SeedUser is one user who can log in with Password and an authenticator app.
type SeedUser struct {
	Email      string
	TOTPSecret string
}

// Fixture is what Seed made.
type Fixture struct {
	Users         []SeedUser
	WebSecret     string // secret of the authorization_code + refresh_token client
	ServiceSecret string // secret of the client_credentials client
	Params        config.Password
}

// Seed opens the application on env (MIJNACCOUNT_* variables) in-process
// and creates an organisation, n active users with Password, an
// authenticator app and a recovery code, and two confidential clients. The
// password is hashed once and the hash shared: each login still verifies it
// with the configured argon2id parameters.
func Seed(ctx context.Context, env []string, n int) (Fixture, error) {
	cfg, err := config.Load("", env)
	if err != nil {
		return Fixture{}, err
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return Fixture{}, err
	}
	defer a.Close()
	fx := Fixture{Params: cfg.Password}
	org, err := a.Accounts.CreateOrg(ctx, account.Org{Name: "Loadgen BV", Domain: account.Werkgever})
	if err != nil {
		return fx, fmt.Errorf("org: %w", err)
	}
	hash, err := a.Hasher.Hash(Password)
	if err != nil {
		return fx, err
	}
	for i := range n {
		u, err := a.Accounts.CreateUser(ctx, account.User{Email: fmt.Sprintf("gebruiker%04d@loadgen.example", i),
			Name: "Load Gebruiker", OrgID: org.ID, Status: account.StatusActive, PasswordHash: hash, Lang: "nl"}, nil)
		if err != nil {
			return fx, fmt.Errorf("user %d: %w", i, err)
		}
		secret := newTOTPSecret()
		if _, err := a.Factors.AddFactor(ctx, mfa.Factor{UserID: u.ID, Kind: mfa.KindTOTP, Secret: secret}); err != nil {
			return fx, fmt.Errorf("factor %d: %w", i, err)
		}
		if _, err := mfa.IssueRecoveryCode(ctx, a.Factors, u.ID, time.Now()); err != nil {
			return fx, err
		}
		fx.Users = append(fx.Users, SeedUser{Email: u.Email, TOTPSecret: secret})
	}
	if fx.WebSecret, err = createClient(ctx, a, oauthstore.Client{ID: WebClientID, Name: "Loadgen web", FirstParty: true,
		RedirectURIs: []string{RedirectURI},
		GrantTypes:   []string{oauthstore.GrantAuthorizationCode, oauthstore.GrantRefreshToken},
		Scopes:       []string{"openid", "profile", "email", "offline_access"}}); err != nil {
		return fx, err
	}
	fx.ServiceSecret, err = createClient(ctx, a, oauthstore.Client{ID: ServiceClientID, Name: "Loadgen service",
		GrantTypes: []string{oauthstore.GrantClientCredentials}, Scopes: []string{"api"}})
	return fx, err
}

func createClient(ctx context.Context, a *app.App, c oauthstore.Client) (string, error) {
	secret, err := oauthstore.NewSecret()
	if err != nil {
		return "", err
	}
	if c.SecretHash, err = oauthstore.HashSecret(secret); err != nil {
		return "", err
	}
	if err := oauthstore.ValidateClient(c); err != nil {
		return "", fmt.Errorf("client %s: %w", c.ID, err)
	}
	if _, err := a.OAuth.CreateClient(ctx, c); err != nil {
		return "", fmt.Errorf("client %s: %w", c.ID, err)
	}
	return secret, nil
}

func newTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}
