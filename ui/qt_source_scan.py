"""PySide6's look into each newly imported module, done without keeping every module's source in memory.

Once PySide6 is imported, shiboken checks every module imported after it for the text "PySide6" (to know
which modules its ``from __feature__ import …`` switches apply to). It reads the source through
``inspect.getsource``, i.e. ``linecache``, which then keeps every line of every such module for good: in a
started kiosk ~580 files, ~220,000 line strings, ~22 MB of Python heap (the largest single item at idle),
read and split on the GUI thread during start-up. ``scan_sources_without_caching()`` replaces that check
with one that answers the same question from the file's bytes and keeps nothing.
"""

from __future__ import annotations

import inspect
import logging
import sys

log = logging.getLogger("kiosk.ui")

_FEATURE_MODULE = "shibokensupport.feature"
_installed = False


def _uses_pyside_from_file(module, _fallback):
    """True if the module's source file mentions PySide6 (shiboken's own test), read without linecache."""
    try:
        path = inspect.getsourcefile(module)
    except TypeError:  # a built-in module: shiboken answers False too
        return False
    if path:
        try:
            with open(path, "rb") as fh:
                return b"PySide6" in fh.read()
        except OSError:
            pass
    return _fallback(module)  # no plain source file (zip import, frozen …): shiboken's own way


def scan_sources_without_caching() -> bool:
    """Install the non-caching check once PySide6 is imported; False (and nothing changed) if shiboken differs."""
    global _installed
    if _installed:
        return True
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if not callable(original):
        log.debug("shiboken has no %s._mod_uses_pyside: module sources left to it", _FEATURE_MODULE)
        return False
    feature._mod_uses_pyside = lambda module: _uses_pyside_from_file(module, original)
    _installed = True
    return True
