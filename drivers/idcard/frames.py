"""The SAM frame codec: preamble, big-endian LEN, XOR checksum, and a decoder that resyncs on noise.

Shared by the driver and the simulator (only the byte format is shared; what each side
does with a frame is its own). Never logs or formats a frame's payload: replies carry
personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2  # preamble + LEN_H LEN_L

# Commands as (CMD, PARA), per the spec's command table.
RESET = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_CARD = (0x30, 0x01)
SET_BAUD = 0x60  # PARA is the rate code

#: Baud rate codes of the set-baud command.
BAUD_CODES = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}
BAUD_BY_CODE = {code: rate for rate, code in BAUD_CODES.items()}

# SW3 result codes.
SW_OK = 0x90
SW_CARD_FOUND = 0x9F
SW_NO_SUCH_ITEM = 0x91
SW_BAD_CHECKSUM = 0x10
SW_BAD_LENGTH = 0x11
SW_UNKNOWN_COMMAND = 0x21
SW_NOT_AUTHORISED = 0x23
SW_AUTH_FAILED_1 = 0x31
SW_AUTH_FAILED_2 = 0x32
SW_INFO_CHECK_FAILED = 0x33
SW_CARD_TYPE_UNKNOWN = 0x40
SW_READ_FAILED = 0x41
SW_RANDOM_FAILED = 0x47
SW_SELF_TEST_FAILED = 0x60
SW_NOT_LICENSED = 0x66
SW_FIND_FAILED = 0x80
SW_SELECT_FAILED = 0x81

#: LEN of the longest frame either side sends (the read reply: 1288).
MAX_LEN = 0x0508
#: LEN of the shortest valid frame: a bare command (CMD PARA CHK).
MIN_LEN = 3


def checksum(data: bytes) -> int:
    """XOR of ``data``: over LEN_H, LEN_L and every byte up to (not including) CHK."""
    chk = 0
    for b in data:
        chk ^= b
    return chk


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([checksum(head)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    """A host-to-reader frame."""
    return _frame(bytes([cmd, para]) + data)


def encode_reply(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader-to-host frame."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Command:
    """A decoded host-to-reader frame."""

    cmd: int
    para: int
    data: bytes = b""

    @classmethod
    def from_body(cls, body: bytes) -> "Command":
        return cls(body[0], body[1], bytes(body[2:]))

    def describe(self) -> str:
        return f"cmd {self.cmd:02X} {self.para:02X} (+{len(self.data)} bytes)"


@dataclass(frozen=True, repr=False)
class Reply:
    """A decoded reader-to-host frame. ``data`` may hold personal data: never log it."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @classmethod
    def from_body(cls, body: bytes) -> "Reply":
        return cls(body[0], body[1], body[2], bytes(body[3:]))

    def describe(self) -> str:
        return f"SW {self.sw1:02X} {self.sw2:02X} {self.sw3:02X} (+{len(self.data)} bytes)"

    __repr__ = describe


@dataclass(frozen=True)
class Frame:
    """A whole frame with a good checksum; ``body`` is everything between LEN and CHK."""

    body: bytes
    raw: bytes


@dataclass(frozen=True)
class BadChecksum:
    """A frame whose XOR did not come out to zero."""

    length: int


@dataclass(frozen=True)
class BadLength:
    """A preamble followed by a LEN no frame can have."""

    length: int


class FrameDecoder:
    """Incremental decoder: ``feed(bytes)`` returns the frames and frame errors completed so far.

    Bytes before a preamble are line noise and are skipped (counted in ``skipped``). After a
    bad checksum or an impossible LEN the decoder moves one byte past that preamble and scans
    again, so a good frame hidden inside a broken one is still found.
    """

    def __init__(self, min_body: int = 2, max_len: int = MAX_LEN):
        self.min_len = min_body + 1
        self.max_len = max_len
        self._buf = bytearray()
        self.skipped = 0

    @property
    def pending(self) -> int:
        """Bytes held back: a partial frame (or a partial preamble)."""
        return len(self._buf)

    def clear(self) -> None:
        self.skipped += len(self._buf)
        self._buf.clear()

    def feed(self, data: bytes) -> list:
        self._buf += data
        events: list = []
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                # Keep a tail that may be the start of a preamble split across reads.
                keep = 0
                for k in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
                    if self._buf.endswith(PREAMBLE[:k]):
                        keep = k
                        break
                drop = len(self._buf) - keep
                self.skipped += drop
                del self._buf[:drop]
                return events
            if start:
                self.skipped += start
                del self._buf[:start]
            if len(self._buf) < HEADER_LEN:
                return events
            length = int.from_bytes(self._buf[5:7], "big")
            if not self.min_len <= length <= self.max_len:
                events.append(BadLength(length))
                self.skipped += 1
                del self._buf[:1]
                continue
            end = HEADER_LEN + length
            if len(self._buf) < end:
                return events
            if checksum(self._buf[5:end]) != 0:
                events.append(BadChecksum(length))
                self.skipped += 1
                del self._buf[:1]
                continue
            raw = bytes(self._buf[:end])
            events.append(Frame(body=raw[HEADER_LEN:-1], raw=raw))
            del self._buf[:end]
