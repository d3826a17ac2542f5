"""Verification codes and the verification URL printed as a QR code on reports and certificates."""

from __future__ import annotations

import re
from urllib.parse import quote

#: Check code characters: uppercase letters and digits without the look-alikes 0/O and 1/I.
CHECK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_CODE_LENGTH = 8
CHECK_CODE_RE = re.compile(rf"^[{CHECK_CODE_ALPHABET}]{{{CHECK_CODE_LENGTH}}}$")


def is_check_code(code: str) -> bool:
    return isinstance(code, str) and bool(CHECK_CODE_RE.match(code))


def verification_url(base: str, number: str, check_code: str) -> str:
    """``{base}?no={number}&code={check_code}`` — the QR payload of a printed report or certificate."""
    return f"{base}?no={quote(number, safe='-_.')}&code={quote(check_code, safe='')}"


__all__ = ["CHECK_CODE_ALPHABET", "CHECK_CODE_LENGTH", "CHECK_CODE_RE", "is_check_code", "verification_url"]
