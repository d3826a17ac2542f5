"""The simulator's ESC/POS byte-stream parser: bytes in, printer events out, never an exception.

It is the printer's side of shared/protocols/escpos-printer.md, written apart from the
driver's encoder. It is incremental (a command may arrive split across reads), keeps the
Chinese-mode state (``FS &`` / ``FS .``, cleared by ``ESC @``) because that decides how text
bytes decode, and skips what it does not know: an unknown command is logged and dropped,
oversized images are consumed without being stored, so random bytes cannot crash it or
make it hoard memory.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("kiosk.drivers.printer.sim")

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10

#: The largest raster the paper can show (bytes per row x rows); bigger data is read and dropped.
MAX_RASTER_BYTES = 80 * 4000
MAX_QR_DATA = 7089

# Commands we do not act on but must skip with the right number of parameter bytes.
_ESC_PARAMS = {0x20: 1, 0x21: 1, 0x25: 1, 0x2D: 1, 0x32: 0, 0x33: 1, 0x3D: 1, 0x3F: 1, 0x40: 0, 0x45: 1,
               0x47: 1, 0x4A: 1, 0x4B: 1, 0x4C: 0, 0x4D: 1, 0x52: 1, 0x53: 0, 0x54: 1, 0x55: 1, 0x56: 1,
               0x61: 1, 0x64: 1, 0x65: 1, 0x69: 0, 0x6D: 0, 0x70: 3, 0x72: 1, 0x74: 1, 0x7B: 1,
               0x24: 2, 0x5C: 2, 0x63: 2}
_GS_PARAMS = {0x21: 1, 0x42: 1, 0x48: 1, 0x49: 1, 0x4C: 2, 0x50: 2, 0x57: 2, 0x61: 1, 0x62: 1, 0x66: 1,
              0x68: 1, 0x72: 1, 0x77: 1, 0x2F: 1, 0x3A: 0, 0x54: 1, 0x24: 2, 0x5C: 2}
_FS_PARAMS = {0x21: 1, 0x26: 0, 0x2E: 0, 0x2D: 1, 0x43: 1, 0x53: 2, 0x57: 1, 0x70: 2, 0x32: 74}


# Text outside Chinese mode: printable ASCII and code page 437 above 0x7F.
_TEXT_RUN = re.compile(rb"[\x20-\x7e\x80-\xff]+")
# Text in Chinese mode, token by token as the printer reads it: ASCII; a byte 81-FE and the byte after it,
# whatever it is (the printer reads two bytes); 80 or FF alone (not a lead byte: a garbage glyph).
_CN_TOKEN = rb"[\x20-\x7e]|[\x81-\xfe][\x00-\xff]|[\x80\xff]"
_CN_RUN = re.compile(rb"(?:" + _CN_TOKEN + rb")+")
_CN_TOKENS = re.compile(rb"[\x20-\x7e]+|[\x81-\xfe][\x00-\xff]|[\x80\xff]")


def _decode_chinese(run: bytes) -> str:
    """A Chinese-mode text run as the printer prints it: two bytes a character, garbage for what is not one.

    Decoded whole when GB18030 reads it as one- and two-byte characters only (each non-ASCII character
    then took two bytes: ``len(run) - len(text)`` equals their number); a four-byte sequence (which the
    printer reads as two garbage pairs) or an invalid pair sends it through the pair-by-pair path.
    """
    try:
        text = run.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if len(run) - len(text) == len(text) - len(text.encode("ascii", "ignore")):
            return text
    return "".join([_chinese_token(t) for t in _CN_TOKENS.findall(run)])


def _chinese_token(token: bytes) -> str:
    if token[0] < 0x80:
        return token.decode("ascii")
    if len(token) == 1:
        return "\ufffd"  # 80 or FF: not a GB18030 lead byte, the printer prints garbage
    try:
        return token.decode("gb18030")
    except UnicodeDecodeError:
        # e.g. the first half of a four-byte character: a Chinese printer reads two bytes and
        # prints a garbage glyph, as shared/protocols says
        return "\ufffd"


class Handler:
    """What the parser reports; the simulated printer overrides what it acts on."""

    def init(self): pass
    def text(self, chars: str): pass
    def line_feed(self): pass
    def tab(self): pass
    def feed_lines(self, n: int): pass
    def feed_dots(self, n: int): pass
    def print_mode(self, n: int): pass
    def bold(self, on: bool): pass
    def underline(self, n: int): pass
    def char_size(self, width: int, height: int): pass
    def chinese_char_mode(self, n: int): pass
    def font(self, n: int): pass
    def align(self, n: int): pass
    def line_spacing(self, dots: int | None): pass
    def qr_model(self, n: int): pass
    def qr_module(self, n: int): pass
    def qr_ec(self, n: int): pass
    def qr_store(self, data: bytes): pass
    def qr_print(self): pass
    def raster(self, width_bytes: int, height: int, mode: int, data: bytes): pass
    def cut(self, partial: bool, feed_dots: int): pass
    def status_request(self, n: int): pass
    def unknown(self, data: bytes): pass


class EscposParser:
    """Feed it bytes with ``feed``; it calls the handler for each complete command or text run."""

    def __init__(self, handler: Handler):
        self.handler = handler
        self.chinese = False
        self._buf = bytearray()
        self._skip = 0  # bytes of an oversized payload still to drop
        #: Set by the printer when it stops (paper end, cover open): bytes stay in the buffer,
        #: up to ``capacity``, until it is cleared and ``feed(b"")`` resumes.
        self.hold = False
        self.capacity = 4096

    def reset(self) -> None:
        """Power cycle: forget buffered bytes and modes."""
        self._buf.clear()
        self._skip = 0
        self.chinese = False

    @property
    def pending(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> None:
        if self.hold:
            room = self.capacity - len(self._buf)
            if len(data) > room:
                log.warning("printer stopped and its buffer is full: dropped %d bytes", len(data) - max(room, 0))
                data = data[:max(room, 0)]
            self._buf += data
            return
        self._buf += data
        buf, i, n = self._buf, 0, len(self._buf)
        while i < n and not self.hold:
            if self._skip:
                take = min(self._skip, n - i)
                self._skip -= take
                i += take
                continue
            try:
                j = self._step(buf, i, n)
            except Exception:  # a parser bug must not take the printer down: drop one byte, say so
                log.exception("parser error at byte %#04x; skipped", buf[i])
                j = i + 1
            if j < 0:
                break  # incomplete command: wait for more bytes
            i = j
        del self._buf[:i]

    # ------------------------------------------------------------ one command or text run

    def _step(self, buf: bytearray, i: int, n: int) -> int:
        b = buf[i]
        h = self.handler
        if b == 0x0A:
            h.line_feed()
            return i + 1
        if b in (0x0D, 0x00):  # CR is ignored on a serial printer; NUL is filler
            return i + 1
        if b == 0x09:
            h.tab()
            return i + 1
        if b == ESC:
            return self._esc(buf, i, n)
        if b == GS:
            return self._gs(buf, i, n)
        if b == FS:
            return self._fs(buf, i, n)
        if b == DLE:
            return self._dle(buf, i, n)
        if b < 0x20 or b == 0x7F:
            h.unknown(bytes(buf[i:i + 1]))
            return i + 1
        return self._text(buf, i, n)

    def _text(self, buf: bytearray, i: int, n: int) -> int:
        """A run of printable bytes, decoded at once (C speed): one ``text`` event per run, never per byte."""
        if not self.chinese:
            m = _TEXT_RUN.match(buf, i, n)
            self.handler.text(m.group().decode("cp437"))  # cp437 is ASCII below 0x80
            return m.end()
        m = _CN_RUN.match(buf, i, n)
        if m is None:
            return -1  # a lead byte whose second byte has not arrived yet
        self.handler.text(_decode_chinese(m.group()))
        return m.end()

    def _esc(self, buf, i, n) -> int:
        if i + 1 >= n:
            return -1
        c = buf[i + 1]
        h = self.handler
        if c == 0x44:  # ESC D: tab stops, NUL-terminated (at most 32)
            end = buf.find(0, i + 2, min(n, i + 2 + 33))
            if end < 0:
                return -1 if n < i + 2 + 33 else i + 2 + 33
            return end + 1
        if c == 0x2A:  # ESC * m nL nH d: column bit image (we do not draw it)
            if i + 5 > n:
                return -1
            m, count = buf[i + 2], buf[i + 3] + 256 * buf[i + 4]
            self._skip = count * (3 if m in (32, 33) else 1)
            h.unknown(bytes(buf[i:i + 5]))
            return i + 5
        params = _ESC_PARAMS.get(c)
        if params is None:
            h.unknown(bytes(buf[i:i + 2]))
            return i + 2
        if i + 2 + params > n:
            return -1
        p = buf[i + 2:i + 2 + params]
        if c == 0x40:
            self.chinese = False
            h.init()
        elif c == 0x21:
            h.print_mode(p[0])
        elif c in (0x45, 0x47):
            h.bold(bool(p[0] & 1))
        elif c == 0x2D:
            h.underline(p[0] & 0x03 if p[0] < 0x30 else p[0] - 0x30)
        elif c == 0x61:
            h.align(p[0] % 0x30 if p[0] >= 0x30 else p[0])
        elif c == 0x64:
            h.feed_lines(p[0])
        elif c == 0x4A:
            h.feed_dots(p[0])
        elif c == 0x4D:
            h.font(p[0] & 1)
        elif c == 0x32:
            h.line_spacing(None)
        elif c == 0x33:
            h.line_spacing(p[0])
        elif c in (0x69, 0x6D):  # ESC i / ESC m: old cut commands
            h.cut(c == 0x6D, 0)
        return i + 2 + params

    def _gs(self, buf, i, n) -> int:
        if i + 1 >= n:
            return -1
        c = buf[i + 1]
        h = self.handler
        if c == 0x56:  # GS V m [n]
            if i + 3 > n:
                return -1
            m = buf[i + 2]
            if m in (0x00, 0x01, 0x30, 0x31):
                h.cut(m in (0x01, 0x31), 0)
                return i + 3
            if m in (0x41, 0x42, 0x61, 0x62, 0x67, 0x68):
                if i + 4 > n:
                    return -1
                h.cut(m in (0x42, 0x62, 0x68), buf[i + 3])
                return i + 4
            h.unknown(bytes(buf[i:i + 3]))
            return i + 3
        if c == 0x76:  # GS v 0 m xL xH yL yH d...
            if i + 8 > n:
                return -1
            if buf[i + 2] not in (0x30, 0x00):
                h.unknown(bytes(buf[i:i + 3]))
                return i + 3
            m = buf[i + 3] & 0x03
            x = buf[i + 4] + 256 * buf[i + 5]
            y = buf[i + 6] + 256 * buf[i + 7]
            size = x * y
            if size > MAX_RASTER_BYTES:
                log.warning("raster image %dx%d bytes is larger than the paper; dropped", x, y)
                self._skip = size
                return i + 8
            if i + 8 + size > n:
                return -1
            h.raster(x, y, m, bytes(buf[i + 8:i + 8 + size]))
            return i + 8 + size
        if c == 0x28:  # GS ( fn pL pH ...
            if i + 5 > n:
                return -1
            fn = buf[i + 2]
            length = buf[i + 3] + 256 * buf[i + 4]
            if fn == 0x6B and length <= MAX_QR_DATA + 3:
                if i + 5 + length > n:
                    return -1
                self._qr(bytes(buf[i + 5:i + 5 + length]))
                return i + 5 + length
            # other GS ( functions (graphics, ...) and oversized ones: skip the payload
            h.unknown(bytes(buf[i:i + 5]))
            self._skip = length
            return i + 5
        if c == 0x6B:  # GS k m ...: barcodes (not drawn)
            if i + 3 > n:
                return -1
            m = buf[i + 2]
            if m <= 6:
                end = buf.find(0, i + 3, min(n, i + 3 + 256))
                if end < 0:
                    return -1 if n < i + 3 + 256 else i + 3 + 256
                h.unknown(bytes(buf[i:end + 1]))
                return end + 1
            if i + 4 > n:
                return -1
            count = buf[i + 3]
            if i + 4 + count > n:
                return -1
            h.unknown(bytes(buf[i:i + 4 + count]))
            return i + 4 + count
        if c == 0x2A:  # GS * x y d...: define downloaded image
            if i + 4 > n:
                return -1
            self._skip = buf[i + 2] * buf[i + 3] * 8
            h.unknown(bytes(buf[i:i + 4]))
            return i + 4
        params = _GS_PARAMS.get(c)
        if params is None:
            h.unknown(bytes(buf[i:i + 2]))
            return i + 2
        if i + 2 + params > n:
            return -1
        if c == 0x21:
            v = buf[i + 2]
            h.char_size(((v >> 4) & 0x07) + 1, (v & 0x07) + 1)
        else:
            h.unknown(bytes(buf[i:i + 2 + params]))
        return i + 2 + params

    def _qr(self, body: bytes) -> None:
        """The body of ``GS ( k``: cn fn parameters."""
        h = self.handler
        if len(body) < 2 or body[0] != 0x31:
            h.unknown(b"\x1d(k" + body[:2])
            return
        fn, rest = body[1], body[2:]
        if fn == 0x41 and rest:
            h.qr_model(rest[0])
        elif fn == 0x43 and rest:
            h.qr_module(rest[0])
        elif fn == 0x45 and rest:
            h.qr_ec(rest[0])
        elif fn == 0x50 and rest:
            h.qr_store(bytes(rest[1:]))  # rest[0] is m = 0x30
        elif fn == 0x51:
            h.qr_print()
        else:
            h.unknown(b"\x1d(k" + body[:2])

    def _fs(self, buf, i, n) -> int:
        if i + 1 >= n:
            return -1
        c = buf[i + 1]
        h = self.handler
        params = _FS_PARAMS.get(c)
        if params is None:
            h.unknown(bytes(buf[i:i + 2]))
            return i + 2
        if i + 2 + params > n:
            return -1
        if c == 0x26:
            self.chinese = True
        elif c == 0x2E:
            self.chinese = False
        elif c == 0x21:
            h.chinese_char_mode(buf[i + 2])
        elif c == 0x57:
            h.chinese_char_mode(0x0C if buf[i + 2] & 1 else 0)
        elif c == 0x2D:
            h.underline(buf[i + 2] & 0x03 if buf[i + 2] < 0x30 else buf[i + 2] - 0x30)
        return i + 2 + params

    def _dle(self, buf, i, n) -> int:
        if i + 1 >= n:
            return -1
        c = buf[i + 1]
        if c in (0x04, 0x05):  # DLE EOT n / DLE ENQ n: answered by the line layer, data here
            if i + 3 > n:
                return -1
            if c == 0x04:
                self.handler.status_request(buf[i + 2])
            return i + 3
        if c == 0x14:  # DLE DC4 fn ...
            if i + 3 > n:
                return -1
            extra = {1: 2, 2: 2, 7: 3, 8: 7}.get(buf[i + 2], 0)
            if i + 3 + extra > n:
                return -1
            self.handler.unknown(bytes(buf[i:i + 3 + extra]))
            return i + 3 + extra
        self.handler.unknown(bytes(buf[i:i + 1]))
        return i + 1
