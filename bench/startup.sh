#!/usr/bin/env bash
# Startup time and resident memory of Visitflow on the embedded default (H2 file database, demo data),
# from the packaged jar on a fresh data directory. Prints the figures; changes nothing in the checkout.
# Usage: bench/startup.sh [runs]   (JAVA_OPTS is passed to the JVM, e.g. JAVA_OPTS=-Xmx512m)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=${BENCH_PORT:-18080}
jar=$(ls target/visitflow-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  mvn -B -q package -DskipTests
  jar=$(ls target/visitflow-*.jar | head -1)
fi
printf '%-4s %-14s %-16s %-18s %-20s\n' run started_in_s healthy_after_s rss_started_mib rss_after_200_req_mib
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s.%N)
  (cd "$dir" && exec java ${JAVA_OPTS:-} -jar "$OLDPWD/$jar" --server.port="$port" >"$dir/app.log" 2>&1) &
  pid=$!
  until curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "the app died:"; tail -20 "$dir/app.log"; exit 1; }
    sleep 0.1
  done
  healthy=$(echo "$(date +%s.%N) - $start" | bc)
  java_pid=$(pgrep -P "$pid" java || echo "$pid")
  started=$(grep -o 'Started VisitflowApplication in [0-9.]*' "$dir/app.log" | awk '{print $4}')
  rss1=$(( $(ps -o rss= -p "$java_pid") / 1024 ))
  for _ in $(seq 1 200); do curl -fs -u rep1:demo "http://localhost:$port/api/visits?size=50" >/dev/null; done
  rss2=$(( $(ps -o rss= -p "$java_pid") / 1024 ))
  printf '%-4s %-14s %-16.2f %-18s %-20s\n' "$run" "$started" "$healthy" "$rss1" "$rss2"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
