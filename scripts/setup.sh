#!/usr/bin/env bash
# Set-up shared by run.sh and test.sh: system libraries (as root), a virtual environment, the package.
# Usage: source scripts/setup.sh run|test     Idempotent: a second run only checks.
set -euo pipefail
KIOSK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-test}"
VENV="${KIOSK_VENV:-$KIOSK_ROOT/.venv}"

# Qt needs these shared libraries; running on a display (X11, Xvfb) needs the xcb ones too.
# fonts-hanazono: the printer draws rare name characters (CJK Ext. B, e.g. 𠮷) that no GB18030 printer font has
SYS_PKGS="libegl1 libgl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-hanazono"
if [ "$MODE" = run ]; then
  SYS_PKGS="$SYS_PKGS libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 xvfb xauth"
fi
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $SYS_PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages:$missing" >&2
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: not root; if Qt fails to start, ask an administrator to run: apt-get install$missing" >&2
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  PY="${PYTHON:-}"
  if [ -z "$PY" ]; then
    for c in python3.12 python3.11 python3.10 python3; do
      if "$c" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; then PY="$c"; break; fi
    done
  fi
  [ -n "$PY" ] || { echo "setup: Python 3.10 or newer is needed" >&2; exit 1; }
  echo "setup: creating virtual environment in $VENV" >&2
  "$PY" -m venv "$VENV"
fi
STAMP="$VENV/.kiosk-installed"
if [ ! -f "$STAMP" ] || [ "$KIOSK_ROOT/setup.cfg" -nt "$STAMP" ] || [ "$KIOSK_ROOT/pyproject.toml" -nt "$STAMP" ]; then
  echo "setup: installing the kiosk package and its dependencies" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$KIOSK_ROOT[test]"
  touch "$STAMP"
fi
export ESCPOS_CAPABILITIES_PICKLE_DIR="${ESCPOS_CAPABILITIES_PICKLE_DIR:-$VENV/escpos-caps}"
export PATH="$VENV/bin:$PATH"
