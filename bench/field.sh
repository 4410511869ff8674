#!/usr/bin/env bash
# The field app's figures in the system Chromium at 360x640 (Playwright; never a downloaded browser): the
# "Сегодня" page's transfer size on a first and a repeat load (service worker) and the time to usable on
# emulated slow 4G and slow 3G, the offline load, and the outbox replaying 200 queued actions with 50 photos
# after reconnecting (the link cut once more in the middle): time, lost, duplicated. Prints the figures.
# Usage: bench/field.sh     (needs /usr/bin/chromium or VISITFLOW_CHROMIUM; `apt-get install chromium`)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
if mvn -B -q test -Dtest=FieldBenchmark -Dsurefire.failIfNoSpecifiedTests=false >"$out" 2>&1; then
  sed -n '/^FIELD BENCHMARK$/,/^FIELD BENCHMARK END$/p' "$out" | grep -v '^FIELD BENCHMARK'
else
  grep -E "ERROR|Caused|FAIL" "$out" | head -20
  exit 1
fi
