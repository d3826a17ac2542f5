"""PySide6's check of newly imported modules still tells Qt users from the rest, and keeps no source in memory."""

import linecache
import sys

import ui.app  # noqa: F401  (installs the non-caching check, as `kiosk run` does)


def _import_fresh(tmp_path, monkeypatch, name: str, source: str):
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, name, raising=False)
    __import__(name)  # the import statement's path, which shiboken hooks (importlib.import_module is not)
    return str(tmp_path / f"{name}.py")


def test_a_module_imported_after_qt_leaves_no_source_in_linecache(tmp_path, monkeypatch):
    path = _import_fresh(tmp_path, monkeypatch, "scan_probe_plain", "VALUE = 1\n")
    assert path not in linecache.cache


def test_shiboken_still_tells_a_module_using_pyside6_from_one_that_does_not(tmp_path, monkeypatch):
    features = sys.modules["shibokensupport.feature"].pyside_feature_dict
    _import_fresh(tmp_path, monkeypatch, "scan_probe_qt", "from PySide6 import QtCore\n")
    _import_fresh(tmp_path, monkeypatch, "scan_probe_other", "import os\n")
    assert features["scan_probe_qt"] == 0  # takes part in __feature__ switching
    assert features["scan_probe_other"] == -1  # ignored by it
