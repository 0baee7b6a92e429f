package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestIdPBinaryLinksNeitherAbsenceNorDemo: the identity provider's binary
// is the product alone. It links no package of the absence application and
// not the demo seeding, so it never holds the demo password and cannot seed
// accounts anyone could guess (OWASP ASVS 5.0 6.3.2); `make demo` runs
// cmd/demo instead.
func TestIdPBinaryLinksNeitherAbsenceNorDemo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !slices.Contains(deps, "github.com/mijnaccount/mijnaccount/app") {
		t.Fatalf("go list -deps gave no dependency list: %q", out)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/mijnaccount/mijnaccount/absence", "github.com/mijnaccount/mijnaccount/internal/demo"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("cmd/mijnaccount links %s", d)
			}
		}
	}
}
