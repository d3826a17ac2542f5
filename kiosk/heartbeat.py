"""Always on: the heartbeat file `kiosk status` reads, and systemd's notify protocol (READY, WATCHDOG).

The heartbeat is written from the Qt event loop, so a frozen UI stops it: systemd's watchdog then
restarts the kiosk, and a stale status.json tells remote monitoring the same.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import tempfile
import time

log = logging.getLogger("kiosk.heartbeat")

STATUS_FILE = "status.json"


def sd_notify(message: str) -> bool:
    """Send ``message`` (e.g. "READY=1", "WATCHDOG=1") to systemd if it asked for notifications."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError as exc:
        log.warning("could not notify systemd: %s", exc)
        return False


def watchdog_interval_ms(default_ms: int = 10_000) -> int:
    """How often to send WATCHDOG=1: ``default_ms``, or a third of WATCHDOG_USEC if the supervisor asks for less."""
    try:
        usec = int(os.environ.get("WATCHDOG_USEC", ""))
    except ValueError:
        return default_ms
    return max(100, min(default_ms, usec // 3000)) if usec > 0 else default_ms


def write_status(data_dir: str, status: dict) -> str:
    """Write ``status`` to DATA_DIR/status.json atomically (a reader never sees half a file)."""
    path = os.path.join(data_dir, STATUS_FILE)
    fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".status-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(status, fh, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
    return path


def read_status(data_dir: str) -> dict | None:
    try:
        with open(os.path.join(data_dir, STATUS_FILE), encoding="utf-8") as fh:
            return json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def status_problems(status: dict | None, *, now: float | None = None, stale_after_s: float = 60) -> list[str]:
    """What a monitor should worry about in ``status`` (empty: all well)."""
    if status is None:
        return ["no status file: the kiosk has not run here"]
    now = time.time() if now is None else now
    problems = []
    age = now - status.get("written_at", 0)
    if age > stale_after_s:
        problems.append(f"status is {int(age)} s old: the kiosk is not running or is frozen")
    for name, state in (status.get("devices") or {}).items():
        if state.get("state") != "online":
            problems.append(f"{name}: {state.get('state')}" + (f" ({state['error']})" if state.get("error") else ""))
    if status.get("pending_topups"):
        problems.append(f"{status['pending_topups']} unfinished gas top-up(s)")
    return problems
