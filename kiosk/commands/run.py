"""`kiosk run`: the kiosk itself, full-screen, or the out-of-service screen if the config is broken."""

from __future__ import annotations

import argparse
import gc
import logging
import os

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
    p.add_argument("--start-screen", choices=("attract", "home"), default="attract",
                   help="the first screen: attract (default), or home with a session already started "
                        "(start-up benchmarks measure to the home screen)")
    p.add_argument("--report-ready", metavar="FILE", default=os.environ.get("KIOSK_REPORT_READY") or None,
                   help="write FILE (JSON, time.time()) once the first screen is painted and touchable, "
                        "again when everything is started (default: $KIOSK_REPORT_READY)")
    p.set_defaults(func=run)


def run(args) -> int:
    # No cyclic collection while start-up imports and builds: its ~200,000 objects live as long as the process,
    # and Python would scan them again and again (~90 collections, ~20 ms before the first screen). The Qt app
    # then keeps collection on the GUI thread (ui.app.GuiThreadGarbageCollector), and once everything is
    # started one full collection runs before they are frozen (ui.app.freeze_startup_objects).
    gc.disable()
    from kiosk.config.loader import default_config_dir
    from ui.app import show_kiosk_window
    from ui.runtime import KioskRuntime

    directory = args.config or default_config_dir()
    while True:
        panel = args.windowed if args.panel is None else args.panel
        # only the window now; database, devices, simulators and services right after its first paint
        rt = KioskRuntime(directory, panel=panel, control_port=args.control_port, defer_start=True)
        rt.on_config_fixed = lambda: rt.app.exit(RESTART)
        if getattr(args, "start_screen", "attract") == "home" and not rt.out_of_service:
            rt.window.start_session()
        _after_first_paint(rt, args, getattr(args, "report_ready", None))
        show_kiosk_window(rt.window, args.windowed)
        from ui.stop_signals import StopOnSignals
        stop = StopOnSignals(rt.app)  # systemctl stop: close devices, audit and database properly
        try:
            code = rt.app.exec()
        finally:
            stop.close()
            rt.close()
        if code != RESTART:
            return code
        log.info("config fixed: restarting the kiosk")


def _after_first_paint(rt, args, report_path) -> None:
    """Once the first screen is painted: report it, start the rest of the kiosk, report that too."""
    from ui.ready_report import FirstPaint, ReadyReport

    report = ReadyReport(report_path) if report_path else None

    def painted():
        if report is not None:
            report.painted(rt.window.current_screen.name if not rt.out_of_service else "out_of_service")
        rt.start_up()
        _show_panel(rt, args)
        from ui.app import freeze_startup_objects
        freeze_startup_objects()
        if report is not None:
            from PySide6.QtCore import QTimer
            QTimer.singleShot(0, report.started)  # after the events queued during start-up

    rt._first_paint = FirstPaint(rt.window, painted)


def _show_panel(rt, args) -> None:
    if rt.panel is not None:
        # beside the kiosk window when windowed; a separate window over a full-screen demo kiosk
        rt.panel.move(rt.window.geometry().right() + 10 if args.windowed else 0, 0)
        rt.panel.resize(560, 900)
        rt.panel.show()
