"""Watches the config folder and says, once per burst of writes, that a file changed."""

from __future__ import annotations

import os

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class ConfigWatcher(QObject):
    """Emits ``changed`` about 300 ms after the last write to a watched file.

    Editors save by writing a new file and renaming it over the old one, which drops a file
    watch; so the folder is watched too and file watches are renewed after every change.
    """

    changed = Signal()

    def __init__(self, directory: str, files=("menu.yaml",), debounce_ms: int = 300, parent=None):
        super().__init__(parent)
        self.directory = directory
        self.files = [os.path.join(directory, f) for f in files]
        self._watcher = QFileSystemWatcher(self)
        self._watcher.addPath(directory)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._stamps = self._read_stamps()
        self._rewatch()

    def _read_stamps(self):
        out = {}
        for f in self.files:
            try:
                st = os.stat(f)
                out[f] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except FileNotFoundError:
                out[f] = None
        return out

    def _rewatch(self) -> None:
        watched = set(self._watcher.files())
        for f in self.files:
            if f not in watched and os.path.exists(f):
                self._watcher.addPath(f)

    def _poke(self, *_):
        self._rewatch()
        self._timer.start()

    def _fire(self) -> None:
        stamps = self._read_stamps()
        if stamps != self._stamps:  # the folder changes for other files too (editor swap files)
            self._stamps = stamps
            self.changed.emit()
