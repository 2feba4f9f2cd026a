#!/usr/bin/env bash
# The systemd unit (packaging/parley.service): docs/OPERATIONS.md shows it verbatim (the ```ini block
# after the line `<!-- packaging/parley.service -->`), and `systemd-analyze verify` finds nothing to
# say about it (an unknown key or a bad value is only a warning there, so any output fails). Installs
# Debian's systemd when systemd-analyze is missing; says so and checks only the text when it cannot.
#
#   bash .ci/systemd-unit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
unit=packaging/parley.service
say() { printf 'systemd-unit: %s\n' "$*" >&2; }

shown="$(awk '/<!-- packaging\/parley.service -->/ {found=1; next}
              found && /^```ini$/ {inside=1; next}
              inside && /^```$/ {exit}
              inside {print}' docs/OPERATIONS.md)"
if [ "$shown" != "$(cat "$unit")" ]; then
  say "FAILED: docs/OPERATIONS.md does not show $unit verbatim:"
  diff <(printf '%s\n' "$shown") "$unit" >&2 || true
  exit 1
fi
say "docs/OPERATIONS.md shows $unit verbatim"

if ! command -v systemd-analyze >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "installing systemd for systemd-analyze"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd) \
    >/tmp/parley-systemd-apt.log 2>&1 || say "could not install systemd (see /tmp/parley-systemd-apt.log)"
fi
if ! command -v systemd-analyze >/dev/null; then
  say "systemd-analyze is not available here: only the text was checked"
  exit 0
fi
out="$(systemd-analyze verify "$unit" 2>&1)" || { printf '%s\n' "$out" >&2; say "FAILED: systemd-analyze verify"; exit 1; }
if [ -n "$out" ]; then
  printf '%s\n' "$out" >&2
  say "FAILED: systemd-analyze verify has warnings"
  exit 1
fi
say "systemd-analyze verify $unit: no findings"
