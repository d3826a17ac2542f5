"""`kiosk run`: the kiosk itself, full-screen, or the out-of-service screen if the config is broken."""

from __future__ import annotations

import argparse
import logging

from kiosk.config.loader import default_config_dir

log = logging.getLogger("kiosk.run")

RESTART = 75  # exit code of the Qt loop meaning "the config is fixed: start again"


def register(sub) -> None:
    p = sub.add_parser("run", help="start the kiosk")
    p.add_argument("--config", metavar="DIR", help="config folder (default: $KIOSK_CONFIG, /etc/kiosk or ./config)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of frameless full screen")
    p.add_argument("--panel", action=argparse.BooleanOptionalAction, default=None,
                   help="with simulated devices: the hardware panel window (default: with --windowed only, "
                        "since a full-screen kiosk would cover it)")
    p.add_argument("--control-port", type=int, default=0,
                   help="with simulated devices: port of their HTTP control API on 127.0.0.1 (0: any free port)")
    p.set_defaults(func=run)


def run(args) -> int:
    from ui.app import show_kiosk_window
    from ui.runtime import KioskRuntime

    directory = args.config or default_config_dir()
    while True:
        panel = args.windowed if args.panel is None else args.panel
        rt = KioskRuntime(directory, panel=panel, control_port=args.control_port)
        rt.on_config_fixed = lambda: rt.app.exit(RESTART)
        show_kiosk_window(rt.window, args.windowed)
        if rt.panel is not None:
            # beside the kiosk window when windowed; a separate window over a full-screen demo kiosk
            rt.panel.move(rt.window.geometry().right() + 10 if args.windowed else 0, 0)
            rt.panel.resize(560, 900)
            rt.panel.show()
        try:
            code = rt.app.exec()
        finally:
            rt.close()
        if code != RESTART:
            return code
        log.info("config fixed: restarting the kiosk")
