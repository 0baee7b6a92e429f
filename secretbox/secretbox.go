package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
)

const (
	// KeySize is the size of every key in bytes (AES-256).
	KeySize = 32

	version   = "v1"
	nonceSize = 12
	tagSize   = 16
	maxIDLen  = 32
)

var (
	// ErrMalformed: the sealed string is not in the v1.<keyid>.<data> form.
	ErrMalformed = errors.New("secretbox: malformed sealed value")
	// ErrUnknownKey: the sealed string names a key id that is not in the keyring.
	ErrUnknownKey = errors.New("secretbox: unknown key id")
	// ErrDecrypt: authentication failed (wrong key, wrong associated data or
	// tampered ciphertext). Deliberately says nothing more.
	ErrDecrypt = errors.New("secretbox: message authentication failed")
	// ErrKeyring: the keyring itself is unusable.
	ErrKeyring = errors.New("secretbox: invalid keyring")
)

var b64 = base64.RawURLEncoding.Strict()

// Keyring maps key ids to 32-byte keys; Current names the key Seal uses.
type Keyring struct {
	Current string
	Keys    map[string][]byte
}

// GenerateKey returns a new random key. Store it base64-encoded in the
// keyring configuration; it is never printed by this package.
func GenerateKey() ([]byte, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("secretbox: generating key: %w", err)
	}
	return k, nil
}

// Validate reports every problem with the keyring at once. Messages name key
// ids, never key bytes.
func (k Keyring) Validate() error {
	var errs []error
	if k.Current == "" {
		errs = append(errs, fmt.Errorf("%w: no current key id", ErrKeyring))
	} else if _, ok := k.Keys[k.Current]; !ok {
		errs = append(errs, fmt.Errorf("%w: current key id %q has no key", ErrKeyring, k.Current))
	}
	for _, id := range k.ids() {
		if !validID(id) {
			errs = append(errs, fmt.Errorf("%w: key id %s must be 1-%d characters of A-Z a-z 0-9 _ -", ErrKeyring, safeID(id), maxIDLen))
			continue
		}
		if err := checkKey(k.Keys[id]); err != nil {
			errs = append(errs, fmt.Errorf("%w: key %q: %v", ErrKeyring, id, err))
		}
	}
	return errors.Join(errs...)
}

// Seal encrypts plaintext under the current key, bound to additionalData.
func (k Keyring) Seal(plaintext, additionalData []byte) (string, error) {
	if !validID(k.Current) {
		return "", fmt.Errorf("%w: current key id is missing or invalid", ErrKeyring)
	}
	aead, err := k.aead(k.Current)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secretbox: reading nonce: %w", err)
	}
	out := aead.Seal(nonce, nonce, plaintext, aad(k.Current, additionalData))
	return version + "." + k.Current + "." + b64.EncodeToString(out), nil
}

// Open decrypts a value made by Seal with any key still in the keyring. The
// additionalData must equal the one given to Seal.
func (k Keyring) Open(sealed string, additionalData []byte) ([]byte, error) {
	id, data, err := parse(sealed)
	if err != nil {
		return nil, err
	}
	if _, ok := k.Keys[id]; !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, id)
	}
	aead, err := k.aead(id)
	if err != nil {
		return nil, err
	}
	pt, err := aead.Open(nil, data[:nonceSize], data[nonceSize:], aad(id, additionalData))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// NeedsRotation reports whether sealed was not sealed with the current key
// and should be opened and sealed again. Malformed values also report true:
// they need attention, and Open will say what is wrong.
func (k Keyring) NeedsRotation(sealed string) bool {
	id, _, err := parse(sealed)
	return err != nil || id != k.Current
}

// KeyID returns the key id a sealed value names, without decrypting it.
func KeyID(sealed string) (string, error) {
	id, _, err := parse(sealed)
	return id, err
}

func parse(sealed string) (id string, data []byte, err error) {
	v, rest, ok := strings.Cut(sealed, ".")
	if !ok || v != version {
		return "", nil, ErrMalformed
	}
	id, enc, ok := strings.Cut(rest, ".")
	if !ok || !validID(id) {
		return "", nil, ErrMalformed
	}
	data, err = b64.DecodeString(enc)
	if err != nil || len(data) < nonceSize+tagSize {
		return "", nil, ErrMalformed
	}
	return id, data, nil
}

func (k Keyring) aead(id string) (cipher.AEAD, error) {
	key := k.Keys[id]
	if err := checkKey(key); err != nil {
		return nil, fmt.Errorf("%w: key %q: %v", ErrKeyring, id, err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: key %q: %v", ErrKeyring, id, err)
	}
	return cipher.NewGCM(block)
}

// aad binds the format version and key id to the caller's associated data.
// Key ids cannot contain NUL, so the encoding is unambiguous.
func aad(id string, additionalData []byte) []byte {
	out := make([]byte, 0, len(version)+len(id)+2+len(additionalData))
	out = append(out, version...)
	out = append(out, 0)
	out = append(out, id...)
	out = append(out, 0)
	return append(out, additionalData...)
}

func checkKey(key []byte) error {
	if len(key) != KeySize {
		return fmt.Errorf("must be %d bytes, got %d", KeySize, len(key))
	}
	var or byte
	for _, b := range key {
		or |= b
	}
	if or == 0 {
		return errors.New("is all zero bytes (a placeholder, not a key)")
	}
	return nil
}

func validID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// safeID quotes an id only when it is well formed: a malformed "id" may be
// key material pasted in the wrong place.
func safeID(id string) string {
	if validID(id) {
		return fmt.Sprintf("%q", id)
	}
	return "(redacted)"
}

func (k Keyring) ids() []string {
	ids := make([]string, 0, len(k.Keys))
	for id := range k.Keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// String describes the keyring without key material, so that logging a
// config struct cannot leak keys.
func (k Keyring) String() string {
	ids := k.ids()
	for i, id := range ids {
		ids[i] = safeID(id)
	}
	return fmt.Sprintf("secretbox.Keyring{Current: %s, Keys: [%s]}", safeID(k.Current), strings.Join(ids, " "))
}

// GoString is String, for %#v.
func (k Keyring) GoString() string { return k.String() }

// MarshalText is String, so JSON, YAML and slog output stay redacted.
func (k Keyring) MarshalText() ([]byte, error) { return []byte(k.String()), nil }
