// Command absence will run the absence (verzuim) application, a relying party
// of Mijn Account. It is not built yet.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "absence: the absence application is not built yet")
	os.Exit(1)
}
