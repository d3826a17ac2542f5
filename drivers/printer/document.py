"""Receipts as documents (title, text, key-value rows, separators, QR, feed, cut) and their ESC/POS bytes.

``encode`` is the one place a document becomes bytes. It uses python-escpos for the
command set (initialise, styles, native QR, raster images, feed, cut) and writes the text
itself as GB18030 in Chinese mode, because python-escpos would pick single-byte code pages
for anything that is not a common ideograph. A line that still holds a four-byte character
after ``textcodec.printable`` (a rare name character such as 𠮷) is drawn and sent as an image.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from drivers.printer import textcodec
from drivers.printer.commands import LF
from drivers.printer.profiles import PaperProfile
from kiosk.errors import KioskError

if TYPE_CHECKING:  # loaded on first use (printing): Pillow, qrcode and python-escpos are ~6 MB an idle kiosk skips
    from PIL import Image, ImageFont

    from drivers.printer.escpos_sink import BufferPrinter

ALIGNS = ("left", "center", "right")
QR_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}
#: Native QR data is limited by the symbol (version 40-M holds 2331 bytes); receipts carry URLs.
MAX_QR_BYTES = 1000
MAX_TEXT_CHARS = 4000

FONT_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                         "ui", "fonts", "wqy-microhei.ttc")


class DocumentError(KioskError):
    """A receipt document that cannot be printed as given (a programming error, caught before any byte is sent)."""

    user_zh = "凭条内容有误，无法打印，请联系工作人员。"


def _check(cond: bool, message: str) -> None:
    if not cond:
        raise DocumentError(message)


@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped to the paper; ``width``/``height`` are character magnifications 1-8."""

    text: str
    width: int = 1
    height: int = 1
    bold: bool = False
    underline: bool = False
    align: str = "left"

    def __post_init__(self):
        _check(isinstance(self.text, str) and len(self.text) <= MAX_TEXT_CHARS, "text must be a str of at most 4000 characters")
        _check(1 <= self.width <= 8 and 1 <= self.height <= 8, f"text size {self.width}x{self.height} outside 1-8")
        _check(self.align in ALIGNS, f"align must be one of {ALIGNS}, not {self.align!r}")


@dataclass(frozen=True)
class KeyValue:
    """A row with the key on the left and the value flush right; lines up in Chinese and Latin alike."""

    key: str
    value: str
    bold: bool = False

    def __post_init__(self):
        _check(isinstance(self.key, str) and isinstance(self.value, str), "key and value must be str")
        _check(len(self.key) + len(self.value) <= MAX_TEXT_CHARS, "key-value row too long")


@dataclass(frozen=True)
class Separator:
    """A full-width rule made of ``char``."""

    char: str = "-"

    def __post_init__(self):
        _check(isinstance(self.char, str) and len(self.char) == 1, "separator char must be one character")


@dataclass(frozen=True)
class QRCode:
    """A QR code (the printer's native symbol, or a raster image where the profile has none)."""

    payload: str
    module: int = 6
    ec: str = "M"
    align: str = "center"

    def __post_init__(self):
        _check(isinstance(self.payload, str) and 0 < len(self.payload.encode("utf-8", "surrogatepass")) <= MAX_QR_BYTES,
               f"QR payload must be 1-{MAX_QR_BYTES} bytes")
        _check(1 <= self.module <= 16, "QR module size outside 1-16")
        _check(self.ec in QR_LEVELS, f"QR error correction must be one of {tuple(QR_LEVELS)}")
        _check(self.align in ALIGNS, f"align must be one of {ALIGNS}")


@dataclass(frozen=True)
class Feed:
    """Blank paper: ``lines`` line feeds."""

    lines: int = 1

    def __post_init__(self):
        _check(0 <= self.lines <= 255, "feed lines outside 0-255")


@dataclass(frozen=True)
class Cut:
    """Feed to the cutter and cut: the end of a receipt."""

    partial: bool = False


BLOCK_TYPES = {cls.__name__: cls for cls in (Text, KeyValue, Separator, QRCode, Feed, Cut)}


@dataclass(frozen=True)
class Receipt:
    """A printable document: an ordered list of blocks."""

    blocks: tuple = field(default_factory=tuple)

    def __post_init__(self):
        object.__setattr__(self, "blocks", tuple(self.blocks))
        for b in self.blocks:
            _check(type(b) in BLOCK_TYPES.values(), f"not a receipt block: {b!r}")

    def to_dict(self) -> dict:
        """A JSON-able form (print jobs keep it for reprinting)."""
        # blocks are flat dataclasses of plain values: their __dict__ is their fields (asdict's deep copy cost
        # 2 ms of a print touch)
        return {"blocks": [{"type": type(b).__name__, **vars(b)} for b in self.blocks]}

    @classmethod
    def from_dict(cls, data: dict) -> "Receipt":
        try:
            blocks = []
            for item in data["blocks"]:
                item = dict(item)
                blocks.append(BLOCK_TYPES[item.pop("type")](**item))
        except (KeyError, TypeError, AttributeError) as exc:
            raise DocumentError(f"stored receipt is malformed: {exc}") from exc
        return cls(tuple(blocks))

    def plain_text(self) -> str:
        """The text a resident would read, for logs of what was printed (no layout)."""
        out = []
        for b in self.blocks:
            if isinstance(b, Text):
                out.append(b.text)
            elif isinstance(b, KeyValue):
                out.append(f"{b.key} {b.value}")
        return "\n".join(out)


