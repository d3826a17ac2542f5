#!/usr/bin/env bash
# Run the test suite (sets itself up on first use). Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/setup.sh" test
export QT_QPA_PLATFORM=offscreen
cd "$KIOSK_ROOT"
exec python -m pytest "$@"
