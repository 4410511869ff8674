#!/usr/bin/env bash
# Day-route quality and speed: random days of 8, 10, 12, 13, 15, 25 and 40 stops with opening-hour windows in
# a 20 x 20 km city square. Visitflow's jsprit order against the exact optimum (dynamic programming over
# subsets, up to 13 stops) and nearest-neighbour order. Prints the table.
# Usage: bench/routes.sh [days per size]
set -euo pipefail
cd "$(dirname "$0")/.."
days=${1:-10}
out=$(mktemp)
if mvn -B -q test -Dtest=RouteBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.days="$days" >"$out" 2>&1; then
  sed -n '/ROUTE BENCHMARK/,/^cpu:/p' "$out"
else
  grep -E "ERROR|Caused" "$out" | head -20
  exit 1
fi
