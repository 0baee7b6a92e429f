# Mijn Account — build, run and test.
# `make demo` runs the product on its embedded default with demo users and the
# absence application beside it (cmd/demo); `make test` runs every test.

GO        ?= go
BIN       := $(CURDIR)/bin
STATICCHECK_VERSION := v0.8.2
GOVULNCHECK_VERSION := v1.9.0
PKGS      := ./...

.PHONY: build demo serve test test-go e2e check lint vulncheck bench fuzz services tools clean

build:
	$(GO) build -o $(BIN)/mijnaccount ./cmd/mijnaccount
	$(GO) build -o $(BIN)/absence ./cmd/absence

demo:
	$(GO) run ./cmd/demo

serve:
	$(GO) run ./cmd/mijnaccount serve

## test: static checks, then every Go test with the race detector on SQLite,
## PostgreSQL and Redis (started here when they are down).
test: check services test-go e2e

test-go:
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

## e2e: browser tests in Debian's Chromium (playwright-core) against the real
## binary. SCREENSHOT_DIR=docs/screenshots refreshes the screenshots.
e2e: build
	cd e2e && npm ci --no-audit --no-fund --loglevel=error && npm test

## check: formatting, vet and staticcheck (offline; fails on any finding).
check: tools
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(BIN)/staticcheck $(PKGS)

## lint: check plus govulncheck. govulncheck needs its online database; when it
## cannot reach it the target says so and does not pass that off as clean.
lint: check vulncheck

vulncheck:
	@test -x $(BIN)/govulncheck || GOBIN=$(BIN) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)
	@$(BIN)/govulncheck $(PKGS) || { echo "govulncheck failed (findings, or its database is unreachable from here): read the output above"; exit 1; }

## bench: hot-path benchmarks, CPU profiles and cmd/loadgen against real
## servers (SQLite; PostgreSQL + Redis; two instances). A few minutes; not part
## of test. Output in bin/bench (docs/benchmarks.md explains it).
bench: services
	GO=$(GO) scripts/bench.sh

## fuzz: each fuzz target for FUZZTIME (default 30s), one after the other on
## one worker, sparing the CPUs. Not part of test: the seed corpora
## (f.Add and testdata/fuzz/) already run there as ordinary tests. A crash is
## written to the package's testdata/fuzz/<Target>/; commit it with the fix.
## New coverage is minimised for at most FUZZMINIMIZE (Go's default, 60s, would
## take a short run's whole time on the slow targets).
FUZZTIME ?= 30s
FUZZMINIMIZE ?= 2s
FUZZ_TARGETS := ./authz/oauthstore:FuzzRedirectURI ./absence/importer:FuzzImport ./app:FuzzAccessToken \
	./account/session:FuzzSessionCookie ./absence/session:FuzzSessionCookie ./account/password:FuzzParse \
	./mfa/sms:FuzzParsePhone ./mfa/sms/status:FuzzStatusCallback

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; fn=$${t##*:}; echo "== $$fn ($$pkg, $(FUZZTIME))"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$fn$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) -parallel=1; \
	done

services:
	@scripts/services.sh

tools:
	@test -x $(BIN)/staticcheck || GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

clean:
	rm -rf $(BIN) data
