#!/usr/bin/env bash
# Records new public API in each project's PublicAPI.Unshipped.txt and drops entries that no longer exist.
# Usage: eng/update-public-api.sh [project-or-solution]   (default: the solution)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-SnsTelegram.Sdk.sln}"
log=$(mktemp)
for round in 1 2 3; do
  dotnet build "$target" --no-incremental -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
  changed=0
  # RS0016: symbol not declared -> add; RS0017: declared but gone -> remove
  while IFS=$'\t' read -r code proj sym; do
    file="$(dirname "$proj")/PublicAPI.Unshipped.txt"
    [ -f "$file" ] || printf '#nullable enable\n' >"$file"
    if [ "$code" = RS0016 ]; then
      grep -qxF -- "$sym" "$file" || { printf '%s\n' "$sym" >>"$file"; changed=1; }
    else
      if grep -qxF -- "$sym" "$file"; then grep -vxF -- "$sym" "$file" >"$file.tmp" || true; mv "$file.tmp" "$file"; changed=1; fi
    fi
  done < <(grep -E 'error RS001[67]|warning RS001[67]' "$log" \
    | sed -nE "s/.*(RS001[67]): Symbol '(.*)' is (not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*\.csproj)\]$/\1\t\4\t\2/p" | sort -u)
  [ "$changed" = 1 ] || break
done
for f in $(git ls-files -co --exclude-standard '*PublicAPI.Unshipped.txt'); do
  { head -n1 "$f"; tail -n +2 "$f" | sort -u; } >"$f.tmp" && mv "$f.tmp" "$f"
done
grep -E ' error ' "$log" | sort -u | head -30 || true
rm -f "$log"
