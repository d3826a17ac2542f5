"""The reader's link layer: frame codec (F2 ADDR LEN 43/50/4E CM PM … 03 BCC), ACK/NAK, resends, timeouts.

Choices where ic-reader.md is silent (the real CRT-310 family behaves the same way):
- "sends a command again … at most 3 times" is read as three resends, four transmissions in all;
  the 300 ms wait for ACK starts when the frame has left the port (its line time is added).
- A reply that breaks the framing, or has a bad BCC, is skipped while the parser resynchronises on
  the next F2; the host does not resend for it (present-password is not idempotent) and reports
  the reader as not answering when no good reply comes before the reply timeout.
- The reply timeout (2 s, 5 s for eject and capture) runs from the ACK; the line time of a
  longest frame is added so a slow line cannot turn a good reply into a timeout.
- LEN must lie between 3 and MAX_LEN; anything else is line noise.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import serial

from drivers.gascard.errors import BadReply, ReaderNotAnswering

log = logging.getLogger("kiosk.drivers.gas_reader")

STX = 0xF2
ETX = 0x03
ACK = 0x06
NAK = 0x15
KIND_COMMAND = 0x43  # 'C'
KIND_POSITIVE = 0x50  # 'P'
KIND_NEGATIVE = 0x4E  # 'N'
KINDS = (KIND_COMMAND, KIND_POSITIVE, KIND_NEGATIVE)

#: Largest LEN accepted: a 256-byte memory read plus headroom.
MAX_LEN = 0x120

ACK_TIMEOUT = 0.3
MAX_RESENDS = 3
REPLY_TIMEOUT = 2.0
MOVE_REPLY_TIMEOUT = 5.0
#: Commands that move the card, and so get the longer reply timeout.
MOVING_COMMANDS = {(0x32, 0x30), (0x33, 0x30)}
#: Granularity of the read loops; every wait is a loop against a deadline.
POLL_READ_TIMEOUT = 0.02


def bcc(data: bytes) -> int:
    """XOR of every byte."""
    x = 0
    for b in data:
        x ^= b
    return x


def encode_frame(kind: int, cm: int, pm: int, body: bytes = b"", addr: int = 0) -> bytes:
    """One frame; ``body`` is DATA for a command, ST0 ST1 + DATA for a positive reply, E1 E0 for a negative."""
    if kind not in KINDS:
        raise ValueError(f"frame kind {kind:#04x}")
    length = 3 + len(body)
    if length > 0xFFFF:
        raise ValueError("frame too long")
    head = bytes([STX, addr & 0xFF, length >> 8, length & 0xFF, kind, cm, pm]) + bytes(body) + bytes([ETX])
    return head + bytes([bcc(head)])


def encode_command(cm: int, pm: int, data: bytes = b"", addr: int = 0) -> bytes:
    return encode_frame(KIND_COMMAND, cm, pm, data, addr)


def encode_positive(cm: int, pm: int, st0: int, st1: int, data: bytes = b"", addr: int = 0) -> bytes:
    return encode_frame(KIND_POSITIVE, cm, pm, bytes([st0, st1]) + bytes(data), addr)


def encode_negative(cm: int, pm: int, code: bytes, addr: int = 0) -> bytes:
    return encode_frame(KIND_NEGATIVE, cm, pm, bytes(code), addr)


@dataclass(frozen=True)
class Frame:
    """A decoded frame."""

    addr: int
    kind: int
    cm: int
    pm: int
    body: bytes

    @property
    def data(self) -> bytes:
        """DATA of a command, or DATA after ST0 ST1 of a positive reply."""
        return self.body[2:] if self.kind == KIND_POSITIVE else self.body

    @property
    def status(self) -> bytes:
        return self.body[:2] if self.kind == KIND_POSITIVE else b""

    @property
    def error_code(self) -> bytes:
        return self.body[:2] if self.kind == KIND_NEGATIVE else b""

    def encode(self) -> bytes:
        return encode_frame(self.kind, self.cm, self.pm, self.body, self.addr)


@dataclass(frozen=True)
class BadChecksum:
    """A frame whose structure was right but whose BCC was not (the reader NAKs it)."""

    raw: bytes


class FrameParser:
    """Incremental parser: feed bytes, get frames; skips noise and resynchronises on the next F2.

    A candidate F2 whose frame is still incomplete does not block a later F2 that already makes a
    complete, valid frame: a noise F2 with a large LEN cannot swallow the real reply.
    """

    def __init__(self, max_len: int = MAX_LEN):
        self.max_len = max_len
        self._buf = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def clear(self) -> None:
        self._buf.clear()

    def feed(self, data: bytes) -> list[Frame | BadChecksum]:
        self._buf.extend(data)
        out: list[Frame | BadChecksum] = []
        while True:
            item, consumed = self._next()
            if consumed:
                del self._buf[:consumed]
            if item is None:
                break
            out.append(item)
        return out

    def _next(self) -> tuple[Frame | BadChecksum | None, int]:
        """(event, bytes to drop) from the start of the buffer."""
        buf = self._buf
        first_incomplete = None
        i = 0
        n = len(buf)
        while i < n:
            if buf[i] != STX:
                i += 1
                continue
            status, end = self._check_at(i)
            if status == "badbcc" and (first_incomplete is not None or self._valid_frame_within(i + 1, end)):
                # Behind an incomplete candidate, or overlapping a good frame: noise, not a damaged command.
                i += 1
                continue
            if status == "frame" or status == "badbcc":
                raw = bytes(buf[i:end])
                if status == "badbcc":
                    return BadChecksum(raw), end
                return Frame(raw[1], raw[4], raw[5], raw[6], raw[7:-2]), end
            if status == "incomplete" and first_incomplete is None:
                first_incomplete = i
            i += 1
        # Nothing complete: keep from the first incomplete candidate, drop the noise before it.
        if first_incomplete is None:
            return None, n
        return None, first_incomplete

    def _valid_frame_within(self, start: int, stop: int) -> bool:
        buf = self._buf
        for k in range(start, stop):
            if buf[k] == STX and self._check_at(k)[0] == "frame":
                return True
        return False

    def _check_at(self, i: int) -> tuple[str, int]:
        buf = self._buf
        if len(buf) - i < 4:
            return "incomplete", 0
        length = (buf[i + 2] << 8) | buf[i + 3]
        if length < 3 or length > self.max_len:
            return "noise", 0
        if len(buf) - i >= 5 and buf[i + 4] not in KINDS:
            return "noise", 0
        end = i + 4 + length + 2
        if len(buf) < end:
            return "incomplete", 0
        if buf[end - 2] != ETX:
            return "noise", 0
        if bcc(buf[i:end - 1]) != buf[end - 1]:
            return "badbcc", end
        return "frame", end


class Link:
    """Command/reply exchanges with the reader over an open serial port (one at a time)."""

    def __init__(self, port: serial.SerialBase, *, address: int = 0, ack_timeout: float = ACK_TIMEOUT,
                 max_resends: int = MAX_RESENDS, reply_timeout: float = REPLY_TIMEOUT,
                 move_reply_timeout: float = MOVE_REPLY_TIMEOUT):
        self.port = port
        self.address = address
        self.ack_timeout = ack_timeout
        self.max_resends = max_resends
        self.reply_timeout = reply_timeout
        self.move_reply_timeout = move_reply_timeout
        self._lock = threading.Lock()
        baud = getattr(port, "baudrate", None) or 9600
        self._byte_time = 10.0 / baud
        # One short read timeout set once: changing it per read reconfigures a tty each time.
        self.port.timeout = POLL_READ_TIMEOUT

    def close(self) -> None:
        try:
            self.port.close()
        except Exception:  # noqa: BLE001 — closing a dead port must not raise
            log.debug("closing the port failed", exc_info=True)

    def transact(self, cm: int, pm: int, data: bytes = b"", *, reply_timeout: float | None = None) -> Frame:
        """Send a command, handle ACK/NAK and resends, return the reply frame (positive or negative)."""
        if reply_timeout is None:
            reply_timeout = self.move_reply_timeout if (cm, pm) in MOVING_COMMANDS else self.reply_timeout
        frame = encode_command(cm, pm, data, self.address)
        with self._lock:
            try:
                return self._transact(frame, cm, pm, reply_timeout)
            except serial.SerialException as exc:
                raise ReaderNotAnswering(f"serial line failed: {exc}") from exc
            except OSError as exc:
                raise ReaderNotAnswering(f"serial line failed: {exc}") from exc

    def _transact(self, frame: bytes, cm: int, pm: int, reply_timeout: float) -> Frame:
        parser = FrameParser()
        for attempt in range(1 + self.max_resends):
            self.port.reset_input_buffer()  # a stale reply must not answer this command
            parser.clear()
            self.port.write(frame)
            self.port.flush()
            outcome, reply = self._await_ack(parser, cm, pm, self.ack_timeout + len(frame) * self._byte_time)
            if outcome == "ack":
                return self._await_reply(parser, cm, pm, reply_timeout)
            if outcome == "reply":
                return reply
            log.info("gas reader: %s for command %02X %02X (attempt %d), resending", outcome, cm, pm, attempt + 1)
        raise ReaderNotAnswering(f"no ACK for command {cm:02X} {pm:02X} after {self.max_resends} resends")

    def _await_ack(self, parser: FrameParser, cm: int, pm: int, timeout: float):
        """('ack'|'nak'|'timeout', None) or ('reply', frame) when the ACK was lost but the reply came."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout", None
            chunk = self.port.read(1)
            if not chunk:
                continue
            b = chunk[0]
            if b == ACK:
                return "ack", None
            if b == NAK:
                return "nak", None
            for ev in parser.feed(chunk):
                if isinstance(ev, Frame) and self._answers(ev, cm, pm):
                    return "reply", ev

    def _await_reply(self, parser: FrameParser, cm: int, pm: int, timeout: float) -> Frame:
        deadline = time.monotonic() + timeout + (MAX_LEN + 6) * self._byte_time
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ReaderNotAnswering(f"no reply to command {cm:02X} {pm:02X} within {timeout:.1f} s")
            waiting = getattr(self.port, "in_waiting", 0) or 0
            chunk = self.port.read(max(1, min(waiting, 512)))
            if not chunk:
                continue
            for ev in parser.feed(chunk):
                if isinstance(ev, BadChecksum):
                    log.warning("gas reader: reply with a bad BCC skipped (%d bytes)", len(ev.raw))
                    continue
                if self._answers(ev, cm, pm):
                    return ev
                log.warning("gas reader: unexpected frame %02X %02X %02X skipped", ev.kind, ev.cm, ev.pm)

    def _answers(self, frame: Frame, cm: int, pm: int) -> bool:
        return (frame.addr == self.address and frame.kind in (KIND_POSITIVE, KIND_NEGATIVE)
                and frame.cm == cm and frame.pm == pm)


def check_positive(frame: Frame) -> Frame:
    """Sanity of a positive reply: it must carry ST0 ST1."""
    if frame.kind == KIND_POSITIVE and len(frame.body) < 2:
        raise BadReply(f"positive reply to {frame.cm:02X} {frame.pm:02X} without status bytes")
    return frame
