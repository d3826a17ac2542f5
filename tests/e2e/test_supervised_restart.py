"""Always on without systemd: `kiosk supervise` brings a killed kiosk back to the attract screen, restarts a
child whose watchdog falls silent, and takes everything down on SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def wait_for(predicate, timeout: float, what: str):
    """Poll ``predicate`` until it returns something truthy (returned), or fail naming ``what``."""
    import time
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        threading.Event().wait(0.05)


def read_json(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def alive(pid: int) -> bool:
    """Running (a zombie nobody has reaped yet counts as gone: an orphan's reaper may be slow in a container)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def supervise(tmp_path, options, command):
    log = open(tmp_path / "supervise.log", "w", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=ROOT)
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "KIOSK_CRASH_AT", "KIOSK_REPORT_READY"):
        env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "supervise", *options, "--", *command],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return proc


def log_text(tmp_path) -> str:
    return (tmp_path / "supervise.log").read_text(encoding="utf-8", errors="replace")


def stop(proc) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def unfinished_topup(config_dir) -> int:
    from decimal import Decimal
    from kiosk.config import load_config
    from kiosk.gas.journal import Journal
    from kiosk.storage.db import open_database
    cfg = load_config(str(config_dir))
    engine, sessions = open_database(cfg.database_url)
    try:
        journal = Journal(sessions, terminal_id=cfg.kiosk.terminal_id, key=bytes.fromhex(cfg.kiosk.audit_key))
        return journal.create(card_number="4212000012345678", card_masked="4212********5678",
                              amount_yuan=Decimal("30.00"), count_before=1).id
    finally:
        engine.dispose()


def test_a_killed_kiosk_comes_back_at_the_attract_screen_after_recovery(config_dir, tmp_path):
    status_file = tmp_path / "var" / "status.json"
    proc = supervise(tmp_path, ["--restart-sec", "0.2", "--watchdog-sec", "30", "--stop-sec", "5"],
                     [sys.executable, "-m", "kiosk", "run", "--config", str(config_dir), "--windowed", "--no-panel"])
    try:
        first = wait_for(lambda: (s := read_json(status_file)) and s.get("screen") == "attract"
                         and s.get("recovery") and s, 30, "the kiosk at the attract screen")
        old = first["pid"]
        assert old != proc.pid and alive(old)
        wait_for(lambda: f"pid {old} is ready" in log_text(tmp_path), 10, "READY=1 from the kiosk")
        killed_at = first["recovery"]["at"]
        topup = unfinished_topup(config_dir)  # as if the kiosk died just before showing a QR code

        os.kill(old, signal.SIGKILL)  # a crash, or a power-cut-like death of the process alone

        back = wait_for(lambda: (s := read_json(status_file)) and s["pid"] != old and s.get("screen") == "attract"
                        and s.get("recovery") and s["recovery"]["at"] > killed_at and s,
                        30, "a new kiosk process at the attract screen with recovery run")
        new = back["pid"]
        assert alive(new) and not alive(old)
        assert back["recovery"]["found"] == 1 and back["recovery"]["resolved"] == [[topup, "closed"]]
        assert back["recovery"]["error"] is None
        wait_for(lambda: f"pid {new} is ready" in log_text(tmp_path), 10, "READY=1 from the new kiosk")
        text = log_text(tmp_path)
        assert f"pid {old} killed by SIGKILL; restarting in 0.2 s" in text
        assert f"started pid {new}" in text
    finally:
        code = stop(proc)
    assert code == 0, log_text(tmp_path)[-3000:]
    assert not alive(new)
    # the kiosk handles SIGTERM (devices and database closed) and exits 0
    assert f"pid {new} stopped: exited with code 0; supervisor exits" in log_text(tmp_path)


CHILD = """
import os, signal, subprocess, sys, threading
sys.path.insert(0, {root!r})
from kiosk.heartbeat import sd_notify
mode = {mode!r}
helper = None
if mode == "helper_pets":  # another process of the service pets the watchdog: not the main one, so not heard
    helper = subprocess.Popen([sys.executable, "-c", "import sys, threading; sys.path.insert(0, {root!r}); "
                               "from kiosk.heartbeat import sd_notify\\n"
                               "while True:\\n    sd_notify('WATCHDOG=1'); threading.Event().wait(0.1)"])
with open({record!r}, "a") as fh:
    fh.write(f"{{os.getpid()}} {{os.environ.get('WATCHDOG_USEC')}} {{helper.pid if helper else 0}}\\n")
if mode == "ignores_abort":
    signal.signal(signal.SIGABRT, signal.SIG_IGN)
if mode != "never_ready":
    sd_notify("READY=1")
for _ in range(3):
    sd_notify("WATCHDOG=1")
    threading.Event().wait(0.1)
threading.Event().wait(120)  # frozen: no more watchdog notices
"""


