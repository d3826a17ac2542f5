"""python-escpos on our own byte sink: every command python-escpos builds goes to a callable we own.

python-escpos builds every command on one ``_raw``; ours hands the bytes to a callable
(a port's ``write`` or a buffer's ``extend``). The port is opened and closed by the driver,
never lazily here and never in ``__del__`` (python-escpos closes in ``__del__``; ours does nothing).
Imported on first use (drivers.printer.commands, document.encode): python-escpos brings Pillow, qrcode,
python-barcode and its printer database, which an idle kiosk does not need.
"""

from __future__ import annotations

from typing import Callable

from drivers.printer.commands import CHINESE_ON  # first: it tells python-escpos where to keep its pickle

from escpos.escpos import Escpos  # noqa: E402,I001


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
