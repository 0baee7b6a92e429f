package totp

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Cross-check with an independent implementation: oathtool (apt-get install oathtool).
func TestMatchesOathtool(t *testing.T) {
	bin, err := exec.LookPath("oathtool")
	if err != nil {
		t.Skip("oathtool not installed (apt-get install -y oathtool); cross-check with an external implementation skipped")
	}
	secrets := []string{vectorSecret}
	e, err := NewSecret("Mijn Account", "alice")
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, e.Secret)
	for _, secret := range secrets {
		for _, unix := range []int64{59, 1111111109, 1234567890, vectorUnix, 2000000000, 20000000000} {
			out, err := exec.Command(bin, "--totp", "-b", "-N", "@"+strconv.FormatInt(unix, 10), secret).Output()
			if err != nil {
				t.Fatalf("oathtool at %d: %v", unix, err)
			}
			want := strings.TrimSpace(string(out))
			if secret == vectorSecret && unix == vectorUnix && want != vectorCode {
				t.Fatalf("oathtool gives %s for the TESTING.md vector, want %s", want, vectorCode)
			}
			now := time.Unix(unix, 0)
			step, err := Validate(secret, want, now, 0)
			if err != nil || step != Step(now) {
				t.Errorf("T=%d: oathtool code %s: step %d, err %v", unix, want, step, err)
			}
			if got := refCode(t, secret, Step(now)); got != want {
				t.Errorf("T=%d: reference code %s, oathtool %s", unix, got, want)
			}
		}
	}
}
