package main

import (
	"fmt"
	"io"

	"github.com/mijnaccount/mijnaccount/absence/config"
)

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage: absence COMMAND [flags]

Commands:
  serve                                   run the absence application
  migrate                                 apply pending database migrations and exit
  org register --id ORG --domain DOMAIN [--name NAME] [--bsn-allowed[=false]]
                                          pin the domain of a Mijn Account organisation
  org bsn --id ORG --allowed|--allowed=false
                                          mark an employer as legally allowed to record
                                          BSNs (and index them for search), or withdraw it
  org list                                list the organisations the application knows
  relation add --provider ORG --employer ORG --start YYYY-MM-DD [--end YYYY-MM-DD]
                                          record that a provider serves an employer
  relation end --id ID --end YYYY-MM-DD   set the last day of a relation
  relation list                           list every relation
  retention list --employer ORG           list the employer's records past their retention term
  retention delete --employer ORG --all-due [--dry-run]
                                          delete them (absence cases with everything on them,
                                          employee records with all their cases)
  help                                    this text

The org, relation and retention commands take --output json.

Environment:
`)
	for _, e := range config.Env {
		fmt.Fprintf(w, "  %-28s %s\n", e[0], e[1])
	}
}
