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
    """The paper since the last cut: a stack of printed strips, and the text of each line."""

    def __init__(self, profile: PaperProfile):
        self.profile = profile
        self.strips: list[Image.Image] = []
        self.text_lines: list[str] = []
        self.line: list[tuple[str, bool, tuple]] = []  # (char, wide, style key) not yet printed
        self.line_dots = 0
        self.line_align = 0

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

    def add_char(self, ch: str, wide: bool, key: tuple, align: int, spacing: int) -> int:
        """Put a character in the line buffer; returns dots fed if the line was full and printed."""
        fed = 0
        cw = self.cell_width(wide, key)
        if self.line_dots + cw > self.profile.dots and self.line:
            fed = self.print_line(spacing)  # the printer wraps a full line by itself
        if cw > self.profile.dots:
            return fed  # a character wider than the paper is not printed
        if not self.line:
            self.line_align = align
        self.line.append((ch, wide, key))
        self.line_dots += cw
        return fed

    def print_line(self, spacing: int) -> int:
        """Print the line buffer (LF); returns the dots the paper moved."""
        if not self.line:
            self.strips.append(Image.new("L", (self.profile.dots, spacing), 255))
            self.text_lines.append("")
            return spacing
        tallest = max((17 if k[0] else 24) * k[4] for _, _, k in self.line)
        height = max(spacing, tallest + max(spacing - 24, 0))
        strip = Image.new("L", (self.profile.dots, height), 255)
        x = self._offset(self.line_dots, self.line_align)
        text_x = x // 12
        chars = []
        for ch, wide, key in self.line:
            g = glyph(ch, wide, *key)
            strip.paste(g, (x, tallest - g.height))
            x += g.width
            chars.append(ch)
        self.strips.append(strip)
        self.text_lines.append((" " * text_x + "".join(chars)).rstrip())
        self.line, self.line_dots = [], 0
        return height

    def _offset(self, width: int, align: int) -> int:
        free = max(self.profile.dots - width, 0)
        return {1: free // 2, 2: free}.get(align, 0)

    def clear_line(self) -> None:
        self.line, self.line_dots = [], 0

    # ------------------------------------------------------------ feed, images, QR, cut

    def feed(self, dots: int) -> int:
        if dots > 0:
            self.strips.append(Image.new("L", (self.profile.dots, dots), 255))
            self.text_lines.extend([""] * max(dots // DEFAULT_LINE_SPACING, 0))
        return max(dots, 0)

    def add_image(self, img: Image.Image, align: int, label: str) -> int:
        """Print a black-on-white "L" image; wider than the paper is clipped as a printer does."""
        if img.width > self.profile.dots:
            img = img.crop((0, 0, self.profile.dots, img.height))
        strip = Image.new("L", (self.profile.dots, img.height), 255)
        x = self._offset(img.width, align)
        strip.paste(img, (x, 0))
        self.strips.append(strip)
        self.text_lines.append(" " * (x // 12) + label)
        return img.height

    def add_raster(self, width_bytes: int, height: int, mode: int, data: bytes, align: int) -> int:
        if not width_bytes or not height:
            return 0
        bits = Image.frombytes("1", (width_bytes * 8, height), data)  # 1 = black in ESC/POS
        img = bits.convert("L").point(lambda v: 0 if v else 255)
        if mode & 1:
            img = img.resize((img.width * 2, img.height), Image.NEAREST)
        if mode & 2:
            img = img.resize((img.width, img.height * 2), Image.NEAREST)
        return self.add_image(img, align, f"[图像 image {img.width}x{img.height}]")

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
            strip = s.draw() if isinstance(s, LaterQR) else s
            paper.paste(strip, (margin, y))
            y += strip.height
        text = "\n".join(self.text_lines).rstrip("\n") + "\n"
        return paper, text
