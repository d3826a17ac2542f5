"""`kiosk preview`: render one screen offscreen to a PNG, so staff see a menu change before it goes live."""

from __future__ import annotations

import os
import sys
from datetime import datetime

from kiosk.commands.screen_size import screen_size
from kiosk.config.loader import check_config, default_config_dir
from kiosk.config.schema import did_you_mean


def register(sub) -> None:
    p = sub.add_parser("preview", help="render a screen to a PNG file (offscreen)")
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--screen", required=True,
                   help="attract, home, countdown, out_of_service, a flow (credit_report, property_lookup, "
                        "gas_topup, info) or tile:ID")
    p.add_argument("--size", type=screen_size, default="1080x1920",
                   help="WIDTHxHEIGHT (default 1080x1920; landscape 1920x1080)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--elder", action="store_true", help="elder mode (larger text and buttons)")
    p.add_argument("--time", help="pretend it is this time, 'YYYY-MM-DD HH:MM' (to check opening hours)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.png")
    p.set_defaults(func=preview)


def preview(args) -> int:
    size = args.size
    clock = None
    if args.time:
        from kiosk.clock import FakeClock
        try:
            clock = FakeClock(datetime.strptime(args.time, "%Y-%m-%d %H:%M"))
        except ValueError:
            print(f"--time must look like '2026-11-28 23:30', not {args.time!r}", file=sys.stderr)
            return 2
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui import preview as pv

    directory = args.config or default_config_dir()
    cfg, problems = check_config(directory)
    if problems and args.screen != "out_of_service":
        for p in problems:
            print(p, file=sys.stderr)
        print("the config has problems; render --screen out_of_service to see what the kiosk shows", file=sys.stderr)
        return 1
    if cfg is not None and args.screen not in pv.screen_names(cfg):
        print(f"unknown screen '{args.screen}'{did_you_mean(args.screen, pv.screen_names(cfg))}; "
              f"screens: {', '.join(pv.screen_names(cfg))}", file=sys.stderr)
        return 2
    try:
        out = pv.render(cfg, args.screen, args.output, size=size, lang=args.lang, elder=args.elder, clock=clock,
                        problems=problems)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    print(out)
    return 0
