#!/usr/bin/env bash
# Crash under load on PostgreSQL: Visitflow in a child JVM on an embedded PostgreSQL (job executor and Bitrix24
# sync on), a Bitrix24 sandbox in a second JVM; clients create visits through the API with an Idempotency-Key
# (most with "to In work" timers due at once) for S seconds (default 10) and until A were answered (default 60, at
# most two minutes), then kill -9 and a restart on the same
# database. Prints what was answered and is there, timers fired twice, convergence in Bitrix24 and duplicates.
# Runs through .ci/run (as user visitflow-ci when started as root: PostgreSQL refuses root).
# Usage: bench/crash.sh [load-seconds] [clients] [answered]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
clients=${2:-4}
answered=${3:-60}
out=$(mktemp)
chmod 644 "$out"
if bash .ci/run -q -Dtest=CrashBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.rerunFailingTestsCount=0 \
    -Dbench.seconds="$seconds" -Dbench.clients="$clients" -Dbench.answered="$answered" >"$out" 2>&1; then
  sed -n '/CRASH BENCHMARK/,/END CRASH/p' "$out" | grep -v 'END CRASH'
  echo "load: $(uptime)"
else
  grep -E "ERROR|Caused|expected|did not start|IllegalState" "$out" | head -30
  exit 1
fi
