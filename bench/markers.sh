#!/usr/bin/env bash
# The marker API with 50,000 companies and 30,000 visits: p50/p95 of GET /api/map/markers at city and country
# zoom, for an administrator and a rep, the answer's size, and the time to read the marker index from the
# database; on H2, and on PostgreSQL when run as a user other than root (embedded PostgreSQL refuses root).
# Usage: bench/markers.sh [companies] [requests per case]
set -euo pipefail
cd "$(dirname "$0")/.."
companies=${1:-50000}
requests=${2:-200}
tests=MarkerBenchmark
if [ "$(id -u)" != 0 ]; then tests=MarkerBenchmark,MarkerOnPostgresBenchmark; fi
out=$(mktemp)
if mvn -B -q test -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false -Dbench.companies="$companies" \
    -Dbench.requests="$requests" >"$out" 2>&1; then
  sed -n '/MARKER BENCHMARK/,/aim:/p' "$out"
  [ "$(id -u)" = 0 ] && echo "(PostgreSQL skipped: run as an unprivileged user for it)"
  true
else
  grep -E "ERROR|Caused" "$out" | head -20
  exit 1
fi
