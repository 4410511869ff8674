#!/usr/bin/env bash
# Sync throughput to Bitrix24: N stage changes (default 1000) against the built-in sandbox with Bitrix24's
# limit (2 requests/s, burst 50) enforced by the sandbox and by Visitflow's client; then 200 new visits with
# 50 cards moved by hand while they sync, settling with the background running as in production.
# Prints the figures. Usage: bench/sync.sh [changes] [new-visits] [hand-moves]
set -euo pipefail
cd "$(dirname "$0")/.."
changes=${1:-1000}
visits=${2:-200}
moves=${3:-50}
out=$(mktemp)
if mvn -B -q test -Dtest='SyncThroughputBenchmark,HandMovesBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.changes="$changes" -Dbench.visits="$visits" -Dbench.moves="$moves" >"$out" 2>&1; then
  sed -n '/SYNC BENCHMARK/,/right stage/p' "$out"
  sed -n '/HAND MOVES BENCHMARK/,/events waiting/p' "$out"
else
  grep -E "ERROR|Caused" "$out" | head -20
  exit 1
fi
