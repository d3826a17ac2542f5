"""python-escpos on our own byte sink, plus the few commands we write by hand (Chinese mode, status).

python-escpos builds every command on one ``_raw``; ours hands the bytes to a callable
(a port's ``write`` or a buffer's ``extend``). The port is opened and closed by the driver,
never lazily here and never in ``__del__`` (python-escpos closes in ``__del__``; ours does nothing).
"""

from __future__ import annotations

import os
import re
import tempfile
from typing import Callable

# python-escpos pickles its capabilities into a fresh temp folder on every import unless told where
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(tempfile.gettempdir(), "kiosk-escpos-caps"))
os.makedirs(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"], exist_ok=True)

from escpos.escpos import Escpos  # noqa: E402

INIT = b"\x1b\x40"
CHINESE_ON = b"\x1c\x26"
CHINESE_OFF = b"\x1c\x2e"
LF = b"\x0a"


_DLE_EOT = re.compile(rb"\x10\x04[\x01-\x04]")

#: The four real-time status requests the driver asks, in the order their answers come back.
STATUS_NS = (1, 2, 3, 4)


def status_request(n: int) -> bytes:
    """``DLE EOT n``: real-time status, answered with one byte even when offline."""
    return bytes((0x10, 0x04, n))


def status_requests(ns=STATUS_NS) -> bytes:
    """``DLE EOT n`` for each n, back to back: one write, answered one byte each, in the same order."""
    return b"".join(status_request(n) for n in ns)


def embedded_status_requests(data: bytes) -> int:
    """How many ``DLE EOT n`` (n 1-4) a printer finds in ``data`` and answers (image data can hold them).

    The printer scans every byte it receives for the sequence, inside other commands' data too
    (shared/protocols/escpos-printer.md), so a job can owe the host answers it never asked for.
    """
    return len(_DLE_EOT.findall(data))  # matches end in 1-4, never DLE: they cannot overlap


class SinkPrinter(Escpos):
    """An Escpos whose raw output goes to ``sink``; the caller owns whatever is behind it."""

    def __init__(self, sink: Callable[[bytes], object], escpos_model: str):
        # A named profile keeps python-escpos from printing width warnings to stdout.
        super().__init__(profile=escpos_model)
        self._sink = sink
        self._device = None  # "initialised": stops the base class from calling open() lazily

    def _raw(self, msg: bytes) -> None:
        self._sink(bytes(msg))

    def open(self):  # the port is opened by drivers.serialport.open_port, never here
        pass

    def close(self):  # and closed by the driver; the base class calls this from __del__
        pass

    def initialise(self) -> None:
        """``ESC @`` then ``FS &``: the initialise leaves Chinese mode, so turn it on again at once."""
        self.hw("INIT")
        self._raw(CHINESE_ON)


class BufferPrinter(SinkPrinter):
    """A SinkPrinter that collects bytes (a document is encoded in one go, then sent in chunks)."""

    def __init__(self, escpos_model: str):
        self.buffer = bytearray()
        super().__init__(self.buffer.extend, escpos_model)

    def output(self) -> bytes:
        return bytes(self.buffer)
