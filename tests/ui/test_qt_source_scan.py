"""PySide6's check of newly imported modules still tells Qt users from the rest, and keeps no source in memory."""

import importlib
import linecache
import sys

import ui.app  # noqa: F401  (installs the non-caching check, as `kiosk run` does)


def _fresh_module(tmp_path, monkeypatch, name: str, source: str):
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    importlib.invalidate_caches()
    return str(path)


def test_a_module_imported_after_qt_leaves_no_source_in_linecache(tmp_path, monkeypatch):
    path = _fresh_module(tmp_path, monkeypatch, "scan_probe_plain", "VALUE = 1\n")
    __import__("scan_probe_plain")  # the import statement's path, which shiboken hooks
    assert path not in linecache.cache


def test_shiboken_check_tells_a_module_using_pyside6_from_one_that_does_not(tmp_path, monkeypatch):
    check = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    qt_path = _fresh_module(tmp_path, monkeypatch, "scan_probe_qt", "from PySide6 import QtCore\n")
    other_path = _fresh_module(tmp_path, monkeypatch, "scan_probe_other", "import os\n")
    qt_module, other = importlib.import_module("scan_probe_qt"), importlib.import_module("scan_probe_other")
    assert check(qt_module) is True  # takes part in __feature__ switching
    assert check(other) is False  # ignored by it
    assert check(sys) is False  # a built-in module, as shiboken answers
    assert qt_path not in linecache.cache and other_path not in linecache.cache
