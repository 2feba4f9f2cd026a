#!/usr/bin/env bash
# Runs the conformance scenarios (mittwald's official JavaScript SDK) against a fresh Parley.
#
#   bash conformance/run.sh [extra node --test arguments, e.g. a test file]
#
# Installs the SDK (npm ci) if needed, starts `./parley serve --demo` on a free port with a
# temporary data directory, runs `node --test`, stops the server and exits with the test
# runner's exit code.
#   PARLEY_START_TIMEOUT  seconds to wait for the server (default 120; the first start builds)
#   PARLEY_KEEP_DATA=1    keep the temporary data directory and server log
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"

if ! command -v node >/dev/null 2>&1; then
  echo "conformance: node (>= 20) is required" >&2
  exit 2
fi

if [ ! -d "$HERE/node_modules" ]; then
  (cd "$HERE" && npm ci --silent --no-audit --no-fund --loglevel=error >/dev/null)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-conformance.XXXXXX")"
DATA="$WORK/data"
LOG="$WORK/server.log"
mkdir -p "$DATA"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # the server runs in its own process group (setsid): stop the launcher and the JVM
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${PARLEY_KEEP_DATA:-}" = "1" ]; then
    echo "conformance: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
URL="http://127.0.0.1:$PORT"

setsid ./parley serve --demo --port "$PORT" --data-dir "$DATA" >"$LOG" 2>&1 &
SERVER_PID=$!

TIMEOUT="${PARLEY_START_TIMEOUT:-120}"
deadline=$(( $(date +%s) + TIMEOUT ))
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/v2/conversation-categories" 2>/dev/null || true)" = "200" ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "conformance: the server exited before answering; its log:" >&2
    tail -n 60 "$LOG" >&2 || true
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "conformance: the server did not answer GET /v2/conversation-categories within ${TIMEOUT}s; its log:" >&2
    tail -n 60 "$LOG" >&2 || true
    exit 1
  fi
  sleep 0.5
done

for _ in $(seq 1 20); do
  [ -s "$DATA/demo-credentials.json" ] && break
  sleep 0.5
done

if [ "$#" -gt 0 ]; then
  TESTS=("$@")
else
  TESTS=("$HERE"/*.test.mjs)
fi

set +e
PARLEY_URL="$URL" PARLEY_DATA_DIR="$DATA" PARLEY_COVERAGE_DIR="$WORK/coverage" \
  node --test --test-reporter=spec --test-concurrency=1 --test-timeout=60000 "${TESTS[@]}"
rc=$?
set -e

if [ "$rc" -ne 0 ]; then
  echo "conformance: last lines of the server log:" >&2
  tail -n 30 "$LOG" >&2 || true
fi
exit "$rc"
