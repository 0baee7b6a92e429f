package billing_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Amounts are integer cents end to end: no floating-point type in the
// package's code and none in its tables.
func TestNoFloatingPoint(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if n.Name == "float32" || n.Name == "float64" || n.Name == "ParseFloat" || n.Name == "FormatFloat" {
					t.Errorf("%s: %s", fset.Position(n.Pos()), n.Name)
				}
			case *ast.BasicLit:
				if n.Kind == token.FLOAT {
					t.Errorf("%s: floating-point literal %s", fset.Position(n.Pos()), n.Value)
				}
			}
			return true
		})
	}
	sqlFloat := regexp.MustCompile(`(?i)\b(REAL|FLOAT\d*|DOUBLE|NUMERIC|DECIMAL)\b`)
	for _, dialect := range []string{"sqlite", "postgres"} {
		path := filepath.Join("..", "storage", "migrations", dialect, "0010_sms_tariffs.sql")
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(body), "\n") {
			if code, _, _ := strings.Cut(l, "--"); sqlFloat.MatchString(code) {
				t.Errorf("%s:%d: %s", path, i+1, strings.TrimSpace(l))
			}
		}
	}
}
