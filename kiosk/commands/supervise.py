"""`kiosk supervise`: keep the kiosk running without systemd (restart on exit, crash or a silent watchdog)."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys

from kiosk.logs import FORMAT, setup_logging


def register(sub) -> None:
    p = sub.add_parser("supervise", help="run a command (default: kiosk run) and restart it like systemd would",
                       description="A systemd-compatible supervisor for terminals without systemd: the command gets "
                                   "NOTIFY_SOCKET and WATCHDOG_USEC, is restarted RESTART_SEC after it exits or "
                                   "crashes, and is killed (SIGABRT, then SIGKILL) and restarted when its "
                                   "WATCHDOG=1 notices stop for WATCHDOG_SEC. SIGTERM stops the command and "
                                   "the supervisor. Example: kiosk supervise -- kiosk run --config /etc/kiosk")
    p.add_argument("--restart-sec", type=float, default=2.0, metavar="S",
                   help="wait this long before a restart (RestartSec; default 2)")
    p.add_argument("--watchdog-sec", type=float, default=30.0, metavar="S",
                   help="restart when no WATCHDOG=1 arrives for this long (WatchdogSec; 0: off; default 30)")
    p.add_argument("--start-sec", type=float, default=60.0, metavar="S",
                   help="restart when no READY=1 arrives this long after a start (TimeoutStartSec; 0: off; "
                        "default 60)")
    p.add_argument("--stop-sec", type=float, default=10.0, metavar="S",
                   help="after SIGTERM or SIGABRT, wait this long before SIGKILL (default 10)")
    p.add_argument("--type", choices=("notify", "simple"), default="notify",
                   help="notify (default): the command is up once it sends READY=1, and its watchdog is armed "
                        "then; simple: up at once (for a command that does not speak the protocol: "
                        "add --watchdog-sec 0)")
    p.add_argument("--log", metavar="FILE", help="also log starts, exits and restarts to this file (rotated)")
    p.add_argument("cmd", nargs=argparse.REMAINDER, metavar="-- COMMAND",
                   help="the command to keep running (default: this Python's `kiosk run`)")
    p.set_defaults(func=run)


def run(args) -> int:
    from kiosk.supervisor import Supervisor

    command = list(args.cmd)
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        command = [sys.executable, "-m", "kiosk", "run"]
    setup_logging(None)
    if args.log:
        fh = logging.handlers.RotatingFileHandler(args.log, maxBytes=1024 * 1024, backupCount=3, encoding="utf-8")
        fh.setFormatter(logging.Formatter(FORMAT))
        logging.getLogger("kiosk.supervisor").addHandler(fh)
    sup = Supervisor(command, restart_sec=args.restart_sec, watchdog_sec=args.watchdog_sec,
                     start_sec=args.start_sec, stop_sec=args.stop_sec, notify=args.type == "notify")
    return sup.run()
