#!/usr/bin/env bash
# Sync throughput to Bitrix24: N stage changes (default 1000) against the built-in sandbox with Bitrix24's
# limit (2 requests/s, burst 50) enforced by the sandbox and by Visitflow's client. Prints the figures.
# Usage: bench/sync.sh [changes]
set -euo pipefail
cd "$(dirname "$0")/.."
changes=${1:-1000}
out=$(mktemp)
if mvn -B -q test -Dtest=SyncThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.changes="$changes" >"$out" 2>&1; then
  sed -n '/SYNC BENCHMARK/,/right stage/p' "$out"
else
  grep -E "ERROR|Caused" "$out" | head -20
  exit 1
fi
