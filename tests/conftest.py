"""Test-wide setup: offscreen Qt, quiet python-escpos, and no leaked threads or devices."""

import os
import tempfile
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(tempfile.gettempdir(), "kiosk-escpos-caps"))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_leaked_threads():
    """Fail a test that leaves a thread running (a device poller, a simulator, a writer)."""
    before = set(threading.enumerate())
    yield
    deadline = 2.0
    import time
    end = time.monotonic() + deadline
    leaked = []
    while time.monotonic() < end:
        leaked = [t for t in threading.enumerate()
                  if t not in before and t.is_alive() and not t.name.startswith(("Dummy", "pydevd"))]
        if not leaked:
            return
        threading.Event().wait(0.02)
    pytest.fail(f"test left threads running: {[t.name for t in leaked]}")


@pytest.fixture
def config_dir(tmp_path):
    """A private copy of the shipped config folder, with its data dir inside tmp_path."""
    import shutil
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "config")
    dst = tmp_path / "config"
    shutil.copytree(src, dst)
    kiosk_yaml = dst / "kiosk.yaml"
    text = kiosk_yaml.read_text(encoding="utf-8").replace("data_dir: ../var", f"data_dir: {tmp_path / 'var'}")
    kiosk_yaml.write_text(text, encoding="utf-8")
    return dst


@pytest.fixture(autouse=True, scope="session")
def gc_on_the_gui_thread():
    """As in the app: Python's cyclic GC runs on the GUI thread only (a worker must never destroy a widget)."""
    from PySide6.QtWidgets import QApplication
    from ui.app import ensure_app
    app = QApplication.instance() or ensure_app()
    from ui.app import install_gc_guard
    install_gc_guard(app)
    yield