def run_silent_child(tmp_path, mode: str):
    """Supervise a child that falls silent until it was started twice; its two pids (and helpers) and the log."""
    record = tmp_path / "starts.txt"
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=ROOT, record=str(record), mode=mode), encoding="utf-8")
    proc = supervise(tmp_path, ["--restart-sec", "0.1", "--watchdog-sec", "1", "--start-sec", "1",
                                "--stop-sec", "0.5"], [sys.executable, str(script)])
    try:
        starts = wait_for(lambda: record.exists() and len(lines := record.read_text().splitlines()) >= 2
                          and [line.split() for line in lines], 20, "the silent child started a second time")
    finally:
        code = stop(proc)
    assert code == 0
    (first, usec, helper), (second, _u, helper2) = [[int(x) for x in row] for row in starts[:2]]
    assert first != second and usec == 1_000_000  # WATCHDOG_USEC, as systemd passes it
    assert not any(alive(pid) for pid in (first, second, helper, helper2) if pid)  # the whole process group
    return first, log_text(tmp_path)


def test_a_child_that_stops_petting_the_watchdog_is_aborted_and_restarted(tmp_path):
    first, text = run_silent_child(tmp_path, "silent")
    assert f"pid {first} is ready" in text
    assert f"pid {first} watchdog: no WATCHDOG=1 for 1 s: sending SIGABRT" in text
    assert f"pid {first} watchdog: no WATCHDOG=1 for 1 s; killed by SIGABRT; restarting in 0.1 s" in text


def test_a_silent_child_that_ignores_sigabrt_is_killed(tmp_path):
    first, text = run_silent_child(tmp_path, "ignores_abort")
    assert f"pid {first} did not stop within 0.5 s of SIGABRT: sending SIGKILL" in text
    assert f"pid {first} watchdog: no WATCHDOG=1 for 1 s; killed by SIGKILL; restarting" in text


def test_a_child_that_never_reports_ready_is_restarted(tmp_path):
    first, text = run_silent_child(tmp_path, "never_ready")
    assert f"pid {first} is ready" not in text
    assert f"pid {first} sent no READY=1 within 1 s; killed by SIGABRT; restarting" in text


def test_only_the_main_process_pets_the_watchdog(tmp_path):
    first, text = run_silent_child(tmp_path, "helper_pets")
    assert f"pid {first} watchdog: no WATCHDOG=1 for 1 s; killed by SIGABRT; restarting" in text


def test_an_out_of_service_kiosk_is_up_not_restarted_in_a_loop(config_dir, tmp_path):
    """A broken config is a steady state (the screen says so and recovers when the files are fixed)."""
    (config_dir / "kiosk.yaml").write_text("terminal_id: [broken\n", encoding="utf-8")
    proc = supervise(tmp_path, ["--restart-sec", "0.2"],
                     [sys.executable, "-m", "kiosk", "run", "--config", str(config_dir), "--windowed"])
    try:
        line = wait_for(lambda: [x for x in log_text(tmp_path).splitlines() if "status: out of service" in x],
                        30, "the out-of-service kiosk reporting")
        pid = int(line[0].split("pid ")[1].split()[0])
        assert f"pid {pid} is ready" in log_text(tmp_path)
    finally:
        assert stop(proc) == 0
    assert "restarting" not in log_text(tmp_path) and not alive(pid)


def test_a_command_that_exits_is_started_again(tmp_path):
    """Restart=always: a clean exit or an error exit alike (here a command that does not speak the protocol)."""
    record = tmp_path / "runs.txt"
    proc = supervise(tmp_path, ["--type", "simple", "--watchdog-sec", "0", "--restart-sec", "0.1"],
                     [sys.executable, "-c", f"import os; open({str(record)!r}, 'a').write(f'{{os.getpid()}}\\n'); "
                                            "raise SystemExit(3)"])
    try:
        pids = wait_for(lambda: record.exists() and len(p := record.read_text().split()) >= 3 and p, 20,
                        "three runs of the command")
    finally:
        assert stop(proc) == 0
    assert len(set(pids)) == len(pids)
    assert f"pid {pids[0]} exited with code 3; restarting in 0.1 s" in log_text(tmp_path)
