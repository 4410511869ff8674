#!/usr/bin/env bash
# Dashboard query times at size: generates reps, companies, N visits over two years (default 1,000,000),
# plans and 300,000 sales, then prints p50/p95/max per dashboard table for a month and for two years.
# Usage: bench/dashboards.sh [visits] [h2|postgres]
#   h2 (default) uses a file database under target/bench/ (deleted first); postgres starts an embedded
#   PostgreSQL, which refuses to run as root: as root the run goes through an unprivileged user, as .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/.."
visits=${1:-1000000}
db=${2:-h2}
rm -rf target/bench
out=$(mktemp)
command=(mvn -B -q -o test -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.visits="$visits"
  -Dbench.db="$db" -DargLine=-Xmx2g)
if [ "$db" = postgres ] && [ "$(id -u)" = 0 ]; then
  user=visitflow-ci
  home=/home/$user
  id "$user" >/dev/null 2>&1 || useradd --create-home --home-dir "$home" --shell /bin/bash "$user"
  mkdir -p "$home/.m2/repository" target
  # link in what root's repository has and the user's lacks (new dependencies included)
  cp -aln "$HOME/.m2/repository/." "$home/.m2/repository/" 2>/dev/null || cp -an "$HOME/.m2/repository/." "$home/.m2/repository/"
  chown -R "$user" "$home/.m2" target
  command=(runuser -u "$user" -- env HOME="$home" PATH="$PATH" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} "${command[@]}")
fi
if "${command[@]}" >"$out" 2>&1; then
  sed -n '/DASHBOARD BENCHMARK/,/END OF DASHBOARD BENCHMARK/p' "$out"
else
  grep -E "ERROR|Caused|DASHBOARD" "$out" | head -30
  exit 1
fi
