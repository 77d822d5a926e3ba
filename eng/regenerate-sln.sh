#!/usr/bin/env bash
# Rebuilds SnsTelegram.Sdk.sln from every project in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f SnsTelegram.Sdk.sln
dotnet new sln --format sln -n SnsTelegram.Sdk >/dev/null
find src tests benchmarks samples -name '*.csproj' 2>/dev/null | sort | xargs dotnet sln SnsTelegram.Sdk.sln add >/dev/null
