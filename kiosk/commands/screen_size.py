"""`--size WIDTHxHEIGHT` of the commands that render screens (preview, demo, tour)."""

from __future__ import annotations

import argparse
import re


def screen_size(text: str) -> tuple[int, int]:
    """argparse type: '1080x1920' → (1080, 1920); anything else is a usage error (exit 2)."""
    m = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not m:
        raise argparse.ArgumentTypeError(f"must look like 1080x1920, not {text!r}")
    return int(m[1]), int(m[2])
