package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ory/fosite"
	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/authz/oauthstore"
	"github.com/mijnaccount/mijnaccount/internal/cli"
)

func newClientCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{Use: "client", Short: "Manage OAuth / OpenID Connect clients (relying parties)", Args: cobra.ArbitraryArgs, RunE: cli.NeedCommand}
	cmd.AddCommand(newClientCreateCmd(g), newClientListCmd(g), newClientUpdateCmd(g), newClientDeleteCmd(g), newClientRotateSecretCmd(g))
	return cmd
}

// clientView is what the commands print of a client: its settings and, right
// after it was made, its secret. Never the secret hash.
type clientView struct {
	ClientID                 string   `json:"client_id"`
	Secret                   string   `json:"secret,omitempty"`
	Name                     string   `json:"name"`
	Public                   bool     `json:"public"`
	FirstParty               bool     `json:"first_party"`
	RedirectURIs             []string `json:"redirect_uris"`
	PostLogoutRedirectURIs   []string `json:"post_logout_redirect_uris"`
	BackchannelLogoutURI     string   `json:"backchannel_logout_uri,omitempty"`
	GrantTypes               []string `json:"grant_types"`
	ResponseTypes            []string `json:"response_types"`
	Scopes                   []string `json:"scopes"`
	TokenEndpointAuthMethod  string   `json:"token_endpoint_auth_method"`
	IDTokenSignedResponseAlg string   `json:"id_token_signed_response_alg"`
	// RefreshTokenLifetime is the absolute lifetime of refresh tokens
	// (a Go duration such as "2160h0m0s"), for clients that get them.
	RefreshTokenLifetime string    `json:"refresh_token_absolute_lifetime,omitempty"`
	CreatedAt            time.Time `json:"created_at"`
	SecretRotatedAt      time.Time `json:"secret_rotated_at,omitzero"`
}

func viewOf(c oauthstore.Client) clientView {
	orEmpty := func(l []string) []string { return append([]string{}, l...) }
	refresh := ""
	if slices.Contains(c.GrantTypes, oauthstore.GrantRefreshToken) {
		refresh = c.GetRefreshTokenAbsoluteLifetime().String()
	}
	return clientView{RefreshTokenLifetime: refresh, ClientID: c.ID, Name: c.Name, Public: c.Public, FirstParty: c.FirstParty,
		RedirectURIs: orEmpty(c.RedirectURIs), PostLogoutRedirectURIs: orEmpty(c.PostLogoutRedirectURIs),
		BackchannelLogoutURI: c.BackchannelLogoutURI, GrantTypes: orEmpty(c.GrantTypes),
		ResponseTypes: orEmpty(c.ResponseTypes), Scopes: orEmpty(c.Scopes),
		TokenEndpointAuthMethod: c.GetTokenEndpointAuthMethod(), IDTokenSignedResponseAlg: c.GetIDTokenSignedResponseAlg(),
		CreatedAt: c.CreatedAt, SecretRotatedAt: c.SecretRotatedAt}
}

func newClientCreateCmd(g *globals) *cobra.Command {
	var c oauthstore.Client
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Register a client; a confidential client's secret is generated and shown once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, list := range []*[]string{&c.RedirectURIs, &c.PostLogoutRedirectURIs, &c.GrantTypes, &c.Scopes} {
				for i := range *list {
					(*list)[i] = strings.TrimSpace((*list)[i])
				}
			}
			var secret string
			if !c.Public {
				var err error
				if secret, c.SecretHash, err = newSecret(); err != nil {
					return err
				}
			}
			if err := oauthstore.ValidateClient(c); err != nil {
				return invalidClient(err)
			}
			if err := auditable(c.ID); err != nil {
				return usageError{Err: fmt.Errorf("--id: %w", err)}
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				created, err := a.OAuth.CreateClient(ctx, c)
				switch {
				case errors.Is(err, oauthstore.ErrAlreadyExists):
					return usagef("--id: a client %q already exists", c.ID)
				case err != nil:
					return err
				}
				if err := recordClientEvent(ctx, a, "client.created", created.ID); err != nil {
					return err
				}
				v := viewOf(created)
				v.Secret = secret
				return g.print(v, func(w io.Writer) {
					if created.Public {
						fmt.Fprintf(w, "Created public client %q: no secret; it authenticates with %q and must use PKCE.\n", created.ID, oauthstore.AuthNone)
						return
					}
					fmt.Fprintf(w, "Created confidential client %q (%s).\n", created.ID, created.GetTokenEndpointAuthMethod())
					printSecret(w, secret)
				})
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.ID, "id", "", "client id (required): A-Z, a-z, 0-9, '.', '_', '-'")
	f.StringVar(&c.Name, "name", "", "name shown to users (required)")
	f.StringSliceVar(&c.RedirectURIs, "redirect-uri", nil, "exact redirect URI, https unless loopback (repeatable or comma-separated; required with authorization_code)")
	f.StringSliceVar(&c.PostLogoutRedirectURIs, "post-logout-redirect-uri", nil, "exact URI to return to after logout (repeatable or comma-separated)")
	f.StringVar(&c.BackchannelLogoutURI, "backchannel-logout-uri", "", "URI that receives back-channel logout tokens")
	f.StringSliceVar(&c.GrantTypes, "grant", []string{oauthstore.GrantAuthorizationCode}, "grant types: authorization_code, refresh_token, client_credentials (repeatable or comma-separated)")
	f.StringSliceVar(&c.Scopes, "scope", []string{"openid", "profile", "email", "org", "roles"}, "scopes the client may request; add offline_access for refresh tokens (repeatable or comma-separated)")
	f.BoolVar(&c.Public, "public", false, "public client (browser or native app): no secret, authenticates with none, must use PKCE")
	f.BoolVar(&c.FirstParty, "first-party", false, "our own application: consent may be skipped")
	f.StringVar(&c.TokenEndpointAuthMethod, "auth-method", "", "client_secret_basic (default) or client_secret_post; none for --public")
	f.StringVar(&c.IDTokenSignedResponseAlg, "id-token-alg", "", "ID token signing algorithm: ES256 (default) or RS256")
	f.DurationVar(&c.RefreshTokenAbsoluteLifetime, "refresh-token-lifetime", 0, refreshLifetimeUsage)
	return cmd
}

