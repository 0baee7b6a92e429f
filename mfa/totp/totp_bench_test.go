package totp

import (
	"testing"
	"time"

	"github.com/pquerna/otp"
	ptotp "github.com/pquerna/otp/totp"
)

// BenchmarkValidate measures the check behind every authenticator-app
// login: three HMAC-SHA1 codes (now and one step either way) compared in
// constant time.
func BenchmarkValidate(b *testing.B) {
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	now := time.Now()
	code, err := ptotp.GenerateCodeCustom(secret, now, ptotp.ValidateOpts{Period: Period, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Validate(secret, code, now, 0); err != nil {
			b.Fatal(err)
		}
	}
}
