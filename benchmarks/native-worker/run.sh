#!/usr/bin/env bash
# Start time and peak memory of the worker sample, NativeAOT against JIT, in its offline walkthrough (the Telegram
# emulator in the process, SQLite in a temporary folder). Both builds are published in Release from this checkout.
# Usage: benchmarks/native-worker/run.sh [runs per build, default 5]
# Needs clang or gcc for the NativeAOT publish, and python3 for the measurement (measure.py beside this script).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
out=$(mktemp -d /tmp/snstelegram-native-bench-XXXXXX)
trap 'rm -rf "$out"' EXIT
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"

dotnet publish samples/SnsTelegram.Sample.Worker -c Release -o "$out/jit" -nologo -v q >/dev/null
dotnet publish samples/SnsTelegram.Sample.Worker -c Release -r "$rid" -p:PublishAot=true -o "$out/native" -nologo -v q >/dev/null

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), .NET $(dotnet --version)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "native binary: $(du -m "$out/native/SnsTelegram.Sample.Worker" | cut -f1) MB; JIT build: $(du -cm "$out/jit"/*.dll "$out/jit"/*.so 2>/dev/null | tail -1 | cut -f1) MB of assemblies and native libraries"
echo "load before: $(uptime)"
python3 benchmarks/native-worker/measure.py "$runs" "$out" \
  "jit=$out/jit|dotnet|$out/jit/SnsTelegram.Sample.Worker.dll" \
  "native=$out/native|$out/native/SnsTelegram.Sample.Worker"
echo "load after: $(uptime)"
