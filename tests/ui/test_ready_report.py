"""The ready report start-up benchmarks read: written after the first paint, then once everything is started."""

import json
import os
import signal
import subprocess
import sys
import threading

from PySide6.QtWidgets import QWidget

from ui.ready_report import FirstPaint, ReadyReport

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _wait_for(condition, timeout: float) -> bool:
    end = threading.Event()
    waited = 0.0
    while waited < timeout:
        if condition():
            return True
        end.wait(0.05)
        waited += 0.05
    return condition()


def test_first_paint_calls_back_once_after_the_widget_is_painted(qtbot):
    calls = []
    w = QWidget()
    qtbot.addWidget(w)
    FirstPaint(w, lambda: calls.append(w.isVisible()))
    assert calls == []
    w.resize(200, 100)
    w.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=3000)
    w.update()
    w.repaint()
    qtbot.wait(20)
    assert calls == [True]


def test_the_report_holds_the_screen_then_the_start_up_finished(tmp_path):
    path = str(tmp_path / "ready.json")
    report = ReadyReport(path)
    report.painted("home")
    first = json.loads(open(path, encoding="utf-8").read())
    assert first["screen"] == "home" and first["pid"] == os.getpid() and "started_at" not in first
    report.started()
    second = json.loads(open(path, encoding="utf-8").read())
    assert second["ready_at"] == first["ready_at"] <= second["started_at"]
    assert os.listdir(tmp_path) == ["ready.json"]  # no temporary file left behind


def _read(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def test_kiosk_run_reports_the_home_screen_painted_then_everything_started(config_dir, tmp_path):
    path = str(tmp_path / "ready.json")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_REPORT_READY", None)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--config", str(config_dir),
                             "--start-screen", "home", "--report-ready", path],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: "started_at" in _read(path) or proc.poll() is not None, 60), "no report"
        report = _read(path)
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace")[-2000:]
        assert report["screen"] == "home" and report["pid"] == proc.pid
        assert report["ready_at"] <= report["started_at"]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def test_kiosk_run_without_the_option_writes_no_report(config_dir, tmp_path):
    from kiosk.cli import build_parser
    args = build_parser("run").parse_args(["run", "--config", str(config_dir)])
    assert args.report_ready in (None, os.environ.get("KIOSK_REPORT_READY"))
    assert args.start_screen == "attract"
