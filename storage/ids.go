package storage

import (
	"crypto/rand"
	"encoding/base32"
	"time"
)

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random, opaque, URL-safe identifier with 128 bits of entropy.
func NewID() string {
	return RandomString(16)
}

// RandomString returns n random bytes from crypto/rand encoded as lower-case base32.
func RandomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("storage: crypto/rand failed: " + err.Error())
	}
	return idEncoding.EncodeToString(b)
}

// Micros converts t to the storage representation: Unix microseconds, UTC.
// The zero time maps to 0.
func Micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// FromMicros converts the storage representation back; 0 maps to the zero time.
func FromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}
