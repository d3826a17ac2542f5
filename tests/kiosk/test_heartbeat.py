"""Always on: systemd is told READY and the watchdog is petted; status.json tells a monitor what is wrong."""

import os
import socket
import time

from kiosk.cli import main
from kiosk.heartbeat import sd_notify, status_problems, write_status


def test_sd_notify_reaches_the_socket_systemd_gave(tmp_path, monkeypatch):
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.settimeout(2)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        assert sd_notify("READY=1") and sd_notify("WATCHDOG=1")
        assert [server.recv(64), server.recv(64)] == [b"READY=1", b"WATCHDOG=1"]


def test_without_systemd_notify_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert sd_notify("READY=1") is False


def test_status_problems_name_a_stale_heartbeat_and_unhealthy_devices():
    now = time.time()
    fresh = {"written_at": now, "devices": {"printer": {"state": "online"}}, "pending_topups": 0}
    assert status_problems(fresh, now=now) == []
    stale = dict(fresh, written_at=now - 120)
    assert "not running or is frozen" in status_problems(stale, now=now)[0]
    sick = dict(fresh, devices={"printer": {"state": "user_error", "error": "paper out"}}, pending_topups=1)
    assert status_problems(sick, now=now) == ["printer: user_error (paper out)", "1 unfinished gas top-up(s)"]


def test_kiosk_status_exit_codes(config_dir, tmp_path, capsys):
    data = tmp_path / "var"
    data.mkdir(exist_ok=True)
    assert main(["status", "--config", str(config_dir)]) == 1
    write_status(str(data), {"terminal_id": "T", "written_at": time.time(), "uptime_s": 3700,
                             "devices": {"printer": {"state": "online"}}, "pending_topups": 0,
                             "last_session": None, "pid": os.getpid(), "screen": "attract",
                             "recovery": {"at": time.time(), "found": 1, "resolved": [[7, "refunded"]],
                                          "error": None}})
    assert main(["status", "--config", str(config_dir)]) == 0
    out = capsys.readouterr().out
    assert "up 1 h 1 min" in out and "screen: attract" in out and "found 1 unfinished, resolved 1" in out


def test_the_running_kiosk_writes_its_heartbeat(qtbot, config_dir, tmp_path, monkeypatch):
    from ui.runtime import KioskRuntime
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        rt = KioskRuntime(str(config_dir), log_to_file=False)
        try:
            messages = {server.recv(64), server.recv(64)}
            assert messages == {b"READY=1", b"WATCHDOG=1"}
        finally:
            rt.close()
    assert main(["status", "--config", str(config_dir), "--json"]) in (0, 1)


def test_a_frozen_event_loop_stops_the_watchdog_notices(qtbot, config_dir, tmp_path, monkeypatch):
    """The watchdog is petted from the event loop, so a UI stuck in a long computation falls silent."""
    from ui.runtime import KioskRuntime
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(path)
        server.setblocking(False)
        monkeypatch.setenv("NOTIFY_SOCKET", path)
        rt = KioskRuntime(str(config_dir), log_to_file=False)
        try:
            rt.heartbeat.setInterval(50)

            def drain():
                got = []
                while True:
                    try:
                        got.append(server.recv(64))
                    except BlockingIOError:
                        return got
            drain()
            qtbot.wait(400)
            assert drain().count(b"WATCHDOG=1") >= 3      # a live loop keeps petting
            end = time.monotonic() + 0.6
            while time.monotonic() < end:                # the GUI thread is stuck: no event is processed
                pass
            assert drain() == []                          # … and systemd hears nothing, so it would restart us
            qtbot.wait(200)
            assert b"WATCHDOG=1" in drain()               # once the loop runs again, so does the watchdog
        finally:
            rt.close()


def test_the_watchdog_is_petted_well_within_the_interval_the_supervisor_gives(monkeypatch):
    from kiosk.heartbeat import watchdog_interval_ms
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    assert watchdog_interval_ms() == 10_000
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")   # WatchdogSec=30: every 10 s
    assert watchdog_interval_ms() == 10_000
    monkeypatch.setenv("WATCHDOG_USEC", "3000000")    # WatchdogSec=3: every second
    assert watchdog_interval_ms() == 1_000
    monkeypatch.setenv("WATCHDOG_USEC", "nonsense")
    assert watchdog_interval_ms() == 10_000
