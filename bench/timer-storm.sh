#!/usr/bin/env bash
# Timer storm on PostgreSQL: N visits (default 2000) whose "to In work" timers fall due at one moment, on one
# node or two (application contexts on one embedded PostgreSQL; Bitrix24 workers off), and the time until all
# are In work. The job executor settings are application.yml's unless given as a comma list of key=value.
# The visits are made in bulk (read-model rows in batches, each lifecycle started at its timer with the
# variables planning sets); PLAN=api makes them through VisitService.create instead (slower: the start path).
# Usage: bench/timer-storm.sh [visits] [nodes] [settings]
#   e.g. bench/timer-storm.sh 10000 2 camunda.bpm.job-execution.max-jobs-per-acquisition=30
set -euo pipefail
cd "$(dirname "$0")/.."
visits=${1:-2000}
nodes=${2:-1}
settings=${3:-}
plan=${PLAN:-bulk}
out=$(mktemp)
before=$(uptime | sed 's/.*load average/load average/')
if bash .ci/run -q -Dtest=TimerStormBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.visits="$visits" -Dbench.nodes="$nodes" -Dbench.props="$settings" -Dbench.plan="$plan" >"$out" 2>&1; then
  sed -n '/TIMER STORM BENCHMARK/,/END TIMER STORM/p' "$out" | grep -v 'END TIMER STORM'
  echo "machine load:           before $before; after $(uptime | sed 's/.*load average: //')"
else
  grep -E "ERROR|Caused|expected" "$out" | head -20
  exit 1
fi
