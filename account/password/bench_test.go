package password

import "testing"

// BenchmarkHash measures one hash with the default (production) parameters:
// the lower bound of every password login.
func BenchmarkHash(b *testing.B) {
	var h Hasher
	for b.Loop() {
		if _, err := h.Hash("een redelijk lange wachtzin"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures one verification with the default parameters.
func BenchmarkVerify(b *testing.B) {
	var h Hasher
	enc, err := h.Hash("een redelijk lange wachtzin")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, _, _ := h.Verify("een redelijk lange wachtzin", enc); !ok {
			b.Fatal("no match")
		}
	}
}

// BenchmarkDummyVerify should match BenchmarkVerify: that is the point.
func BenchmarkDummyVerify(b *testing.B) {
	var h Hasher
	for b.Loop() {
		h.DummyVerify("een redelijk lange wachtzin")
	}
}

func BenchmarkPolicyCheck(b *testing.B) {
	p := Policy{RequireClasses: 3}
	for b.Loop() {
		p.Check("Fietsen langs de grachten in mei!", "j.devries@voorbeeld.nl")
	}
}
