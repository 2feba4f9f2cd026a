#!/usr/bin/env bash
# Runs the curl tour from README.md against a fresh demo Parley and checks where it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v jq >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq jq) >/dev/null 2>&1 || { echo "readme-tour: jq is needed"; exit 1; }
fi

data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)
./parley serve --demo --port "$port" --data-dir "$data" > "$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  grep -q "Parley listening on" "$data/serve.log" && break
  sleep 1
done
grep -q "Parley listening on" "$data/serve.log" || { cat "$data/serve.log"; echo "readme-tour: Parley did not start"; exit 1; }

tour=$(sed -n '/<!-- tour:start -->/,/<!-- tour:end -->/p' README.md | sed '1,2d;$d' | sed '$d')
out=$(PARLEY_URL="http://127.0.0.1:$port" PARLEY_DATA_DIR="$data" bash -euo pipefail -c "$tour")
echo "$out"
last=$(echo "$out" | tail -n 1)
if [ "$last" != "closed" ] || ! grep -q "STATUS_ANSWERED" <<<"$out" || ! grep -q "upstream timed out" <<<"$out"; then
  echo "readme-tour: FAILED (expected an answer, the downloaded log, and 'closed' at the end)"
  exit 1
fi
echo "readme-tour: 1 passed, 0 failed"
