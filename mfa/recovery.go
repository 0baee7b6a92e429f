package mfa

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"io"
	"strings"
	"time"
)

// A recovery code is 4 groups of 5 base32 characters: 100 random bits.
const (
	recoveryGroups   = 4
	recoveryGroupLen = 5
	recoveryChars    = recoveryGroups * recoveryGroupLen
)

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryCode returns a fresh code formatted for display: "ABCDE-FGHIJ-KLMNO-PQRST".
func NewRecoveryCode() (string, error) { return newRecoveryCode(rand.Reader) }

func newRecoveryCode(r io.Reader) (string, error) {
	raw := make([]byte, recoveryChars*5/8)
	if _, err := io.ReadFull(r, raw); err != nil {
		return "", err
	}
	s := recoveryEncoding.EncodeToString(raw)
	parts := make([]string, recoveryGroups)
	for i := range parts {
		parts[i] = s[i*recoveryGroupLen : (i+1)*recoveryGroupLen]
	}
	return strings.Join(parts, "-"), nil
}

// NormalizeRecoveryCode turns what a user typed into the canonical form:
// upper case, without spaces or dashes, with the look-alikes 0→O, 1→I, 8→B
// that base32 does not use. ok is false when the result cannot be a code.
func NormalizeRecoveryCode(s string) (code string, ok bool) {
	var b strings.Builder
	for _, c := range strings.ToUpper(s) {
		switch {
		case c == ' ' || c == '-' || c == '\t':
			continue
		case c == '0':
			c = 'O'
		case c == '1':
			c = 'I'
		case c == '8':
			c = 'B'
		}
		if !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return "", false
		}
		b.WriteRune(c)
		if b.Len() > recoveryChars {
			return "", false
		}
	}
	if b.Len() != recoveryChars {
		return "", false
	}
	return b.String(), true
}

// HashRecoveryCode returns the stored form of a normalised code for a user.
// The code holds 100 random bits, so a fast hash suffices; the user id keeps
// equal codes of two users apart.
func HashRecoveryCode(userID, normalized string) string {
	sum := sha256.Sum256([]byte("mijnaccount-recovery-v1\x00" + userID + "\x00" + normalized))
	return hex.EncodeToString(sum[:])
}

// IssueRecoveryCode makes a new recovery code for the user, stores its hash
// in s (replacing any earlier code) and returns the code for display once.
func IssueRecoveryCode(ctx context.Context, s Store, userID string, at time.Time) (string, error) {
	code, err := NewRecoveryCode()
	if err != nil {
		return "", err
	}
	norm, _ := NormalizeRecoveryCode(code)
	if err := s.SetRecoveryCode(ctx, userID, HashRecoveryCode(userID, norm), at); err != nil {
		return "", err
	}
	return code, nil
}
