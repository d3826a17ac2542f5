"""Opening serial ports from config strings, and pseudo-terminal lines for simulators.

A port is a pyserial URL (``loop://``, ``socket://host:port``, ``spy://…``) or a device
path. Simulators hold the master end of a pty; drivers open the slave path like any
serial device (see shared/TOOLCHAIN.md: raw mode at once, modem lines unsupported).
"""

from __future__ import annotations

import logging
import os
import select
import time
import tty

import serial

from kiosk.errors import DeviceNotFound

log = logging.getLogger("kiosk.drivers.serial")


def open_port(url: str, baudrate: int, *, timeout: float = 0.3, write_timeout: float = 2.0,
              exclusive: bool | None = None) -> serial.SerialBase:
    """Open ``url`` now (never lazily) or raise DeviceNotFound with the cause."""
    try:
        kwargs = dict(baudrate=baudrate, timeout=timeout, write_timeout=write_timeout)
        if exclusive is not None and "://" not in url:
            kwargs["exclusive"] = exclusive
        return serial.serial_for_url(url, **kwargs)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceNotFound(f"cannot open {url}: {exc}") from exc


class PtyLine:
    """The device end of a pseudo-terminal: the simulator reads and writes ``master``.

    ``path`` is what a driver opens. Reads are paced to the baud rate (10 bits a byte),
    because a pty has no line speed and timings would otherwise be fiction.
    """

    def __init__(self, baudrate: int = 115200, link: str | None = None):
        self.baudrate = baudrate
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self.master)
        self.path = os.ttyname(self._slave)
        self.link = link
        if link:
            try:
                os.unlink(link)
            except FileNotFoundError:
                pass
            os.symlink(self.path, link)
        self.closed = False

    def byte_time(self, n: int) -> float:
        return n * 10 / self.baudrate

    def read(self, max_bytes: int = 4096, timeout: float | None = 0.1) -> bytes:
        """Bytes the driver wrote, or b'' after ``timeout``; paced to the line rate."""
        if self.closed:
            return b""
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return b""
        try:
            data = os.read(self.master, max_bytes)
        except OSError:
            return b""
        if data:
            time.sleep(self.byte_time(len(data)))
        return data

    def write(self, data: bytes) -> None:
        """Send bytes to the driver, paced to the line rate."""
        if self.closed or not data:
            return
        time.sleep(self.byte_time(len(data)))
        view = memoryview(data)
        while view:
            _, w, _ = select.select([], [self.master], [], 1.0)
            if not w:
                log.warning("pty %s: driver side is not reading; dropped %d bytes", self.path, len(view))
                return
            n = os.write(self.master, view)
            view = view[n:]

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.link:
            try:
                os.unlink(self.link)
            except FileNotFoundError:
                pass
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
