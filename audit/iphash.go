package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strings"
)

// ipHashLength is the number of hex characters HashIP keeps (128 bits).
const ipHashLength = 32

// HashIP returns the keyed hash that audit events hold instead of a client IP
// address: hex(HMAC-SHA256(key, ip)) truncated to 32 characters. An empty ip
// gives "".
//
// The key must be a secret of at least 32 random bytes kept outside the audit
// database: without it the IPv4 space is small enough to hash exhaustively.
// Addresses are brought to one form first, so "::ffff:192.0.2.1" and
// "192.0.2.1" hash alike and a "host:port" loses its port; a value that is not
// an address is hashed as given.
func HashIP(key []byte, ip string) string {
	ip = strings.TrimSpace(ip)
	if ip == "" {
		return ""
	}
	if addr, err := netip.ParseAddr(ip); err == nil {
		ip = addr.Unmap().WithZone("").String()
	} else if ap, err := netip.ParseAddrPort(ip); err == nil {
		ip = ap.Addr().Unmap().WithZone("").String()
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(ip))
	return hex.EncodeToString(mac.Sum(nil))[:ipHashLength]
}
