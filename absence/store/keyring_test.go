package store

import (
	"testing"

	"github.com/mijnaccount/mijnaccount/secretbox"
)

// testKeyring returns a keyring with one fresh key.
func testKeyring(t *testing.T) secretbox.Keyring {
	t.Helper()
	key, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return secretbox.Keyring{Current: "k1", Keys: map[string][]byte{"k1": key}}
}
