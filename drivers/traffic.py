"""The last frames each way on every serial line, for the technician's traffic view — without personal data.

Every port opened by drivers.serialport.open_port records what it writes and reads into a small ring
buffer. Only a frame's first bytes are kept (enough to see the command, the status and the length):
the data that follows — names, ID numbers, card numbers, passwords — never enters the buffer.
"""

from __future__ import annotations

import collections
import threading
import time

#: Bytes of each frame that are kept: headers and command codes, never the payload.
KEEP = 10
#: Bytes that arrive within this many seconds of the last, the same way, are one frame.
GAP_S = 0.05

_LOGS: dict[str, "TrafficLog"] = {}
_LOCK = threading.Lock()


class TrafficLog:
    def __init__(self, maxlen: int = 60):
        self._entries: collections.deque = collections.deque(maxlen=maxlen)
        self._lock = threading.Lock()

    def record(self, direction: str, data: bytes) -> None:
        if not data:
            return
        now = time.monotonic()
        with self._lock:
            if self._entries and self._entries[-1][1] == direction and now - self._entries[-1][3] <= GAP_S:
                at, _d, head, _last, total = self._entries[-1]
                self._entries[-1] = (at, direction, (head + bytes(data))[:KEEP], now, total + len(data))
            else:
                self._entries.append((time.time(), direction, bytes(data[:KEEP]), now, len(data)))

    def lines(self, n: int = 20) -> list[str]:
        """'HH:MM:SS > 1B 40 1C 26 … (+120 bytes)' for the last ``n`` frames, oldest first."""
        with self._lock:
            entries = list(self._entries)[-n:]
        out = []
        for at, direction, head, _last, total in entries:
            more = f" … (+{total - len(head)} bytes)" if total > len(head) else ""
            out.append(f"{time.strftime('%H:%M:%S', time.localtime(at))} {direction} {head.hex(' ').upper()}{more}")
        return out


def attach(port, url: str) -> TrafficLog:
    """Record ``port``'s traffic (wraps its read and write) under ``url``."""
    log = TrafficLog()
    write, read = port.write, port.read

    def recording_write(data):
        log.record(">", bytes(data))
        return write(data)

    def recording_read(size=1):
        data = read(size)
        log.record("<", data)
        return data
    port.write, port.read = recording_write, recording_read
    with _LOCK:
        _LOGS[url] = log
    return log


def traffic_for(url: str) -> TrafficLog | None:
    with _LOCK:
        return _LOGS.get(url)
