package password

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is returned (wrapped, with the reason) for a stored hash
// that is not an argon2id PHC string this package can verify. The reason
// never quotes the stored value.
var ErrMalformedHash = errors.New("password: malformed hash")

// maxEncodedLen bounds the stored string before it is parsed.
const maxEncodedLen = 512

var b64 = base64.RawStdEncoding.Strict()

// encoded is a parsed PHC string.
type encoded struct {
	params Params
	salt   []byte
	key    []byte
}

// String formats e as "$argon2id$v=19$m=…,t=…,p=…$<salt>$<key>".
func (e encoded) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, e.params.Memory, e.params.Time, e.params.Threads,
		b64.EncodeToString(e.salt), b64.EncodeToString(e.key))
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformedHash}, args...)...)
}

// parse reads an argon2id PHC string. Version 19 is required; m, t and p
// must appear in that order; salt and key are unpadded standard base64.
func parse(s string) (encoded, error) {
	if len(s) > maxEncodedLen {
		return encoded{}, malformed("longer than %d bytes", maxEncodedLen)
	}
	fields := strings.Split(s, "$")
	if len(fields) != 6 || fields[0] != "" {
		return encoded{}, malformed("want 5 fields separated by '$'")
	}
	if fields[1] != "argon2id" {
		return encoded{}, malformed("algorithm is not argon2id")
	}
	if fields[2] != "v="+strconv.Itoa(argon2.Version) {
		return encoded{}, malformed("version is not %d", argon2.Version)
	}
	var e encoded
	var err error
	if e.params, err = parseParams(fields[3]); err != nil {
		return encoded{}, err
	}
	if e.salt, err = b64.DecodeString(fields[4]); err != nil {
		return encoded{}, malformed("salt is not base64")
	}
	if e.key, err = b64.DecodeString(fields[5]); err != nil {
		return encoded{}, malformed("hash is not base64")
	}
	e.params.SaltLen, e.params.KeyLen = uint32(len(e.salt)), uint32(len(e.key))
	if err := e.params.Validate(); err != nil {
		return encoded{}, malformed("%s", strings.TrimPrefix(err.Error(), "password: "))
	}
	return e, nil
}

// parseParams reads "m=<KiB>,t=<passes>,p=<lanes>".
func parseParams(s string) (Params, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Params{}, malformed("want parameters m, t and p")
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		num, ok := strings.CutPrefix(parts[i], name+"=")
		if !ok || num == "" || (len(num) > 1 && num[0] == '0') {
			return Params{}, malformed("parameter %d is not %s=<number>", i+1, name)
		}
		bits := 32
		if name == "p" {
			bits = 8
		}
		v, err := strconv.ParseUint(num, 10, bits)
		if err != nil {
			return Params{}, malformed("parameter %s is out of range", name)
		}
		vals[i] = v
	}
	return Params{Memory: uint32(vals[0]), Time: uint32(vals[1]), Threads: uint8(vals[2])}, nil
}
