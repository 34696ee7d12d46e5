#!/bin/sh
# run_python_sync.sh — the python3-jira sync peer end to end: starts two embedded trackers (blue
# and green) on free ports with throw-away stores, runs `python_sync.py bench` for N issues and
# stops the trackers. Prints python_sync.py's JSON line.
#
# Usage: bench/peers/run_python_sync.sh PATH/TO/twinsync [N=300] [extra python_sync.py flags]
set -eu
if [ $# -lt 1 ]; then
  echo "usage: $0 PATH/TO/twinsync [N] [python_sync.py flags...]" >&2
  exit 2
fi
twinsync=$1
n=${2:-300}
[ $# -ge 2 ] && shift 2 || shift 1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/python_sync.XXXXXX")
token=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do  # SIGTERM lets requests in flight finish; give each a few seconds
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# start NAME PROJECT: a tracker on a free port; sets $url
start() {
  : >"$work/$1.out"
  "$twinsync" tracker --listen 127.0.0.1:0 --db "$work/$1.db" --seed none --project "$2" \
    --admin-token "$token" >"$work/$1.out" 2>"$work/$1.err" &
  pids="$pids $!"
  url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^twinsync tracker: serving \(http[^ ]*\).*/\1/p' "$work/$1.out" || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "the $1 tracker did not start:" >&2
  cat "$work/$1.err" >&2
  exit 1
}
start blue BLUE;  blue=$url
start green GREEN; green=$url

TWINSYNC_TRACKER_PIDS="$pids" /usr/bin/python3 "$here/python_sync.py" bench --blue "$blue" --green "$green" --token "$token" \
  --blue-project BLUE --green-project GREEN --issues "$n" "$@"
