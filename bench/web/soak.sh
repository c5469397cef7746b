#!/usr/bin/env bash
# Load soak of greengate-web on loopback (issue 15): wrk for DURATION seconds (default 60) with a
# mixed load (bench/web/soak.lua: 8 in 10 requests quick-check GETs over 972 queries, 2 in 10
# POST /api/v1/emissions of the five example firms), then reports requests/s, errors and the
# latency percentiles, the server's RSS before and after, and whether /healthz still answers.
# Fails when any request failed (socket error, timeout, an answer other than 2xx/3xx) or when
# the server is not healthy afterwards.
#   bench/web/soak.sh [BUILD_DIR] [DURATION_SECONDS] [CONNECTIONS]
# Needs wrk (scripts/setup.sh --bench) and a built greengate-web in BUILD_DIR (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
duration=${2:-60}
connections=${3:-32}
web="$build/bin/greengate-web"
[[ -x "$web" ]] || { echo "bench/web/soak: $web not built" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench/web/soak: wrk missing (scripts/setup.sh --bench)" >&2; exit 1; }

work=$(mktemp -d /tmp/greengate-soak.XXXXXX)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$web" --port=0 --port-file="$work/port" --state-dir="$work" --access-log="$work/access.log" \
  --error-log="$work/error.log" &
pid=$!
for _ in $(seq 600); do [[ -s "$work/port" ]] && break; sleep 0.05; done
[[ -s "$work/port" ]] || { echo "bench/web/soak: server did not start" >&2; cat "$work/error.log" >&2; exit 1; }
port=$(cat "$work/port")
base="http://127.0.0.1:$port"
rss() { awk '/^VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$pid/status"; }

# One of each request first: an answer that is not 200 fails here, before the soak.
curl -fsS "$base/api/v1/quick-check?cn=72142000&origin=TR&quantity=1000&year=2026" >/dev/null
curl -fsS -H 'Content-Type: application/xml' --data-binary @"$root/examples/cement-plant.xml" \
  "$base/api/v1/emissions?year=2026" >/dev/null
wrk -t2 -c"$connections" -d3s -s "$root/bench/web/soak.lua" "$base" -- "$root/examples" >/dev/null  # warm-up
rss_before=$(rss)
out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s "$root/bench/web/soak.lua" "$base" -- "$root/examples")
rss_after=$(rss)
healthy=no
curl -fsS --max-time 5 "$base/healthz" >/dev/null && healthy=yes

echo "$out" | grep -E "Requests/sec|Transfer/sec|requests in"
echo "$out" | grep '^soak:'
echo "greengate-web RSS: $rss_before after warm-up, $rss_after after the soak; /healthz afterwards: $healthy"
echo "wrk -t2 -c$connections -d${duration}s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
errors=$(echo "$out" | awk '/^soak: requests/ {print $6 + $8 + $10 + $12 + $14}')
if grep -q "Non-2xx" <<<"$out" || [[ ${errors:-1} -ne 0 || $healthy != yes ]]; then
  echo "bench/web/soak: FAILED (errors: ${errors:-?}; server error log follows)" >&2
  tail -20 "$work/error.log" >&2
  exit 1
fi
echo "bench/web/soak: no errors"
