"""The simulator's paper: a roll that runs down as it prints, and the picture of each receipt (PNG + text).

Glyphs come from the WenQuanYi Micro Hei Mono font in ui/fonts, drawn into the printer's
cells (font A: 12x24 dots for ASCII, 24x24 for a Chinese character; font B: 9x17) and
magnified by whole dots like a thermal head does. QR codes are drawn from the stored data
with the ``qrcode`` library, so the picture is a symbol a phone (or zxing) can scan.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont

from drivers.printer.profiles import PaperProfile

log = logging.getLogger("kiosk.drivers.printer.sim")

FONT_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "ui", "fonts", "wqy-microhei.ttc")
DEFAULT_LINE_SPACING = 30  # dots (3.75 mm), ESC 2
CUTTER_DISTANCE = 96  # dots from the head to the blade: blank paper at the bottom of each receipt


class PaperRoll:
    """How much paper is left, in millimetres; near end below ``near_end_mm``."""

    def __init__(self, length_mm: float = 50_000, near_end_mm: float = 1_500, dots_per_mm: int = 8):
        self.length_mm = length_mm
        self.remaining_mm = float(length_mm)
        self.near_end_mm = near_end_mm
        self.dots_per_mm = dots_per_mm

    @property
    def near_end(self) -> bool:
        return 0 < self.remaining_mm <= self.near_end_mm

    @property
    def end(self) -> bool:
        return self.remaining_mm <= 0

    def consume(self, dots: int) -> None:
        self.remaining_mm = max(0.0, self.remaining_mm - dots / self.dots_per_mm)

    def load(self, length_mm: float | None = None) -> None:
        self.remaining_mm = float(length_mm if length_mm is not None else self.length_mm)


@dataclass
class Style:
    """Character modes as ESC !, ESC E, ESC -, GS !, FS ! and ESC M set them."""

    font_b: bool = False
    bold: bool = False
    underline: int = 0
    width: int = 1
    height: int = 1
    cn_double_width: bool = False
    cn_double_height: bool = False

    def key(self, wide: bool) -> tuple:
        w = max(self.width, 2 if (wide and self.cn_double_width) else 1)
        h = max(self.height, 2 if (wide and self.cn_double_height) else 1)
        return (self.font_b, self.bold, self.underline, w, h)


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, size, index=1)


@lru_cache(maxsize=4096)
def glyph(ch: str, wide: bool, font_b: bool, bold: bool, underline: int, width: int, height: int) -> Image.Image:
    """One character cell, black on white ("L"), magnified ``width`` x ``height``."""
    cw = (9 if font_b else 12) * (2 if wide else 1)
    ch_h = 17 if font_b else 24
    img = Image.new("L", (cw, ch_h), 255)
    draw = ImageDraw.Draw(img)
    if ch == "\ufffd":  # a byte pair the printer could not decode: a hatched block, like real garbage
        for x in range(1, cw - 1, 3):
            draw.line((x, 2, cw - 2 - x % 5, ch_h - 3), fill=0)
    elif ch.strip():
        size = ch_h if wide else int(ch_h * 0.83)
        draw.text((cw / 2, ch_h / 2), ch, font=_font(size), fill=0, anchor="mm",
                  stroke_width=1 if bold else 0, stroke_fill=0)
    if underline:
        draw.rectangle((0, ch_h - underline, cw - 1, ch_h - 1), fill=0)
    img = img.point(lambda v: 0 if v < 140 else 255)
    if width > 1 or height > 1:
        img = img.resize((cw * width, ch_h * height), Image.NEAREST)
    return img


class ReceiptCanvas:
    """The paper since the last cut: a stack of printed strips, and the text of each line.

    Strips are descriptions (``LaterLine``, ``LaterBlank``, ``LaterRaster``, ``LaterQR``) with their height
    fixed at once, so the paper moves and runs down exactly as it prints; their pixels are drawn with the
    receipt's picture (``LaterPaper.draw``, on the simulator's output thread). Drawing them as the bytes
    arrived (a Pillow paste per character) made the line's thread give up the GIL hundreds of times a
    receipt, and beside a busy thread each time cost it a wait (see docs/printer.md).
    """

    def __init__(self, profile: PaperProfile):
        self.profile = profile
        self.strips: list = []
        self.text_lines: list[str] = []
        self.line: list[tuple[str, bool, tuple]] = []  # (char, wide, style key) not yet printed
        self.line_dots = 0
        self.line_align = 0
        self.line_tallest = 0  # dots of the tallest character in the line buffer

    @property
    def empty(self) -> bool:
        return not self.strips and not self.line

    @property
    def height(self) -> int:
        return sum(s.height for s in self.strips)

    # ------------------------------------------------------------ text

    def cell_width(self, wide: bool, key: tuple) -> int:
        font_b, _, _, w, _ = key
        return (9 if font_b else 12) * (2 if wide else 1) * w

    def add_text(self, chars: str, wide_mode: bool, narrow_key: tuple, wide_key: tuple, align: int,
                 spacing: int) -> int:
        """Put a run of characters in the line buffer, printing each line that fills; returns the dots fed.

        In Chinese mode (``wide_mode``) a character from U+0080 up is a double-width cell with ``wide_key``.
        """
        dots = self.profile.dots
        cw_n, cw_w = self.cell_width(False, narrow_key), self.cell_width(True, wide_key)
        h_n = (17 if narrow_key[0] else 24) * narrow_key[4]
        h_w = (17 if wide_key[0] else 24) * wide_key[4]
        if not wide_mode or chars.isascii():
            if cw_n > dots:  # a character wider than the paper is not printed (the line before it is)
                return self.print_line(spacing) if self.line and chars else 0
            return self._add_cells(chars, False, narrow_key, cw_n, h_n, align, spacing)
        fed = 0
        line, line_dots, tallest = self.line, self.line_dots, self.line_tallest
        for ch in chars:
            if ch >= "\x80":
                wide, key, cw, h = True, wide_key, cw_w, h_w
            else:
                wide, key, cw, h = False, narrow_key, cw_n, h_n
            if line_dots + cw > dots and line:
                self.line_dots, self.line_tallest = line_dots, tallest
                fed += self.print_line(spacing)  # the printer wraps a full line by itself
                line, line_dots, tallest = self.line, 0, 0
            if cw > dots:
                continue
            if not line:
                self.line_align = align
            line.append((ch, wide, key))
            line_dots += cw
            if h > tallest:
                tallest = h
        self.line_dots, self.line_tallest = line_dots, tallest
        return fed

    def _add_cells(self, chars: str, wide: bool, key: tuple, cw: int, h: int, align: int, spacing: int) -> int:
        """A run of same-width cells: whole slices per line instead of one character at a time."""
        fed = 0
        dots = self.profile.dots
        i, n = 0, len(chars)
        while i < n:
            room = (dots - self.line_dots) // cw
            if room <= 0:
                fed += self.print_line(spacing)  # the printer wraps a full line by itself
                continue
            if not self.line:
                self.line_align = align
            part = chars[i:i + room]
            self.line.extend([(ch, wide, key) for ch in part])
            self.line_dots += cw * len(part)
            if h > self.line_tallest:
                self.line_tallest = h
            i += len(part)
        return fed

    def print_line(self, spacing: int) -> int:
        """Print the line buffer (LF); returns the dots the paper moved."""
        if not self.line:
            self.strips.append(LaterBlank(self.profile.dots, spacing))
            self.text_lines.append("")
            return spacing
        tallest = self.line_tallest
        height = max(spacing, tallest + max(spacing - 24, 0))
        x = self._offset(self.line_dots, self.line_align)
        self.strips.append(LaterLine(self.line, self.profile.dots, height, tallest, x))
        self.text_lines.append((" " * (x // 12) + "".join([c[0] for c in self.line])).rstrip())
        self.line, self.line_dots, self.line_tallest = [], 0, 0
        return height

    def _offset(self, width: int, align: int) -> int:
        free = max(self.profile.dots - width, 0)
        return {1: free // 2, 2: free}.get(align, 0)

    def clear_line(self) -> None:
        self.line, self.line_dots, self.line_tallest = [], 0, 0

    # ------------------------------------------------------------ feed, images, QR, cut

    def feed(self, dots: int) -> int:
        if dots > 0:
            self.strips.append(LaterBlank(self.profile.dots, dots))
            self.text_lines.extend([""] * max(dots // DEFAULT_LINE_SPACING, 0))
        return max(dots, 0)

    def add_raster(self, width_bytes: int, height: int, mode: int, data: bytes, align: int) -> int:
        if not width_bytes or not height:
            return 0
        raster = LaterRaster(width_bytes, height, mode, data, self.profile.dots, align, self._offset)
        self.strips.append(raster)
        self.text_lines.append(" " * (raster.x // 12) + f"[图像 image {raster.width}x{raster.height}]")
        return raster.height

    def add_qr(self, data: bytes, module: int, ec: int, align: int) -> int:
        levels = {0x30: qrcode.constants.ERROR_CORRECT_L, 0x31: qrcode.constants.ERROR_CORRECT_M,
                  0x32: qrcode.constants.ERROR_CORRECT_Q, 0x33: qrcode.constants.ERROR_CORRECT_H}
        if not data:
            return 0
        qr = qrcode.QRCode(version=None, error_correction=levels.get(ec, qrcode.constants.ERROR_CORRECT_L),
                           box_size=1, border=0)
        try:
            qr.add_data(data, optimize=0)
            version = qr.best_fit()  # the symbol's size; its modules are drawn with the picture (LaterQR)
        except Exception as exc:  # data the symbol cannot hold: a real printer prints nothing
            log.warning("QR data of %d bytes cannot be printed: %s", len(data), exc)
            return 0
        n = version * 4 + 17
        module = max(1, min(module, self.profile.dots // n))
        x = self._offset(n * module, align)
        self.strips.append(LaterQR(qr, module, self.profile.dots, x))
        self.text_lines.append(" " * (x // 12) + "[二维码 QR] " + data.decode("utf-8", "replace"))
        return n * module

    def take(self) -> tuple[Image.Image, str]:
        """The receipt as paper (with the unprintable margins) and as text, and start a new one."""
        return self.take_later().draw()

    def take_later(self) -> "LaterPaper":
        """The receipt, drawn when its ``draw()`` is called; a new one starts now."""
        taken = LaterPaper(self.profile, self.strips, self.text_lines)
        self.strips, self.text_lines = [], []
        return taken


class LaterBlank:
    """Paper fed with nothing printed on it."""

    def __init__(self, dots: int, height: int):
        self.dots, self.height = dots, height

    def draw(self) -> Image.Image:
        return Image.new("L", (self.dots, self.height), 255)


class LaterLine:
    """A printed line of text: its characters (char, wide, style key), where it starts, its height."""

    def __init__(self, cells: list, dots: int, height: int, tallest: int, x: int):
        self.cells, self.dots, self.height, self.tallest, self.x = cells, dots, height, tallest, x

    def draw(self) -> Image.Image:
        strip = Image.new("L", (self.dots, self.height), 255)
        x, tallest = self.x, self.tallest
        for ch, wide, key in self.cells:
            g = glyph(ch, wide, *key)
            strip.paste(g, (x, tallest - g.height))
            x += g.width
        return strip


class LaterRaster:
    """A ``GS v 0`` image: its bytes as received, its size on the paper fixed at once."""

    def __init__(self, width_bytes: int, rows: int, mode: int, data: bytes, dots: int, align: int, offset):
        self.width_bytes, self.rows, self.mode, self.data, self.dots = width_bytes, rows, mode, data, dots
        self.width = width_bytes * 8 * (2 if mode & 1 else 1)  # before clipping to the paper (the label's size)
        self.height = rows * (2 if mode & 2 else 1)
        self.x = offset(min(self.width, dots), align)

    def draw(self) -> Image.Image:
        bits = Image.frombytes("1", (self.width_bytes * 8, self.rows), self.data)  # 1 = black in ESC/POS
        img = bits.convert("L").point(lambda v: 0 if v else 255)
        if self.mode & 1:
            img = img.resize((img.width * 2, img.height), Image.NEAREST)
        if self.mode & 2:
            img = img.resize((img.width, img.height * 2), Image.NEAREST)
        if img.width > self.dots:
            img = img.crop((0, 0, self.dots, img.height))
        strip = Image.new("L", (self.dots, img.height), 255)
        strip.paste(img, (self.x, 0))
        return strip


class LaterQR:
    """A QR symbol whose size is fixed when it prints and whose modules are drawn with the receipt's picture.

    Choosing the symbol's mask is the slow part of drawing it (5-25 ms of Python): done as the bytes
    arrive, it held up the answer to a status request sent right behind the receipt, a wait that no
    printer's line has (the paper still moves by the symbol's height at once).
    """

    def __init__(self, qr: qrcode.QRCode, module: int, dots: int, x: int):
        self.qr, self.module, self.dots, self.x = qr, module, dots, x
        self.height = (qr.version * 4 + 17) * module

    def draw(self) -> Image.Image:
        self.qr.make(fit=False)
        module = self.module
        strip = Image.new("L", (self.dots, self.height), 255)
        draw = ImageDraw.Draw(strip)
        for y, row in enumerate(self.qr.get_matrix()):
            for x, dark in enumerate(row):
                if dark:
                    left = self.x + x * module
                    draw.rectangle((left, y * module, left + module - 1, (y + 1) * module - 1), fill=0)
        return strip


class LaterPaper:
    """A cut receipt's strips and text; ``draw()`` makes its picture (off the printer's line, where it can)."""

    def __init__(self, profile: PaperProfile, strips: list, text_lines: list[str]):
        self.profile, self.strips, self.text_lines = profile, strips, text_lines

    @property
    def height(self) -> int:
        return sum(s.height for s in self.strips)

    def draw(self) -> tuple[Image.Image, str]:
        margin = self.profile.margin_dots
        height = self.height + CUTTER_DISTANCE
        paper = Image.new("L", (self.profile.dots + 2 * margin, height + 16), 255)
        y = 16
        for s in self.strips:
            strip = s if isinstance(s, Image.Image) else s.draw()
            paper.paste(strip, (margin, y))
            y += strip.height
        text = "\n".join(self.text_lines).rstrip("\n") + "\n"
        return paper, text
