#!/bin/sh
# Phase recording overhead inside k6: iterations/s with and without phaseTimings().record(),
# alternated round by round in one k6 run against the demo target with no delays.
#   npm run build && sh bench/phases-overhead.sh            # ROUNDS=3 SECONDS=3 VUS=4 by default
#   ROUNDS=5 SECONDS=5 sh bench/phases-overhead.sh
# Prints a table; writes build/bench/phases-overhead.json.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build/bench
node bin/loadgate.js build bench/phases-overhead.k6.ts --outdir build/bench >/dev/null
K6=$(node bin/loadgate.js k6 | cut -d' ' -f1)
node bin/loadgate.js target --embedding-ms 0 --fusion-ms 0 --jitter-ms 0 >build/bench/target.url 2>/dev/null &
TARGET=$!
trap 'kill "$TARGET" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do [ -s build/bench/target.url ] && break; sleep 0.1; done
"$K6" run --no-usage-report --quiet \
  -e BASE_URL="$(cat build/bench/target.url)" \
  -e ROUNDS="${ROUNDS:-3}" -e SECONDS="${SECONDS:-3}" -e VUS="${VUS:-4}" \
  build/bench/phases-overhead.k6.js
