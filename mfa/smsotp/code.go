package smsotp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// codeSpace is the number of six-digit codes.
const codeSpace = 1_000_000

// acceptBelow is the largest multiple of codeSpace that fits in 32 bits:
// random values at or above it are drawn again, so every code is equally
// likely (no modulo bias).
const acceptBelow = (1 << 32) / codeSpace * codeSpace

// maxDraws bounds the redraws. One draw is refused with probability
// 0.02%, so reaching this means the random source is broken.
const maxDraws = 64

// newCode returns six uniformly random digits.
func (c *Codes) newCode() (string, error) {
	var b [4]byte
	for range maxDraws {
		if _, err := io.ReadFull(c.rand, b[:]); err != nil {
			return "", fmt.Errorf("smsotp: random source: %w", err)
		}
		if n := binary.BigEndian.Uint32(b[:]); uint64(n) < acceptBelow {
			return fmt.Sprintf("%06d", n%codeSpace), nil
		}
	}
	return "", errors.New("smsotp: random source gives only out-of-range values")
}

// wellFormed reports whether code is exactly six ASCII digits.
func wellFormed(code string) bool {
	if len(code) != 6 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	return true
}

// normalise trims the spaces around an entered code.
func normalise(code string) string { return strings.TrimSpace(code) }

// body is the text of the message. Both languages fit one GSM-7 segment.
func body(lang, code string, ttl time.Duration) string {
	mins := int(ttl / time.Minute)
	if lang == "en" {
		unit := "minutes"
		if mins == 1 {
			unit = "minute"
		}
		return fmt.Sprintf("Your Mijn Account code is %s. It is valid for %d %s. Do not share it with anyone.", code, mins, unit)
	}
	unit := "minuten"
	if mins == 1 {
		unit = "minuut"
	}
	return fmt.Sprintf("Uw Mijn Account-code is %s. Deze code is %d %s geldig. Deel hem met niemand.", code, mins, unit)
}
