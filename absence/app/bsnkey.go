package app

import (
	"github.com/mijnaccount/mijnaccount/absence/bsn"
	"github.com/mijnaccount/mijnaccount/absence/config"
	"github.com/mijnaccount/mijnaccount/secretbox"
)

// bsnIndexKey returns the key of the BSN search index: the configured one,
// or the one kept in DataDir (made on first start). It is a key of its own,
// not derived from the secrets keyring, so that rotating the keyring does
// not break the index (see package bsn).
func bsnIndexKey(cfg config.Config) ([]byte, error) {
	if cfg.BSNIndexKey != "" {
		return []byte(cfg.BSNIndexKey), nil
	}
	return hexKeyFile(cfg.DataDir, "absence-bsn-index.key", bsn.MinIndexKey)
}

// BSNKeys returns the keyring that seals BSNs and the key of their search
// index, as serve uses them, for the administrative commands that index
// BSNs.
func BSNKeys(cfg config.Config) (secretbox.Keyring, []byte, error) {
	kr, err := secretsKeyring(cfg)
	if err != nil {
		return kr, nil, err
	}
	key, err := bsnIndexKey(cfg)
	return kr, key, err
}
