package smsprefix

import (
	"slices"
	"testing"
)

func TestDefaultsAreNLBEDEAndFreshEachCall(t *testing.T) {
	a := Defaults()
	if want := []string{"+31", "+32", "+49"}; !slices.Equal(a, want) {
		t.Fatalf("Defaults() = %v, want %v", a, want)
	}
	a[0] = "+1"
	if Defaults()[0] != "+31" {
		t.Error("changing one caller's copy changed the defaults")
	}
}
