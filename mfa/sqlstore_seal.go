package mfa

import (
	"fmt"

	"github.com/mijnaccount/mijnaccount/secretbox"
)

// sealSecret seals a factor's secret, bound to the factor's id so a sealed
// value copied into another row does not open.
func sealSecret(keys secretbox.Keyring, id, secret string) (string, error) {
	if secret == "" {
		return "", nil
	}
	sealed, err := keys.Seal([]byte(secret), additionalData(id))
	if err != nil {
		return "", fmt.Errorf("mfa: seal factor secret: %w", err)
	}
	return sealed, nil
}

func openSecret(keys secretbox.Keyring, id, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := keys.Open(sealed, additionalData(id))
	if err != nil {
		return "", fmt.Errorf("mfa: open secret of factor %s: %w", id, err)
	}
	return string(raw), nil
}

func additionalData(id string) []byte { return []byte("mfa-factor:" + id) }
