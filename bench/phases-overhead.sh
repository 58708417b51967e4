#!/bin/sh
# Phase recording overhead inside k6: iterations/s with and without phaseTimings().record(),
# alternated round by round in one k6 run against the demo target with no delays.
#   npm run build && sh bench/phases-overhead.sh            # ROUNDS=3 ROUND_SECONDS=3 VUS=4 by default
#   ROUNDS=5 ROUND_SECONDS=5 sh bench/phases-overhead.sh
# Prints a table; writes build/bench/phases-overhead.json.
set -u
cd "$(dirname "$0")/.."
mkdir -p build/bench
node bin/loadgate.js build bench/phases-overhead.k6.ts --outdir build/bench >/dev/null
K6=$(node bin/loadgate.js k6 | cut -d' ' -f1)
node bin/loadgate.js target --embedding-ms 0 --fusion-ms 0 --jitter-ms 0 >build/bench/target.url 2>build/bench/target.log &
TARGET=$!
trap 'kill "$TARGET" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 300); do [ -s build/bench/target.url ] && break; sleep 0.1; done
if [ ! -s build/bench/target.url ]; then echo "bench/phases-overhead.sh: the demo target did not start within 30s" >&2; cat build/bench/target.log >&2; exit 1; fi
"$K6" run --no-usage-report --quiet \
  -e BASE_URL="$(cat build/bench/target.url)" \
  -e ROUNDS="${ROUNDS:-3}" -e ROUND_SECONDS="${ROUND_SECONDS:-3}" -e VUS="${VUS:-4}" \
  build/bench/phases-overhead.k6.js
status=$?
if ! kill -0 "$TARGET" 2>/dev/null; then echo "bench/phases-overhead.sh: the demo target stopped during the run; figures are void" >&2; cat build/bench/target.log >&2; exit 1; fi
exit $status
