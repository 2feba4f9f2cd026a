#!/usr/bin/env bash
# Smoke test of the HTTP benchmark tools: every `parley bench http` scenario (API and desk pages) for a few seconds,
# one round, against a fresh demo store (Parley beside nginx and Prism), then a short
# `parley bench curves`. No thresholds: it checks that the tools work and print their tables.
# Installs wrk and nginx (Debian packages) when missing, and Prism (npm ci in bench/).
# Exits non-zero on any failure.
#
#   bash .ci/bench-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

say() { printf 'bench-smoke: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || fail "${missing[*]} missing (apt-get install -y wrk nginx)"
  say "installing ${missing[*]} (Debian packages)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/tmp/bench-smoke-apt.log 2>&1 \
    || { cat /tmp/bench-smoke-apt.log >&2; fail "apt-get install ${missing[*]}"; }
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
for tool in java npm; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done
if [ ! -x bench/node_modules/.bin/prism ]; then
  say "installing Prism (npm ci in bench/)"
  (cd bench && npm ci --silent --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci in bench/"
fi

# --- scratch space -------------------------------------------------------------------------------------
work="$(mktemp -d /tmp/parley-bench-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT
out="$work/out.txt"

# --- every scenario --------------------------------------------------------------------------------------
say "bench http, every scenario, 1 round of 2 s per target"
./parley bench http --scenario all --data-dir "$work/data" --demo-conversations 100 \
  --duration 2s --warmup 1s --rounds 1 --connections 8 --nginx "$nginx_bin" --results "$work/results" \
  | tee "$out" || fail "parley bench http"

# the contract's API scenarios run beside nginx and Prism; Parley's own operations (the queue) and
# the desk's pages (signed in with the demo users' passwords) beside nginx only, since Prism mocks
# the API's contract and neither is in it
api=(get-conversation list-customer list-staff list-customer-deep list-staff-deep search-customer search-staff create-message mixed)
own=(queue-staff)
pages=(page-customer-list page-conversation page-queue page-staff-conversation)
for scenario in "${api[@]}" "${own[@]}" "${pages[@]}"; do
  grep -q "^scenario $scenario " "$out" || fail "no table for $scenario"
done
all=$(( ${#api[@]} + ${#own[@]} + ${#pages[@]} ))
for target in parley nginx; do
  [ "$(grep -c "^$target " "$out")" = "$all" ] || fail "not $all rows for $target"
done
[ "$(grep -c "^prism " "$out")" = "${#api[@]}" ] || fail "not ${#api[@]} rows for prism"
[ "$(grep -c "^targets (issue #13)" "$out")" = "${#pages[@]}" ] || fail "not ${#pages[@]} page checks"
[ "$(ls "$work"/results/http-*.json | wc -l)" = "$all" ] || fail "not $all JSON result files"
grep -q '^| parley |' "$work/results/http.md" || fail "no markdown table"

# --- curves --------------------------------------------------------------------------------------------
say "bench curves, up to 4 connections, 1 s per point"
./parley bench curves --scenario get-conversation --data-dir "$work/data" --max-connections 4 --size-connections 4 \
  --duration 1s --charts "$work/charts" --results "$work/results" || fail "parley bench curves"
for chart in throughput p99; do
  [ -s "$work/charts/bench-get-conversation-$chart.png" ] || fail "no $chart chart"
done

# --- start time ------------------------------------------------------------------------------------------
say "bench start, one start per case (records the class archive of ./parley serve first)"
./parley bench start --runs 1 >"$work/start.md" || fail "parley bench start"
[ "$(grep -c '^| \(empty data dir\|existing SQLite\) |' "$work/start.md")" = 4 ] || fail "not 4 start-time rows"
[ -s server/target/parley.jsa ] || say "note: no class archive was recorded (see server/target/parley.jsa.log)"

echo "bench-smoke: 1 passed, 0 failed"
