#!/bin/bash
# npm start's first run after install (issue 18, goal ≤ 10 s): from `npm start` on a new data
# directory to the first page served, and the CPU time the start used (npm and node), which the
# machine's load does not inflate. Needs the demo prepared by `npm install` (giaoban demo --snapshot).
#
#   packages/cli/bench/first-start.sh [RUNS]     # from the repository root; PORT (3999) and a scratch ./.bench-data
set -euo pipefail
RUNS=${1:-3}
PORT=${PORT:-3999}
DATA=./.bench-data/first-start
for run in $(seq 1 "$RUNS"); do
  rm -rf "$DATA"
  start=$(date +%s%N)
  GIAOBAN_DATA_DIR=$DATA PORT=$PORT npm start > /tmp/giaoban-first-start.out 2>&1 &
  npm_pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; do
    kill -0 $npm_pid 2>/dev/null || { cat /tmp/giaoban-first-start.out; exit 1; }
    sleep 0.05
  done
  page=$(date +%s%N)
  shell=$(pgrep -P $npm_pid)
  server=$(pgrep -P "$shell")
  ticks=0
  for p in $npm_pid $shell $server; do ticks=$((ticks + $(awk '{print $14 + $15}' /proc/$p/stat))); done
  copied=$(grep -c 'Đã chép dữ liệu mẫu dựng sẵn' /tmp/giaoban-first-start.out || true)
  echo "run $run: page served after $(( (page - start) / 1000000 )) ms, CPU $(( ticks * 1000 / $(getconf CLK_TCK) )) ms, snapshot used: $([ "$copied" = 1 ] && echo yes || echo no), load $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -INT "$server"
  wait $npm_pid 2>/dev/null || true
done
rm -rf "$DATA"
