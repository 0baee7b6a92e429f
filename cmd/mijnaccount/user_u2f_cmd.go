package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/mijnaccount/mijnaccount/account"
	"github.com/mijnaccount/mijnaccount/account/helpdesk"
	"github.com/mijnaccount/mijnaccount/app"
	"github.com/mijnaccount/mijnaccount/audit"
	"github.com/mijnaccount/mijnaccount/mfa"
	"github.com/mijnaccount/mijnaccount/mfa/webauthn"
)

// defaultU2FKeyName is the label of an imported key when --name is not given.
const defaultU2FKeyName = "Beveiligingssleutel (U2F)"

// maxU2FKeyHandle is the longest key handle a WebAuthn credential id may be.
const maxU2FKeyHandle = 1023

// u2fImportResult is what `user import-u2f` prints.
type u2fImportResult struct {
	FactorID     string `json:"factor_id"`
	UserID       string `json:"user_id"`
	CredentialID string `json:"credential_id"`
	Name         string `json:"name"`
	SignCount    uint32 `json:"sign_count"`
	AppID        string `json:"app_id"`
}

// decodeBase64URL decodes base64url with or without padding, as U2F
// libraries write key handles and public keys.
func decodeBase64URL(flag, s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(s), "="))
	if err != nil || len(b) == 0 {
		return nil, usagef("%s is not base64url (RFC 4648 §5)", flag)
	}
	return b, nil
}

func newUserImportU2FCmd(g *globals) *cobra.Command {
	var userID, keyHandle, publicKey, name string
	var counter uint32
	cmd := &cobra.Command{
		Use: "import-u2f --user ID --key-handle B64URL --public-key B64URL [--counter N] [--name LABEL]",
		Short: "Import a security key registered with the legacy FIDO U2F API under webauthn.u2f_appid " +
			"(audited with actor \"cli\")",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(userID) == "" {
				return usagef("--user is required")
			}
			name = strings.TrimSpace(name)
			if utf8.RuneCountInString(name) > mfa.MaxNameLength || strings.ContainsAny(name, "\r\n\t") {
				return usagef("--name must be at most %d characters on one line", mfa.MaxNameLength)
			}
			if name == "" {
				name = defaultU2FKeyName
			}
			handle, err := decodeBase64URL("--key-handle", keyHandle)
			if err != nil {
				return err
			}
			if len(handle) > maxU2FKeyHandle {
				return usagef("--key-handle must be 1 to %d bytes, got %d", maxU2FKeyHandle, len(handle))
			}
			pub, err := decodeBase64URL("--public-key", publicKey)
			if err != nil {
				return err
			}
			if len(pub) != 65 || pub[0] != 0x04 {
				return usagef("--public-key must be a 65-byte uncompressed P-256 point (0x04||X||Y), got %d bytes", len(pub))
			}
			cred, err := webauthn.LegacyU2FCredential(handle, pub, counter)
			if err != nil {
				return usagef("--public-key is not a point on the P-256 curve")
			}
			return g.withApp(cmd, func(ctx context.Context, a *app.App) error {
				return importU2F(ctx, g, a, userID, name, cred)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&userID, "user", "", "user id (required)")
	f.StringVar(&keyHandle, "key-handle", "", "the U2F key handle, base64url (required)")
	f.StringVar(&publicKey, "public-key", "", "the U2F public key, base64url of the 65-byte uncompressed P-256 point (required)")
	f.Uint32Var(&counter, "counter", 0, "the last signature counter the old system saw")
	f.StringVar(&name, "name", "", "label shown to the user (default \""+defaultU2FKeyName+"\")")
	return cmd
}

// importU2F stores cred as a security key of the user and audits it.
func importU2F(ctx context.Context, g *globals, a *app.App, userID, name string, cred webauthn.Credential) error {
	appID := a.Config.WebAuthn.U2FAppID
	if off := a.Config.WebAuthnOff(); off != "" {
		return usagef("%s", off)
	}
	if appID == "" {
		return usagef("webauthn.u2f_appid is not configured: a legacy U2F key can only sign in through the AppID it was registered under")
	}
	u, err := a.Accounts.GetUser(ctx, userID)
	if errors.Is(err, account.ErrNotFound) {
		return usagef("no user %q", userID)
	} else if err != nil {
		return err
	}
	org, err := a.Accounts.GetOrg(ctx, u.OrgID)
	if err != nil {
		return err
	}
	if !mfa.Allows(org, mfa.KindWebAuthn) {
		return usagef("organisation %s does not allow security keys (factor policy)", org.ID)
	}
	raw, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	f, err := a.Factors.AddFactor(ctx, mfa.Factor{UserID: u.ID, Kind: mfa.KindWebAuthn, Name: name, Credential: raw,
		CredentialID: webauthn.CredentialIDString(cred.ID), SignCount: cred.SignCount})
	switch {
	case errors.Is(err, mfa.ErrAlreadyExists):
		return usagef("--key-handle: this key is already registered")
	case err != nil:
		return err
	}
	if err := a.Auditor.Record(ctx, audit.Event{ActorID: helpdesk.CLIActor, Action: "mfa.factor.imported", TargetType: "factor",
		TargetID: f.ID, OrgID: u.OrgID, Outcome: audit.OutcomeSuccess, Reason: mfa.KindWebAuthn}); err != nil {
		// The key must not stay without its audit trail.
		return errors.Join(err, removeFactor(ctx, a.Factors, u.ID, f.ID))
	}
	out := u2fImportResult{FactorID: f.ID, UserID: u.ID, CredentialID: f.CredentialID, Name: f.Name,
		SignCount: f.SignCount, AppID: appID}
	return g.print(out, func(w io.Writer) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", out.FactorID, out.UserID, out.CredentialID, out.Name)
	})
}

// removeFactor takes back a factor just added; when it is the user's only
// one, the store's last-factor guard does not apply, as nothing was usable
// before it.
func removeFactor(ctx context.Context, s *mfa.SQLStore, userID, id string) error {
	err := s.DeleteFactor(ctx, userID, id)
	if errors.Is(err, mfa.ErrLastFactor) {
		_, err = s.DeleteAllFactors(ctx, userID)
	}
	return err
}
