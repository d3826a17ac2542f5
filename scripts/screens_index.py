"""Write docs/screens.md: every screen `kiosk tour` photographed, one row a screen, one column a variant."""

import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCREENS = os.path.join(ROOT, "docs", "img", "screens")
VARIANTS = [("portrait-zh-elder", "长辈模式 · 竖屏<br>Elder mode, portrait"),
            ("landscape-zh-elder", "长辈模式 · 横屏<br>Elder mode, landscape"),
            ("portrait-en", "English, portrait"),
            ("landscape-en", "English, landscape"),
            ("portrait-zh", "标准 · 竖屏<br>Standard, portrait")]
SCENES = {
    "credit": "Credit report, start to finish", "property": "Property records and one property's details",
    "no_property": "No property: the certificate", "expired_card": "An expired ID card",
    "card_lifted": "The ID card lifted during the read", "slow_backend": "A slow back end",
    "backend_down": "The back end failing", "no_paper": "Out of paper at print time",
    "gas": "Gas top-up with the keypad", "gas_refused": "A gas card with gas still waiting for the meter",
    "gas_gateway_down": "The payment gateway down", "gas_card_pulled": "The gas card pulled during the write",
    "countdown": "The idle countdown", "info": "Information tiles",
}


def main() -> int:
    rows: dict[str, dict[str, str]] = {}
    order: list[str] = []
    for variant, _title in VARIANTS:
        folder = os.path.join(SCREENS, variant)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            m = re.fullmatch(r"\d+-(.+)\.png", name)
            if not m:
                continue
            key = m[1]
            if key == "receipt":
                continue  # the paper is the same in every variant: docs/img/demo has it
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][variant] = f"img/screens/{variant}/{name}"
    out = ["# Every screen", "",
           "What a resident can meet at the terminal, the happy paths and the faults, photographed by",
           "`kiosk tour` on simulated hardware (`bash scripts/docs-screens.sh` makes them again). The same tour",
           "with `--check-all` is a test: no text cut off, no touch target under 80 px and no text under 24 px",
           "on any of these screens, in either orientation, language or mode. Click a picture for full size.", ""]
    scene = None
    header = "| screen | " + " | ".join(title for _v, title in VARIANTS) + " |"
    for key in order:
        this_scene = next((s for s in SCENES if key.startswith(s + "-")), key.split("-")[0])
        if this_scene != scene:
            scene = this_scene
            title = SCENES.get(scene) or (f"Information tile '{scene[5:]}'" if scene.startswith("tile_") else scene)
            out += ["", f"## {title}", "", header, "|---" * (len(VARIANTS) + 1) + "|"]
        step = key[len(scene) + 1:] if key.startswith(scene + "-") else key
        cells = []
        for variant, _title in VARIANTS:
            path = rows[key].get(variant)
            cells.append(f'<a href="{path}"><img src="{path}" width="160"></a>' if path else "—")
        out.append(f"| `{step}` | " + " | ".join(cells) + " |")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
