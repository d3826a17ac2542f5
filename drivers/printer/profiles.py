"""Paper profiles (80 mm and 58 mm): printable dots, columns and the python-escpos model behind each."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import ConfigError


@dataclass(frozen=True)
class PaperProfile:
    """One paper width as the printer sees it."""

    name: str
    paper_mm: int
    dots: int  # printable dots per line (8 dots/mm)
    margin_dots: int  # unprintable margin each side, for the simulator's picture of the paper
    escpos_model: str  # a python-escpos capabilities profile with the same media width
    native_qr: bool = True  # the printers we buy for this width have GS ( k QR codes
    dots_per_mm: int = 8

    @property
    def columns(self) -> int:
        """Latin (half-width) characters of font A on a line; a Chinese character takes two."""
        return self.dots // 12

    @property
    def chinese_columns(self) -> int:
        return self.dots // 24

    @property
    def width_bytes(self) -> int:
        return self.dots // 8


#: The profiles a devices.yaml may name in ``options.paper``. The python-escpos models are
#: chosen for their media width. Common 58 mm printers (ZJ-5870, POS-5890) have no native QR,
#: so a 58 mm printer gets QR codes as raster images (the fallback the issue asks for).
PROFILES = {
    "80mm": PaperProfile("80mm", 80, 576, 32, "NT-80-V-UL", native_qr=True),
    "58mm": PaperProfile("58mm", 58, 384, 20, "ZJ-5870", native_qr=False),
}


def get_profile(name: str) -> PaperProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ConfigError([f"unknown paper profile '{name}' (known: {', '.join(PROFILES)})"]) from None
