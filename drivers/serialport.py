"""Opening serial ports from config strings, and the device ends of lines (pty or TCP) for simulators.

A port is a pyserial URL (``loop://``, ``socket://host:port``, ``spy://…``) or a device
path. Simulators hold the master end of a pty; drivers open the slave path like any
serial device (see shared/TOOLCHAIN.md: raw mode at once, modem lines unsupported).
"""

from __future__ import annotations

import logging
import os
import select
import socket
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
        port = serial.serial_for_url(url, **kwargs)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise DeviceNotFound(f"cannot open {url}: {exc}") from exc
    from drivers.traffic import attach
    attach(port, url)  # the technician's traffic view (frame heads only, never personal data)
    return port


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


class TcpLine:
    """Listens on 127.0.0.1 (port chosen by the OS); the latest client to connect is the line's far end.

    Same ``read``/``write``/``close`` as drivers.serialport.PtyLine, so a simulator runs on
    either. Reads and writes are paced at ``baudrate`` (10 bits a byte).
    """

    def __init__(self, baudrate: int = 115200, host: str = "127.0.0.1", port: int = 0):
        self.baudrate = baudrate
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind((host, port))
        self._server.listen(2)
        self.host, self.port = self._server.getsockname()
        self.path = f"socket://{self.host}:{self.port}"
        self._conn: socket.socket | None = None
        self.closed = False

    def byte_time(self, n: int) -> float:
        return n * 10 / self.baudrate

    def _accept(self) -> None:
        conn, peer = self._server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._conn is not None:
            log.info("tcp line %s: new client %s replaces the old one", self.path, peer)
            self._conn.close()
        self._conn = conn

    def read(self, max_bytes: int = 4096, timeout: float | None = 0.1) -> bytes:
        """Bytes the driver wrote, or b'' after ``timeout`` (or when a client comes or goes)."""
        if self.closed:
            return b""
        watch = [self._server] + ([self._conn] if self._conn is not None else [])
        try:
            ready, _, _ = select.select(watch, [], [], timeout)
        except (OSError, ValueError):
            return b""
        if self._server in ready:
            self._accept()
            return b""
        if not ready or self._conn is None:
            return b""
        try:
            data = self._conn.recv(max_bytes)
        except OSError:
            data = b""
        if not data:  # the driver closed its end
            self._conn.close()
            self._conn = None
            return b""
        time.sleep(self.byte_time(len(data)))
        return data

    def write(self, data: bytes) -> None:
        """Send bytes to the driver, paced to the line rate; dropped when no driver is connected."""
        if self.closed or not data or self._conn is None:
            return
        time.sleep(self.byte_time(len(data)))
        try:
            self._conn.settimeout(1.0)
            self._conn.sendall(data)
        except OSError as exc:
            log.warning("tcp line %s: dropped %d bytes: %s", self.path, len(data), exc)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for s in (self._conn, self._server):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