def title(text: str) -> Text:
    return Text(text, width=2, height=2, bold=True, align="center")


def build_receipt(title_text: str, body, *, terminal_id: str, printed_at: datetime,
                  verification_code: str | None = None, verify_url: str | None = None) -> Receipt:
    """A receipt with the parts every receipt carries: title, terminal and time, and where the
    document needs them, a verification code and its QR code, then a cut."""
    blocks = [title(title_text), Separator("=")]
    blocks.extend(body)
    blocks.append(Separator("-"))
    blocks.append(KeyValue("终端编号 Terminal", terminal_id))
    blocks.append(KeyValue("打印时间 Time", printed_at.strftime("%Y-%m-%d %H:%M:%S")))
    if verification_code:
        blocks.append(KeyValue("验证码 Code", verification_code))
    if verify_url:
        blocks.append(Feed(1))
        blocks.append(QRCode(verify_url))
        blocks.append(Text("扫码核验真伪 Scan to verify", align="center"))
    blocks.append(Feed(2))
    blocks.append(Cut())
    return Receipt(tuple(blocks))


# ---------------------------------------------------------------- encoding

def encode(receipt: Receipt, profile: PaperProfile, *, native_qr: bool = True) -> bytes:
    """The bytes that print ``receipt`` on a printer with ``profile``, starting with an initialise."""
    from drivers.printer.escpos_sink import BufferPrinter
    p = BufferPrinter(profile.escpos_model)
    use_native = native_qr and profile.native_qr
    p.initialise()
    for block in receipt.blocks:
        if isinstance(block, Text):
            _encode_text(p, block, profile)
        elif isinstance(block, KeyValue):
            _encode_key_value(p, block, profile)
        elif isinstance(block, Separator):
            _encode_separator(p, block, profile)
        elif isinstance(block, QRCode):
            _encode_qr(p, block, profile, use_native)
        elif isinstance(block, Feed):
            if block.lines:
                p.print_and_feed(block.lines)
        elif isinstance(block, Cut):
            _encode_cut(p, block)
    return p.output()


def _encode_cut(p: BufferPrinter, block: Cut) -> None:
    if p.profile.supports("paperFullCut") or p.profile.supports("paperPartCut"):
        p.cut(mode="PART" if block.partial else "FULL")
    else:
        # Kiosk printers all have a cutter; python-escpos's data for some 58 mm models lacks
        # it and would silently drop the cut, so send it ourselves after the same feed.
        p.print_and_feed(6)
        p._raw(b"\x1d\x56" + (b"\x01" if block.partial else b"\x00"))


def _style(p: BufferPrinter, *, align="left", bold=False, underline=False, width=1, height=1) -> None:
    p.set(align=align, bold=bold, underline=1 if underline else 0, custom_size=True, width=width, height=height)


def _reset(p: BufferPrinter) -> None:
    _style(p)


def _send_lines(p: BufferPrinter, lines: list[str], *, width: int, height: int, bold: bool, align: str) -> None:
    for line in lines:
        if textcodec.has_four_byte(line):
            p.image(render_line(line, width=width, height=height, bold=bold), impl="bitImageRaster")
        else:
            p._raw(textcodec.encode(line) + LF)


