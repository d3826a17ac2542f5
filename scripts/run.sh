#!/usr/bin/env bash
# Start the kiosk with the default config and simulated hardware (sets itself up on first use).
# Extra arguments go to `kiosk run`, e.g. --windowed or --config DIR.
set -euo pipefail
source "$(dirname "$0")/setup.sh" run
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null 2>&1; then
    echo "run: no display; starting the kiosk on a virtual 1080x1920 screen (Xvfb)" >&2
    exec xvfb-run -a -s "-screen 0 ${KIOSK_SCREEN:-1080x1920}x24" kiosk run "$@"
  fi
  echo "run: no display (DISPLAY is unset) and no xvfb-run; see README" >&2
  exit 1
fi
exec kiosk run "$@"