// refreshLifetimeUsage describes --refresh-token-lifetime.
var refreshLifetimeUsage = fmt.Sprintf("absolute lifetime of refresh tokens since the user authorized the client, "+
	"however often they are rotated, e.g. 720h (%v to %v; 0 = the default, %v); needs --grant refresh_token",
	oauthstore.MinRefreshTokenAbsoluteLifetime, oauthstore.MaxRefreshTokenAbsoluteLifetime, oauthstore.DefaultRefreshTokenAbsoluteLifetime)

func newClientUpdateCmd(g *globals) *cobra.Command {
	var refreshLifetime time.Duration
	cmd := &cobra.Command{
		Use:   "update CLIENT_ID",
		Short: "Change a client's settings (only the flags given)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			if !cmd.Flags().Changed("refresh-token-lifetime") {
				return usagef("nothing to change: give --refresh-token-lifetime")
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				if _, err := existingClient(ctx, a, id); err != nil {
					return err
				}
				updated, err := a.OAuth.UpdateClient(ctx, id, func(c oauthstore.Client) (oauthstore.Client, error) {
					c.RefreshTokenAbsoluteLifetime = refreshLifetime
					return c, nil
				})
				if errors.Is(err, oauthstore.ErrInvalidClient) {
					return invalidClient(err)
				} else if err != nil {
					return err
				}
				if err := recordClientEvent(ctx, a, "client.updated", id); err != nil {
					return err
				}
				return g.print(viewOf(updated), func(w io.Writer) {
					fmt.Fprintf(w, "Updated client %q: refresh tokens end %v after the grant at the latest.\n", id,
						updated.GetRefreshTokenAbsoluteLifetime())
				})
			})
		},
	}
	cmd.Flags().DurationVar(&refreshLifetime, "refresh-token-lifetime", 0, refreshLifetimeUsage)
	return cmd
}

func newClientListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List clients (never their secrets)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				clients, err := a.OAuth.ListClients(ctx)
				if err != nil {
					return err
				}
				views := make([]clientView, 0, len(clients))
				for _, c := range clients {
					views = append(views, viewOf(c))
				}
				return g.print(views, func(w io.Writer) {
					if len(views) == 0 {
						return
					}
					tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "ID\tNAME\tTYPE\tFIRST-PARTY\tGRANTS\tREDIRECT URIS")
					for _, v := range views {
						kind, first, uris := "confidential", "no", "-"
						if v.Public {
							kind = "public"
						}
						if v.FirstParty {
							first = "yes"
						}
						if len(v.RedirectURIs) > 0 {
							uris = strings.Join(v.RedirectURIs, " ")
						}
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ClientID, v.Name, kind, first, strings.Join(v.GrantTypes, ","), uris)
					}
					tw.Flush()
				})
			})
		},
	}
}

func newClientDeleteCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "delete CLIENT_ID",
		Short: "Delete a client and revoke every code and token issued to it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				if _, err := existingClient(ctx, a, id); err != nil {
					return err
				}
				if err := a.OAuth.DeleteClient(ctx, id); err != nil {
					return err
				}
				if err := recordClientEvent(ctx, a, "client.deleted", id); err != nil {
					return err
				}
				return g.print(map[string]any{"client_id": id, "deleted": true}, func(w io.Writer) {
					fmt.Fprintf(w, "Deleted client %q and revoked its codes and tokens.\n", id)
				})
			})
		},
	}
}

func newClientRotateSecretCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "rotate-secret CLIENT_ID",
		Short: "Replace a confidential client's secret; the new one is shown once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				c, err := existingClient(ctx, a, id)
				if err != nil {
					return err
				}
				if c.Public {
					return usagef("client %q is public: it has no secret to rotate", id)
				}
				secret, hash, err := newSecret()
				if err != nil {
					return err
				}
				if err := a.OAuth.SetClientSecret(ctx, id, hash); errors.Is(err, oauthstore.ErrInvalidClient) {
					return usageError{Err: fmt.Errorf("client %q: %w", id, err)}
				} else if err != nil {
					return err
				}
				if err := recordClientEvent(ctx, a, "client.secret_rotated", id); err != nil {
					return err
				}
				return g.print(map[string]string{"client_id": id, "secret": secret}, func(w io.Writer) {
					fmt.Fprintf(w, "New secret for client %q; the old one no longer works (tokens already issued stay valid).\n", id)
					printSecret(w, secret)
				})
			})
		},
	}
}

// newSecret makes a client secret and the hash that is stored in its place.
func newSecret() (secret string, hash []byte, err error) {
	if secret, err = oauthstore.NewSecret(); err != nil {
		return "", nil, err
	}
	hash, err = oauthstore.HashSecret(secret)
	return secret, hash, err
}

func printSecret(w io.Writer, secret string) {
	fmt.Fprintf(w, "\nClient secret (shown only this once; store it now, it cannot be retrieved later):\n\n    %s\n\n", secret)
}

// existingClient loads a client that is about to change. An unknown id is an
// error, and so is an id the audit trail cannot record (the change would not be).
func existingClient(ctx context.Context, a *app.App, id string) (oauthstore.Client, error) {
	c, err := a.OAuth.GetOAuthClient(ctx, id)
	if errors.Is(err, fosite.ErrNotFound) {
		return c, fmt.Errorf("no client %q (see `mijnaccount client list`)", id)
	} else if err != nil {
		return c, err
	}
	return c, auditable(id)
}

func clientEvent(action, id string) audit.Event {
	return audit.Event{Action: action, TargetType: "oauth_client", TargetID: id, Outcome: audit.OutcomeSuccess}
}

// auditable checks, before anything changes, that events about client id can be
// recorded: audit ids are stricter (at most 80 characters, no '~', not only digits).
func auditable(id string) error {
	e := clientEvent("client.created", id)
	e.Time = time.Now()
	if err := e.Validate(); err != nil {
		return fmt.Errorf("client id %q cannot be recorded in the audit trail: %w", id, err)
	}
	return nil
}

// recordClientEvent audits a change that has been made; a failure says so.
func recordClientEvent(ctx context.Context, a *app.App, action, id string) error {
	if err := a.Auditor.Record(ctx, clientEvent(action, id)); err != nil {
		return fmt.Errorf("client %q changed (%s), but the audit event was not recorded: %w", id, action, err)
	}
	return nil
}

// problemFlags maps the fields oauthstore.Problem names to the flags that set them.
var problemFlags = map[string]string{
	"id": "--id", "name": "--name", "grant_types": "--grant", "grant_type": "--grant",
	"redirect_uris": "--redirect-uri", "redirect_uri": "--redirect-uri",
	"post_logout_redirect_uri": "--post-logout-redirect-uri", "backchannel_logout_uri": "--backchannel-logout-uri",
	"scope": "--scope", "token_endpoint_auth_method": "--auth-method", "id_token_signed_response_alg": "--id-token-alg",
	"refresh_token_absolute_lifetime": "--refresh-token-lifetime",
}

// invalidClient turns the problems ValidateClient reports into one usage
// error listing each with its field and the flag to fix.
func invalidClient(err error) error {
	problems := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		problems = j.Unwrap()
	}
	var b strings.Builder
	b.WriteString("invalid client:")
	for _, e := range problems {
		b.WriteString("\n  " + e.Error())
		var p *oauthstore.Problem
		if errors.As(e, &p) {
			field, _, _ := strings.Cut(p.Field, " ")
			if flag := problemFlags[field]; flag != "" {
				b.WriteString(" (" + flag + ")")
			}
		}
	}
	return usageError{Err: errors.New(b.String())}
}
