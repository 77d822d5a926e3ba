#!/usr/bin/env bash
# Throughput of the Telegram emulator alone: wrk on loopback sends sendMessage (rate limits off).
# Usage: benchmarks/load/emulator.sh [duration] [connections] [threads]     (defaults: 20s 64 1)
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20s}"
connections="${2:-64}"
threads="${3:-1}"

dotnet build -c Release benchmarks/SnsTelegram.Sdk.EmulatorHost -nologo -v q >/dev/null
fifo=$(mktemp -u); mkfifo "$fifo"
log=$(mktemp)
dotnet benchmarks/SnsTelegram.Sdk.EmulatorHost/bin/Release/net10.0/SnsTelegram.Sdk.EmulatorHost.dll <"$fifo" >"$log" 2>&1 &
host=$!
exec 3>"$fifo"
trap 'exec 3>&-; wait $host 2>/dev/null || true; rm -f "$fifo" "$log"' EXIT
for _ in $(seq 1 300); do
  grep -q '^READY ' "$log" && break
  kill -0 $host 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
read -r _ base token chat < <(grep '^READY ' "$log")
url="$base/bot$token/sendMessage"

echo "== warm-up"
CHAT_ID=$chat wrk -t"$threads" -c"$connections" -d5s -s benchmarks/load/sendmessage.lua "$url" >/dev/null
echo "== sendMessage, rate limits off"
tick=$(getconf CLK_TCK)
before=$(awk -v t="$tick" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$host/stat")
out=$(CHAT_ID=$chat wrk -t"$threads" -c"$connections" -d"$duration" --latency -s benchmarks/load/sendmessage.lua "$url")
after=$(awk -v t="$tick" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$host/stat")
# the URL carries the bot token: keep it out of the report
echo "$out" | sed "s#$token#<redacted>#g"
requests=$(echo "$out" | awk '/requests in/ { print $1 }')
awk -v b="$before" -v a="$after" -v r="$requests" \
  'BEGIN { us = (a - b) / r * 1e6; printf "emulator CPU %.1f us per sendMessage -> %.0f messages/s per dedicated core\n", us, 1e6 / us }'
