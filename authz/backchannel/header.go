package backchannel

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ErrTokenHeader is returned (wrapped) when a Signer made a token without the
// typ header TokenType, or unsigned; such a token is not sent.
var ErrTokenHeader = errors.New("backchannel: logout token header must have typ logout+jwt and a signature algorithm")

// checkHeader checks the JOSE header of a compact JWS: typ TokenType (with or
// without the "application/" prefix, case-insensitive, as RFC 7515 allows)
// and an algorithm other than "none".
func checkHeader(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[2] == "" {
		return fmt.Errorf("%w: not a signed compact JWS", ErrTokenHeader)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return fmt.Errorf("%w: header is not base64url", ErrTokenHeader)
	}
	var h struct {
		Alg string `json:"alg"`
		Typ string `json:"typ"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return fmt.Errorf("%w: header is not JSON", ErrTokenHeader)
	}
	typ := strings.TrimPrefix(strings.ToLower(h.Typ), "application/")
	if typ != TokenType {
		return fmt.Errorf("%w: typ is %q", ErrTokenHeader, h.Typ)
	}
	if h.Alg == "" || strings.EqualFold(h.Alg, "none") {
		return fmt.Errorf("%w: alg is %q", ErrTokenHeader, h.Alg)
	}
	return nil
}
