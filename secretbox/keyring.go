package secretbox

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// ParseKeyring reads "id:base64key,id:base64key,...". The first entry is the
// current key; the others only open older values. Keys may use standard or
// URL-safe base64, padded or not, and must decode to KeySize bytes.
// Every problem is reported at once; entries are named by position (and by
// id once the id is known to be well formed), never by their key text.
func ParseKeyring(spec string) (Keyring, error) {
	kr := Keyring{Keys: map[string][]byte{}}
	if strings.TrimSpace(spec) == "" {
		return Keyring{}, fmt.Errorf("%w: empty keyring, want \"id:base64key[,id:base64key...]\"", ErrKeyring)
	}
	var errs []error
	for i, entry := range strings.Split(spec, ",") {
		n := i + 1
		entry = strings.TrimSpace(entry)
		id, enc, ok := strings.Cut(entry, ":")
		id, enc = strings.TrimSpace(id), strings.TrimSpace(enc)
		switch {
		case entry == "":
			errs = append(errs, fmt.Errorf("%w: entry %d is empty", ErrKeyring, n))
			continue
		case !ok:
			errs = append(errs, fmt.Errorf("%w: entry %d has no \"id:\" prefix", ErrKeyring, n))
			continue
		case !validID(id):
			errs = append(errs, fmt.Errorf("%w: entry %d: key id must be 1-%d characters of A-Z a-z 0-9 _ -", ErrKeyring, n, maxIDLen))
			continue
		}
		if _, dup := kr.Keys[id]; dup {
			errs = append(errs, fmt.Errorf("%w: entry %d: duplicate key id %q", ErrKeyring, n, id))
			continue
		}
		key, err := decodeKey(enc)
		if err != nil {
			errs = append(errs, fmt.Errorf("%w: entry %d (id %q): %v", ErrKeyring, n, id, err))
			continue
		}
		if i == 0 {
			kr.Current = id
		}
		kr.Keys[id] = key
	}
	if err := errors.Join(errs...); err != nil {
		return Keyring{}, err
	}
	return kr, nil
}

func decodeKey(enc string) ([]byte, error) {
	if enc == "" {
		return nil, errors.New("key is empty")
	}
	var key []byte
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := e.Strict().DecodeString(enc); err == nil {
			key = k
			break
		}
	}
	if key == nil {
		// Deliberately not wrapping the base64 error: keep all key text out.
		return nil, errors.New("key is not valid base64")
	}
	if err := checkKey(key); err != nil {
		return nil, fmt.Errorf("key %v", err)
	}
	return key, nil
}
