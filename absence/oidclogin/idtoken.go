package oidclogin

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Reason says why a login was refused.
type Reason string

// The reasons a login is refused.
const (
	Unavailable     Reason = "unavailable"      // the provider could not be reached
	ExchangeFailed  Reason = "exchange_failed"  // the token endpoint refused the code
	InvalidToken    Reason = "invalid_token"    // signature, issuer, audience or expiry wrong
	NonceMismatch   Reason = "nonce_mismatch"   // the token is not for this login
	NoSecondFactor  Reason = "no_second_factor" // amr shows no second factor
	InsufficientACR Reason = "insufficient_acr" // acr is not aal2
	MissingClaims   Reason = "missing_claims"   // sub, sid, org or domain absent
	// StaleLogin: auth_time is absent, older than the max_age the login
	// asked for, or in the future.
	StaleLogin Reason = "stale_login"
)

// authTimeSkew is the clock difference between provider and application a
// login tolerates on auth_time, and the time from the provider's check of
// max_age to the application's.
const authTimeSkew = 2 * time.Minute

// Error is a refused login or logout token.
type Error struct {
	Reason Reason
	Err    error // detail for the log
}

func (e *Error) Error() string {
	if e.Err == nil {
		return "oidclogin: " + string(e.Reason)
	}
	return "oidclogin: " + string(e.Reason) + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of an *Error in err's chain, or "".
func ReasonOf(err error) Reason {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Reason
	}
	return ""
}

var errNoIDToken = errors.New("the token response has no id_token")

// SecondFactors are the amr values that prove a second factor.
var SecondFactors = []string{"otp", "sms", "hwk", "rec"}

// AcceptedACR are the acr values the application accepts.
var AcceptedACR = []string{"aal2", "aal3"}

// Identity is what a checked ID token says about the user.
type Identity struct {
	Subject  string
	Name     string
	Email    string
	Org      string
	OrgName  string
	Customer string
	Domain   string
	Roles    []string
	AMR      []string
	ACR      string
	SID      string
	AuthTime time.Time
	Expiry   time.Time
	IDToken  string // the raw token, for id_token_hint at logout

	// EmailVerified: the provider says it has verified Email.
	EmailVerified bool
	// BirthDate is the standard claim birthdate ("YYYY-MM-DD"), "" when the
	// token has none or one that is not a full date.
	BirthDate string
}

type idClaims struct {
	Name     string   `json:"name"`
	Email    string   `json:"email"`
	Verified any      `json:"email_verified"` // any: a value of another type is no reason to refuse the login
	Birth    any      `json:"birthdate"`
	Org      string   `json:"org"`
	OrgName  string   `json:"org_name"`
	Customer string   `json:"customer"`
	Domain   string   `json:"domain"`
	Roles    []string `json:"roles"`
	AMR      []string `json:"amr"`
	ACR      string   `json:"acr"`
	SID      string   `json:"sid"`
	AZP      string   `json:"azp"`
	AuthTime int64    `json:"auth_time"`
}

// VerifyIDToken checks raw as described in the package documentation and
// returns the identity in it. Errors are *Error values.
func (c *Client) VerifyIDToken(ctx context.Context, raw, nonce string) (Identity, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return Identity{}, &Error{Reason: Unavailable, Err: err}
	}
	tok, err := p.verifier.Verify(c.ctx(ctx), raw)
	if err != nil {
		return Identity{}, &Error{Reason: InvalidToken, Err: err}
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(tok.Nonce), []byte(nonce)) != 1 {
		return Identity{}, &Error{Reason: NonceMismatch}
	}
	var cl idClaims
	if err := tok.Claims(&cl); err != nil {
		return Identity{}, &Error{Reason: InvalidToken, Err: err}
	}
	if len(tok.Audience) > 1 && cl.AZP != c.cfg.ClientID {
		return Identity{}, &Error{Reason: InvalidToken, Err: fmt.Errorf("several audiences and azp %q", cl.AZP)}
	}
	if !slices.ContainsFunc(cl.AMR, func(m string) bool { return slices.Contains(SecondFactors, m) }) {
		return Identity{}, &Error{Reason: NoSecondFactor, Err: fmt.Errorf("amr %v", cl.AMR)}
	}
	if !slices.Contains(AcceptedACR, cl.ACR) {
		return Identity{}, &Error{Reason: InsufficientACR, Err: fmt.Errorf("acr %q", cl.ACR)}
	}
	var missing []string
	for name, v := range map[string]string{"sub": tok.Subject, "sid": cl.SID, "org": cl.Org, "domain": cl.Domain} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return Identity{}, &Error{Reason: MissingClaims, Err: fmt.Errorf("missing %v", missing)}
	}
	id := Identity{
		Subject: tok.Subject, Name: cl.Name, Email: cl.Email, Org: cl.Org, OrgName: cl.OrgName, Customer: cl.Customer,
		Domain: cl.Domain, Roles: cl.Roles, AMR: cl.AMR, ACR: cl.ACR, SID: cl.SID, Expiry: tok.Expiry, IDToken: raw,
		EmailVerified: cl.Verified == true, BirthDate: fullDate(cl.Birth),
	}
	if cl.AuthTime > 0 {
		id.AuthTime = time.Unix(cl.AuthTime, 0).UTC()
	}
	if err := c.checkAuthTime(id.AuthTime); err != nil {
		return id, err // the identity is valid: the caller may offer a logout at the provider
	}
	return id, nil
}

// checkAuthTime refuses a login the user proved longer ago than the max_age
// the application asks for (see DefaultMaxAge): the provider is asked to
// honour max_age, and the application does not take its word for it.
func (c *Client) checkAuthTime(at time.Time) error {
	now := c.cfg.Now()
	switch {
	case at.IsZero():
		return &Error{Reason: StaleLogin, Err: errors.New("no auth_time")}
	case now.Sub(at) > c.cfg.MaxAge+authTimeSkew:
		return &Error{Reason: StaleLogin, Err: fmt.Errorf("auth_time %s is older than max_age %s", at.Format(time.RFC3339), c.cfg.MaxAge)}
	case at.Sub(now) > authTimeSkew:
		return &Error{Reason: StaleLogin, Err: fmt.Errorf("auth_time %s is in the future", at.Format(time.RFC3339))}
	}
	return nil
}
