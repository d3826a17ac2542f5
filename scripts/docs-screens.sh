#!/usr/bin/env bash
# Regenerate the screenshots in docs/img from the shipped config (offscreen).
set -euo pipefail
source "$(dirname "$0")/setup.sh" test
cd "$KIOSK_ROOT"
out=docs/img
mkdir -p "$out"
shot() { kiosk preview --config config "$@" >/dev/null; }
shot --screen attract -o $out/attract-portrait.png
shot --screen home -o $out/home-portrait-zh.png
shot --screen home --size 1920x1080 -o $out/home-landscape-zh.png
shot --screen home --lang en -o $out/home-portrait-en.png
shot --screen home --size 1920x1080 --lang en -o $out/home-landscape-en.png
shot --screen home --elder -o $out/home-portrait-zh-elder.png
shot --screen home --size 1920x1080 --elder -o $out/home-landscape-zh-elder.png
shot --screen home --time "2026-11-28 23:30" -o $out/home-portrait-zh-night.png
shot --screen tile:hours -o $out/info-portrait-zh.png
shot --screen countdown -o $out/countdown-portrait-zh.png
shot --screen gas_topup --size 1920x1080 --lang en -o $out/unavailable-landscape-en.png
shot --screen out_of_service --size 1920x1080 -o $out/out-of-service-landscape.png
echo "screenshots written to $out"
# every screen of each service, played by `kiosk demo` on simulated hardware with fresh cards and ledgers
rm -rf docs/img/demo
scratch=$(mktemp -d)
cp -r config "$scratch/config"
sed -i "s|^data_dir: .*|data_dir: $scratch/var|" "$scratch/config/kiosk.yaml"
kiosk() { command kiosk "$@" --config "$scratch/config"; }
kiosk demo --flow credit_report --out docs/img/demo/credit-portrait-zh >/dev/null 2>&1
kiosk demo --flow credit_report --size 1920x1080 --lang en --out docs/img/demo/credit-landscape-en >/dev/null 2>&1
kiosk demo --flow property_lookup --out docs/img/demo/property-portrait-zh >/dev/null 2>&1
kiosk demo --flow property_lookup --size 1920x1080 --lang en --out docs/img/demo/property-landscape-en >/dev/null 2>&1
kiosk demo --flow property_lookup --card zhang_zihan --out docs/img/demo/no-property-portrait-zh >/dev/null 2>&1
kiosk demo --flow gas_topup --time "2026-11-28 10:00" --out docs/img/demo/gas-portrait-zh >/dev/null 2>&1
kiosk demo --flow gas_topup --time "2026-11-28 10:00" --size 1920x1080 --lang en --out docs/img/demo/gas-landscape-en >/dev/null 2>&1
# the gas screens off the happy path (these demos end early on purpose)
kiosk demo --flow gas_topup --time "2026-11-28 10:00" --amount keypad:88 --out docs/img/demo/gas-keypad-zh >/dev/null 2>&1 || true
kiosk demo --flow gas_topup --time "2026-11-28 10:00" --card waiting --out docs/img/demo/gas-refused-zh >/dev/null 2>&1 || true
kiosk demo --flow gas_topup --time "2026-11-28 10:00" --card fresh --pull-card --out docs/img/demo/gas-pulled-zh >/dev/null 2>&1 || true
# keep only the screens these runs add to the happy path's
find docs/img/demo/gas-keypad-zh -type f ! -name '*keypad*' -delete
find docs/img/demo/gas-refused-zh -type f ! -name '*refused*' -delete
find docs/img/demo/gas-pulled-zh -type f ! -name '*write_failed*' -delete
kiosk demo --flow maintenance --out docs/img/demo/maintenance-portrait >/dev/null 2>&1
kiosk demo --flow maintenance --size 1920x1080 --out docs/img/demo/maintenance-landscape >/dev/null 2>&1
# every screen (happy paths and faults) in elder mode and in English, portrait and landscape: docs/screens.md
rm -rf docs/img/screens
for variant in "portrait-zh-elder 1080x1920 zh --elder" "landscape-zh-elder 1920x1080 zh --elder" \
               "portrait-en 1080x1920 en" "landscape-en 1920x1080 en" "portrait-zh 1080x1920 zh"; do
  set -- $variant
  name=$1 size=$2 lang=$3; shift 3
  rm -rf "$scratch/var"  # fresh cards and ledgers for each tour
  kiosk tour --size "$size" --lang "$lang" "$@" --out "docs/img/screens/$name" >/dev/null 2>&1
done
unset -f kiosk
rm -rf "$scratch"
find docs/img/screens -name "*-receipt.png" -delete  # the paper: see docs/img/demo
python scripts/screens_index.py > docs/screens.md
echo "demo screenshots written to docs/img/demo, every screen to docs/img/screens (docs/screens.md)"
# 256-colour palettes are plenty for flat UI colours and keep the repository small
python - <<'PY'
import glob
from PIL import Image
for f in glob.glob("docs/img/**/*.png", recursive=True):
    im = Image.open(f)
    if im.mode in ("RGB", "RGBA") and "receipt" not in f:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(f, optimize=True)
PY
