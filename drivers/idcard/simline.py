"""TcpLine: a simulator's end of a TCP "serial line" (socket://127.0.0.1:PORT), paced like PtyLine."""

from __future__ import annotations

import logging
import select
import socket
import time

log = logging.getLogger("kiosk.drivers.serial")


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
