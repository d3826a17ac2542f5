"""Helpers for the printer tests: configs, decoding receipts' PNGs, measuring ink on them."""

from __future__ import annotations

from PIL import Image

from kiosk.config.schema import DeviceConfig

#: A fast line for tests that wait for paper time (shared/TOOLCHAIN: no real sleeps in tests).
FAST_BAUD = 230400
#: Tests of a healthy printer never wait this out (the answer comes at once); a generous value
#: keeps a loaded CI machine from turning a late thread switch into "not answering". Tests
#: of silence pass a short timeout of their own.


def device_config(port: str, *, paper: str = "80mm", native_qr: bool = True, baudrate: int = FAST_BAUD,
                  status_timeout_ms: int = 1000) -> DeviceConfig:
    return DeviceConfig(driver="escpos", port=port, baudrate=baudrate,
                        options={"paper": paper, "native_qr": native_qr, "status_timeout_ms": status_timeout_ms})


def decode_qr(path: str) -> list[str]:
    import zxingcpp
    img = Image.open(path).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode]


def ink_rows(img: Image.Image) -> list[tuple[int, int]]:
    """Runs of rows with black pixels: (top, bottom exclusive), one per printed line or image."""
    g = img.convert("L")
    w, h = g.size
    px = g.load()
    runs, start = [], None
    for y in range(h):
        dark = any(px[x, y] < 128 for x in range(w))
        if dark and start is None:
            start = y
        elif not dark and start is not None:
            runs.append((start, y))
            start = None
    if start is not None:
        runs.append((start, h))
    return runs


def ink_box(img: Image.Image, top: int, bottom: int) -> tuple[int, int, int, int]:
    """Bounding box of the black pixels between rows ``top`` and ``bottom``."""
    band = img.convert("L").crop((0, top, img.width, bottom)).point(lambda v: 255 if v < 128 else 0)
    box = band.getbbox()
    return (box[0], top + box[1], box[2], top + box[3])


def black_pixels(img: Image.Image, box) -> int:
    return sum(img.convert("L").crop(box).histogram()[:128])
