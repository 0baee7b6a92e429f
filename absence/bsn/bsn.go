package bsn

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/mijnaccount/mijnaccount/absence/store"
	"github.com/mijnaccount/mijnaccount/secretbox"
)

// MinIndexKey is the shortest index key accepted, in bytes.
const MinIndexKey = 32

// ErrNoIndexKey is returned by Index when the key is too short.
var ErrNoIndexKey = errors.New("bsn: the index key must be at least 32 bytes")

// Normal returns s as nine digits when it is a valid BSN: eight or nine
// digits (spaces and dots allowed) passing the eleven test,
// 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11.
func Normal(s string) (string, bool) {
	s = strings.NewReplacer(" ", "", ".", "").Replace(s)
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 || strings.Trim(s, "0123456789") != "" || s == "000000000" {
		return "", false
	}
	sum := 0
	for i := range 8 {
		sum += (9 - i) * int(s[i]-'0')
	}
	sum -= int(s[8] - '0')
	return s, sum%11 == 0
}

// Mask shows only the last three digits.
func Mask(number string) string {
	if len(number) < 3 {
		return ""
	}
	return "••••••" + number[len(number)-3:]
}

// Seal seals a valid BSN for the employee with id; "" stays "".
func Seal(kr secretbox.Keyring, employeeID, number string) (string, error) {
	if number == "" {
		return "", nil
	}
	return kr.Seal([]byte(number), store.BSNAssociatedData(employeeID))
}

// Open opens an employee's sealed BSN; "" when none is recorded.
func Open(kr secretbox.Keyring, employeeID, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	b, err := kr.Open(sealed, store.BSNAssociatedData(employeeID))
	return string(b), err
}

// Index returns the keyed index of a normalised number within employer, as
// 64 hex characters; "" for an empty number.
func Index(key []byte, employer, number string) (string, error) {
	if number == "" {
		return "", nil
	}
	if len(key) < MinIndexKey {
		return "", ErrNoIndexKey
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("absence.bsn.index.v1\x00"))
	m.Write([]byte(employer))
	m.Write([]byte{0})
	m.Write([]byte(number))
	return hex.EncodeToString(m.Sum(nil)), nil
}
