#!/usr/bin/env bash
# First sync to Bitrix24: N new visits (default 1000), each an item and a calendar event, against the built-in
# sandbox with Bitrix24's limit (2 requests/s, burst 50) enforced by the sandbox and by Visitflow's client,
# from a drained bucket. Prints visits per second (ceiling 50/s) and checks nothing is missing or doubled.
# Usage: bench/first-sync.sh [visits]
set -euo pipefail
cd "$(dirname "$0")/.."
visits=${1:-1000}
out=$(mktemp)
if mvn -B -q -o test -Dtest='FirstSyncBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.visits="$visits" >"$out" 2>&1; then
  sed -n '/FIRST SYNC BENCHMARK/,/END FIRST SYNC/p' "$out" | grep -v 'END FIRST SYNC'
  echo "load: $(uptime)"
else
  grep -E "ERROR|Caused|expected" "$out" | head -20
  exit 1
fi