def _encode_text(p, block: Text, profile: PaperProfile) -> None:
    cols = max(profile.columns // block.width, 2)
    lines: list[str] = []
    for paragraph in block.text.split("\n"):
        lines.extend(textcodec.wrap(textcodec.printable(paragraph), cols))
    _style(p, align=block.align, bold=block.bold, underline=block.underline, width=block.width, height=block.height)
    _send_lines(p, lines, width=block.width, height=block.height, bold=block.bold, align=block.align)
    _reset(p)


def key_value_lines(key: str, value: str, columns: int) -> list[str]:
    """Lines of a key-value row: ``key  ...  value`` on one line, or the value flush right below."""
    key, value = textcodec.printable(key), textcodec.printable(value)
    kw, vw = textcodec.display_width(key), textcodec.display_width(value)
    if kw + 1 + vw <= columns:
        return [key + " " * (columns - kw - vw) + value]
    lines = textcodec.wrap(key, columns) if key else []
    for part in textcodec.wrap(value, columns):
        lines.append(" " * (columns - textcodec.display_width(part)) + part)
    return lines


def _encode_key_value(p, block: KeyValue, profile: PaperProfile) -> None:
    _style(p, bold=block.bold)
    _send_lines(p, key_value_lines(block.key, block.value, profile.columns), width=1, height=1, bold=block.bold, align="left")
    _reset(p)


def _encode_separator(p, block: Separator, profile: PaperProfile) -> None:
    ch = textcodec.printable(block.char)[:1] or "-"
    if textcodec.has_four_byte(ch):
        ch = "-"
    p._raw(textcodec.encode(ch * (profile.columns // textcodec.char_columns(ch))) + LF)


def _encode_qr(p, block: QRCode, profile: PaperProfile, native: bool) -> None:
    p.set(align=block.align)  # python-escpos cannot centre a native QR itself: ESC a first
    if native:
        p.qr(block.payload, ec=QR_LEVELS[block.ec], size=block.module, native=True)
        p._raw(LF)
    else:
        p.image(qr_image(block.payload, block.module, block.ec, profile.dots), impl="bitImageRaster")
        p._raw(LF)  # a quiet zone under the symbol, as the printer leaves after a native one
    _reset(p)


def qr_image(payload: str, module: int, ec: str, max_dots: int) -> Image.Image:
    """The QR symbol as a black-on-white image, shrunk (smaller modules) to fit the paper."""
    import qrcode
    from PIL import Image, ImageDraw
    levels = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
              "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}
    qr = qrcode.QRCode(version=None, error_correction=levels[ec], box_size=1, border=0)
    qr.add_data(payload.encode("utf-8", "surrogatepass"))
    try:
        qr.make(fit=True)
    except qrcode.exceptions.DataOverflowError as exc:
        raise DocumentError(f"QR payload too long: {exc}") from exc
    matrix = qr.get_matrix()
    n = len(matrix)
    module = max(1, min(module, max_dots // n))
    img = Image.new("L", (n * module, n * module), 255)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle((x * module, y * module, (x + 1) * module - 1, (y + 1) * module - 1), fill=0)
    return img


#: Fonts for characters the bundled font lacks (CJK extension B/C… rare name characters), in
#: order; Debian's fonts-hanazono covers them. Missing files are skipped.
FALLBACK_FONTS = (
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0),
    ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
)


@lru_cache(maxsize=16)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont | None:
    from PIL import ImageFont
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError:
        return None


def _has_glyph(font: ImageFont.FreeTypeFont, ch: str) -> bool:
    missing = font.getmask("\U0010fffd")  # a plane-16 private-use point: no font draws it
    mask = font.getmask(ch)
    return mask.size != missing.size or bytes(mask) != bytes(missing)


@lru_cache(maxsize=1024)
def _font_for(ch: str, size: int) -> ImageFont.FreeTypeFont:
    """The bundled font, or the first fallback font that has a glyph for ``ch``."""
    bundled = _load(FONT_PATH, 1, size)
    if ch < "\u3400" or _has_glyph(bundled, ch):
        return bundled
    for path, index in FALLBACK_FONTS:
        font = _load(path, index, size)
        if font is not None and _has_glyph(font, ch):
            return font
    logging.getLogger("kiosk.drivers.printer").warning(
        "no font has a glyph for U+%04X; install fonts-hanazono", ord(ch))
    return bundled


def can_draw(ch: str) -> bool:
    """True if some available font has a glyph for ``ch`` (rare characters need a fallback font)."""
    return _has_glyph(_font_for(ch, 24), ch)


def render_line(line: str, *, width: int = 1, height: int = 1, bold: bool = False) -> Image.Image:
    """A text line drawn the way the printer draws text: ASCII in 12x24 cells, the rest in 24x24,
    magnified, plus the 6-dot line gap, so a rasterised line lines up with printed ones."""
    from PIL import Image, ImageDraw
    cells = textcodec.display_width(line)
    img = Image.new("L", (max(cells, 1) * 12, 24), 255)
    draw = ImageDraw.Draw(img)
    x = 0
    for ch in line:
        cw = textcodec.char_columns(ch) * 12
        if ch != " ":
            font = _font_for(ch, 20 if cw == 12 else 24)
            draw.text((x + cw / 2, 12), ch, font=font, fill=0, anchor="mm", stroke_width=1 if bold else 0, stroke_fill=0)
        x += cw
    img = img.point(lambda v: 0 if v < 128 else 255)
    if width > 1 or height > 1:
        img = img.resize((img.width * width, 24 * height), Image.NEAREST)
    out = Image.new("L", (img.width, img.height + 6), 255)  # the printer's line gap
    out.paste(img, (0, 0))
    return out
