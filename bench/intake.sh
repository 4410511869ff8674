#!/usr/bin/env bash
# Event intake on PostgreSQL: N Bitrix24 ONCRMDYNAMICITEMADD events (default 2000) posted with 16 concurrent
# senders to one node or round-robin to two (application contexts on one embedded PostgreSQL, one sandbox
# portal answering as fast as it can), then the time until every event started its visit, and, on the same
# database, bare Camunda starts of a one-task process. Prints events/s, p50/p99 latency, starts/s and the ratio.
# Usage: bench/intake.sh [events] [nodes] [settings]   (settings: a comma list of key=value for every node;
#   PostgreSQL refuses root: as root this runs through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000}
nodes=${2:-1}
out=$(mktemp)
before=$(uptime | sed 's/.*load average/load average/')
if bash .ci/run -q -Dtest=IntakeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.events="$events" -Dbench.nodes="$nodes" -Dbench.props="${3:-}" >"$out" 2>&1; then
  sed -n '/INTAKE BENCHMARK/,/END INTAKE/p' "$out" | grep -v 'END INTAKE'
  echo "machine load:           before $before; after $(uptime | sed 's/.*load average: //')"
else
  grep -E "ERROR|Caused|expected" "$out" | head -20
  exit 1
fi
