package account

// Second factors an organisation can allow. Email is never a factor.
const (
	FactorSMS      = "sms"
	FactorTOTP     = "totp"
	FactorWebAuthn = "webauthn"
)

// Factors returns every factor in a stable order; it is also the default
// Org.AllowedFactors.
func Factors() []string { return []string{FactorSMS, FactorTOTP, FactorWebAuthn} }

func knownFactor(f string) bool {
	return f == FactorSMS || f == FactorTOTP || f == FactorWebAuthn
}
