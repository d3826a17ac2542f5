"""`systemctl stop` sends SIGTERM: the kiosk leaves its event loop, closes devices and database, and says so."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _started(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return "started_at" in json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return False


def test_sigterm_closes_the_kiosk_cleanly_and_audits_the_stop(config_dir, tmp_path):
    ready = tmp_path / "ready.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=ROOT)
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "KIOSK_CRASH_AT", "KIOSK_REPORT_READY"):
        env.pop(name, None)
    with open(tmp_path / "kiosk.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config_dir), "--windowed",
                                 "--no-panel", "--report-ready", str(ready)],
                                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        end = time.monotonic() + 60
        while not _started(ready):
            assert proc.poll() is None, (tmp_path / "kiosk.log").read_text()[-3000:]
            assert time.monotonic() < end, "the kiosk did not start"
            threading.Event().wait(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = (tmp_path / "kiosk.log").read_text(encoding="utf-8", errors="replace")
    assert "SIGTERM received: closing the kiosk" in output
    with sqlite3.connect(tmp_path / "var" / "kiosk.db") as db:
        kinds = [k for (k,) in db.execute("SELECT kind FROM audit_events ORDER BY id")]
    assert kinds[-1] == "kiosk_stopped"
