#!/usr/bin/env bash
# Run the benchmarks (sets itself up on first use) and write bench-results.json / bench-results.md at the
# repo root. Arguments go to the runner: --quick (minutes, not an hour), --only NAME ..., --reuse NAME ...
set -euo pipefail
source "$(dirname "$0")/setup.sh" test
# the start-up benchmark compares with a Chromium kiosk page when Chromium is there
if [ "$(id -u)" = 0 ] && ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "bench: installing chromium for the start-up comparison" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || echo "bench: could not install chromium; the start-up comparison will be skipped" >&2
fi
export QT_QPA_PLATFORM=offscreen
cd "$KIOSK_ROOT"
exec python -m benchmarks.run_all "$@"
