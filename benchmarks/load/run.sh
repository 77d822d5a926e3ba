#!/usr/bin/env bash
# Load test of the Telegram endpoints with wrk on loopback.
# Usage: benchmarks/load/run.sh [duration] [connections] [threads]     (defaults: 30s 64 2)
#        STORE=memory benchmarks/load/run.sh                           (default store: sqlite)
# Needs wrk (apt-get install -y wrk). Prints wrk's report for GET status and for webhook updates.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-30s}"
connections="${2:-64}"
threads="${3:-2}"
port="${PORT:-5088}"
store="${STORE:-sqlite}"

dotnet build -c Release benchmarks/SnsTelegram.Sdk.LoadHost -nologo -v q >/dev/null
log=$(mktemp)
dotnet benchmarks/SnsTelegram.Sdk.LoadHost/bin/Release/net10.0/SnsTelegram.Sdk.LoadHost.dll --port "$port" --store "$store" >"$log" 2>&1 &
host=$!
trap 'kill $host 2>/dev/null || true; wait $host 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 300); do
  grep -q '^READY ' "$log" && break
  kill -0 $host 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
jwt=$(cat "$(sed -n 's/^READY //p' "$log")")

# CPU seconds the host used so far (user + system), to report the cost per request: on a machine shared with
# other work, throughput says little, the CPU cost per request says what the code needs.
tick=$(getconf CLK_TCK)
cpu() { awk -v t="$tick" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$host/stat"; }
measure() { # name, then the wrk arguments
  local name=$1; shift
  local before after out requests
  before=$(cpu)
  out=$(wrk "$@")
  after=$(cpu)
  echo "$out"
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  awk -v b="$before" -v a="$after" -v r="$requests" -v n="$name" \
    'BEGIN { us = (a - b) / r * 1e6; printf "%s: host CPU %.1f us per request -> %.0f requests/s per dedicated core\n", n, us, 1e6 / us }'
}

echo "== warm-up"
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Bearer $jwt" "http://127.0.0.1:$port/api/telegram/status" >/dev/null
ID_OFFSET=150000000 wrk -t"$threads" -c"$connections" -d5s -s benchmarks/load/webhook.lua "http://127.0.0.1:$port/api/telegram/webhook" >/dev/null

echo "== GET /api/telegram/status ($store)"
measure "GET status" -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $jwt" "http://127.0.0.1:$port/api/telegram/status"

echo "== POST /api/telegram/webhook, non-command text ($store)"
measure "webhook" -t"$threads" -c"$connections" -d"$duration" --latency -s benchmarks/load/webhook.lua "http://127.0.0.1:$port/api/telegram/webhook"
