"""The few ESC/POS commands we write by hand (Chinese mode, status), and python-escpos on our own byte sink.

``SinkPrinter`` and ``BufferPrinter`` live in drivers.printer.escpos_sink and are reached here too; they are
loaded on first use, so a kiosk that has not printed yet carries no python-escpos, Pillow or qrcode (~6 MB).
"""

from __future__ import annotations

import os
import re
import tempfile

# python-escpos pickles its capabilities into a fresh temp folder on every import unless told where; set here,
# on the thread that loads the driver, not on the print thread that first imports python-escpos
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(tempfile.gettempdir(), "kiosk-escpos-caps"))
os.makedirs(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"], exist_ok=True)

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


def __getattr__(name: str):
    """``SinkPrinter`` / ``BufferPrinter`` from drivers.printer.escpos_sink, imported on first use."""
    if name in ("SinkPrinter", "BufferPrinter"):
        from drivers.printer import escpos_sink
        return getattr(escpos_sink, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
