#!/usr/bin/env bash
# Benchmarks, bounded to a few minutes: Go benchmarks of the hot paths, CPU
# profiles of the login and token paths run in-process, then cmd/loadgen
# against real `mijnaccount serve` processes on loopback (SQLite; PostgreSQL
# + Redis; two instances behind a round-robin proxy).
#
# Output goes to $BENCH_OUT (default bin/bench): go-bench.txt, *.prof,
# *-top.txt, loadgen.md and loadgen.json.
# LOADGEN_FLAGS adds flags to loadgen, e.g. LOADGEN_FLAGS="-configs sqlite".
# PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) must
# be up: `make bench` starts them.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
OUT=${BENCH_OUT:-bin/bench}
mkdir -p "$OUT"

echo "== machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $($GO version)"

echo "== build"
$GO build -o bin/mijnaccount ./cmd/mijnaccount
$GO build -o bin/loadgen ./cmd/loadgen

echo "== Go benchmarks of the hot paths"
$GO test -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-1s}" \
  ./account/password/ ./mfa/totp/ ./authz/keys/ ./account/ ./storage/ | tee "$OUT/go-bench.txt"

echo "== CPU profiles (in-process: login, client_credentials, refresh, userinfo)"
$GO test -c -o "$OUT/loadgen.test" ./internal/loadgen/
profile() { # name benchmark iterations
  "$OUT/loadgen.test" -test.run '^$' -test.bench "^$2\$" -test.benchtime "$3" \
    -test.cpuprofile "$OUT/$1.prof" | grep Benchmark
  $GO tool pprof -top -nodecount 20 "$OUT/loadgen.test" "$OUT/$1.prof" 2>/dev/null > "$OUT/$1-top.txt"
  $GO tool pprof -top -cum -nodecount 150 "$OUT/loadgen.test" "$OUT/$1.prof" 2>/dev/null > "$OUT/$1-cum.txt"
}
profile login BenchmarkLoginFlow 200x
profile client_credentials BenchmarkClientCredentialsFlow 5000x
profile refresh BenchmarkRefreshFlow 1000x
profile userinfo BenchmarkUserInfoFlow 5000x
for p in login client_credentials; do
  echo "-- $p: top entries (flat)"; sed -n '6,18p' "$OUT/$p-top.txt"
done

echo "== load generator"
# shellcheck disable=SC2086 # LOADGEN_FLAGS is a list of flags
bin/loadgen -bin bin/mijnaccount -json "$OUT/loadgen.json" -md "$OUT/loadgen.md" ${LOADGEN_FLAGS:-}
echo "results: $OUT/loadgen.md, $OUT/loadgen.json, $OUT/go-bench.txt, $OUT/*-top.txt"
