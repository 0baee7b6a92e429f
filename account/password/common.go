package password

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:generate go run gen_common.go -o common.txt

// commonTxt is the list of common passwords: lower case, sorted, one a
// line, '#' lines are comments. gen_common.go says how it is built.
//
//go:embed common.txt
var commonTxt string

var commonList = sync.OnceValue(func() []string {
	lines := strings.Split(commonTxt, "\n")
	list := make([]string, 0, len(lines))
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			list = append(list, l)
		}
	}
	slices.Sort(list) // the file is sorted; this keeps a hand edit harmless
	return slices.Compact(list)
})

// IsCommon reports whether pw, compared in lower case, is on the built-in
// list of common passwords.
func IsCommon(pw string) bool {
	_, found := slices.BinarySearch(commonList(), strings.ToLower(pw))
	return found
}
