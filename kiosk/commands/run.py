"""`kiosk run`: the kiosk itself, full-screen, or the out-of-service screen if the config is broken."""

from __future__ import annotations

import logging

from kiosk.config.loader import check_config, default_config_dir
from kiosk.logs import setup_logging

log = logging.getLogger("kiosk.run")

RESTART = 75  # exit code of the Qt loop meaning "the config is fixed: start again"


def register(sub) -> None:
    p = sub.add_parser("run", help="start the kiosk")
    p.add_argument("--config", metavar="DIR", help="config folder (default: $KIOSK_CONFIG, /etc/kiosk or ./config)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of frameless full screen")
    p.set_defaults(func=run)


def run(args) -> int:
    directory = args.config or default_config_dir()
    while True:
        code = _run_once(directory, args.windowed)
        if code != RESTART:
            return code
        log.info("config fixed: restarting the kiosk")


def _run_once(directory: str, windowed: bool) -> int:
    from ui.app import ensure_app, out_of_service_window, show_kiosk_window

    cfg, problems = check_config(directory)
    app = ensure_app()
    if problems:
        setup_logging(None)
        for p in problems:
            log.error("config problem: %s", p)
        return _out_of_service(app, directory, problems, windowed)

    from kiosk.clock import SystemClock
    from kiosk.storage.audit import AuditLog
    from kiosk.storage.db import open_database
    from ui.window import KioskWindow

    path = setup_logging(cfg.data_dir, cfg.kiosk.log_level)
    log.info("kiosk %s starting with config %s (log %s)", cfg.kiosk.terminal_id, directory, path)
    engine, sessions = open_database(cfg.database_url)
    audit = AuditLog(sessions, cfg.kiosk.terminal_id)
    audit.event("kiosk_started", config=directory)
    window = KioskWindow(cfg, SystemClock(), audit)
    show_kiosk_window(window, windowed)
    try:
        return app.exec()
    finally:
        window.shutdown()
        audit.event("kiosk_stopped")
        audit.close()
        engine.dispose()


def _out_of_service(app, directory, problems, windowed) -> int:
    """Show what is wrong until the files are fixed, then start again."""
    from ui.app import out_of_service_window, show_kiosk_window
    from ui.config_watcher import ConfigWatcher
    from kiosk.config.loader import FILES

    window = out_of_service_window(problems)
    show_kiosk_window(window, windowed)
    watcher = ConfigWatcher(directory, files=tuple(FILES), parent=window)

    def recheck():
        cfg, again = check_config(directory)
        if not again:
            app.exit(RESTART)
        else:
            for p in again:
                log.error("config problem: %s", p)
            window.problems.setText("\n".join(str(p) for p in again[:12]))
    watcher.changed.connect(recheck)
    code = app.exec()
    window.close()
    return code
