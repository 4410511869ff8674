#!/usr/bin/env bash
# Bitrix24 outage: N visits (default 1000) synced, then the portal fails every request (OUTAGE: HTTP 500, or
# RATE_LIMITED: 503) while every visit moves Draft -> In work, for S seconds (default 20, enough for the sync's
# shortened retries to run out into incidents); then the portal returns. The sync runs in the background as in
# production. Prints transitions, incidents, time to converge, lost and duplicates.
# Usage: bench/outage.sh [transitions] [outage-seconds] [OUTAGE|RATE_LIMITED]
set -euo pipefail
cd "$(dirname "$0")/.."
transitions=${1:-1000}
outage=${2:-20}
mode=${3:-OUTAGE}
out=$(mktemp)
if mvn -B -q -o test -Dtest='OutageBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.transitions="$transitions" -Dbench.outage="$outage" -Dbench.mode="$mode" >"$out" 2>&1; then
  sed -n '/OUTAGE BENCHMARK/,/END OUTAGE/p' "$out" | grep -v 'END OUTAGE'
  echo "load: $(uptime)"
else
  grep -E "ERROR|Caused|expected|timed out" "$out" | head -20
  exit 1
fi
