#!/usr/bin/env bash
# Cluster benchmark: several app instances on one PostgreSQL schema against the Telegram emulator with Telegram's strict
# limits (30/s per bot, a burst of 3 then 1/s per chat). See benchmarks/cluster/README.md for what it measures and the goals.
# Usage: benchmarks/cluster/run.sh                 full sizes (about 15-20 minutes)
#        QUICK=1 benchmarks/cluster/run.sh         small sizes (a smoke run of a few minutes)
#        SCENARIOS=1,5 benchmarks/cluster/run.sh   only some scenarios
# Needs the PostgreSQL server binaries (apt-get install -y postgresql; no service has to run: a throwaway server is
# started in a temporary directory and deleted at the end).
#
# Every parameter is an environment variable (defaults: full / QUICK=1):
#   SCENARIOS=1,2,3,4,5,6,7         which measurements to run
#   1, 2 and 7 at 30/s:  INSTANCES=1,2,3  MESSAGES=3000/300 (one per chat)  LATENCY_MS=50
#   3 throughput:        THROUGHPUT_LATENCIES=20,50,100,200,300  THROUGHPUT_MESSAGES=900/120 (900 = 30 s at 30/s)
#   4 urgent-behind-bulk: BULK_MESSAGES=100000/2000  URGENT_MESSAGES=60/10  URGENT_INTERVAL_MS=1000/300
#   5 wake-up:           WAKE_SAMPLES=50/10  WAKE_POLL_INTERVAL=00:00:10
#   6 paid broadcast:    PAID_MESSAGES=10000/1000  PAID_RATE=1000  PAID_CONCURRENCY=128  PAID_LATENCY_MS=50  PAID_ENQUEUE_CHUNK=500
#                        PAID_LANE=normal  PAID_ARGS='--SnsTelegram:Delivery:PaidBroadcast:DailyStarsCap=...'
#   7 unlimited rate:    UNLIMITED_MESSAGES=10000/1000  UNLIMITED_LATENCY_MS=0
#   WARMUP_MESSAGES=300/150  IDLE_SECONDS=5/2   warm-up before runs 1, 3 and 7, then the idle measurement
#   ENQUEUE_PARALLELISM=16          concurrent IOutboxStore.EnqueueAsync calls of the orchestrator
#   HOST_ARGS='--SnsTelegram:Delivery:MaxConcurrency=32 ...'   extra configuration for every instance
set -euo pipefail
cd "$(dirname "$0")/../.."

dotnet build -c Release benchmarks/SnsTelegram.Sdk.ClusterHost -nologo -v q >/dev/null
dotnet build -c Release benchmarks/SnsTelegram.Sdk.ClusterBench -nologo -v q >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load before: $(uptime)"
export CLK_TCK
CLK_TCK=$(getconf CLK_TCK)
status=0
dotnet benchmarks/SnsTelegram.Sdk.ClusterBench/bin/Release/net10.0/SnsTelegram.Sdk.ClusterBench.dll \
  "$PWD/benchmarks/SnsTelegram.Sdk.ClusterHost/bin/Release/net10.0/SnsTelegram.Sdk.ClusterHost.dll" || status=$?
echo "load after: $(uptime)"
exit $status
