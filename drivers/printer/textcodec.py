"""Text for a Chinese ESC/POS printer: GB18030 two-byte forms, column widths and wrapping.

In Chinese mode the printer reads a byte >= 0x81 as the start of a two-byte GB18030
character and prints it full width (two columns of font A); ASCII is one column.
Characters GB18030 encodes in four bytes print as garbage, so they are mapped to a
two-byte look-alike here, or the line they are in is printed as an image (see document.py).
"""

from __future__ import annotations

import unicodedata

#: Four-byte characters with a two-byte form that reads the same on a receipt.
FOUR_BYTE_SUBSTITUTES = {
    "\u00a5": "\uffe5",  # ¥ -> ￥
    "\u2022": "\u00b7",  # • -> ·
    "\u30fb": "\u00b7",  # ・ -> ·
    "\u00a0": " ",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u00b9": "1",
    "\u00bd": "1/2",
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\ufeff": "",
}

#: Sequences with a two-byte symbol of their own.
SEQUENCE_SUBSTITUTES = {"m\u00b2": "\u33a1"}


def gb_len(ch: str) -> int:
    """Bytes GB18030 needs for one character (0 if it cannot encode it at all)."""
    if ch < "\x80":
        return 1
    try:
        return len(ch.encode("gb18030"))
    except UnicodeEncodeError:
        return 0


def _substitute(ch: str) -> str:
    if ch in FOUR_BYTE_SUBSTITUTES:
        return FOUR_BYTE_SUBSTITUTES[ch]
    n = gb_len(ch)
    if n in (1, 2):
        return ch
    if n == 0:
        return "?"  # lone surrogates and the like: nothing can print them
    folded = unicodedata.normalize("NFKC", ch)
    if folded and folded != ch and all(gb_len(c) in (1, 2) for c in folded):
        return folded
    return ch  # a real four-byte character (a rare name character): the line is rasterised


def printable(text: str) -> str:
    """``text`` with control characters dropped and four-byte characters mapped where possible.

    Control characters never reach the printer as text, so document content cannot
    smuggle commands into the byte stream.
    """
    for seq, sub in SEQUENCE_SUBSTITUTES.items():
        text = text.replace(seq, sub)
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in FOUR_BYTE_SUBSTITUTES:
            continue
        else:
            out.append(_substitute(ch))
    return "".join(out)


def has_four_byte(text: str) -> bool:
    """True if ``text`` (already through ``printable``) still holds a character a printer garbles."""
    return any(gb_len(ch) > 2 for ch in text)


def char_columns(ch: str) -> int:
    """Columns of font A a character takes: ASCII one, everything else two."""
    return 1 if ch < "\x80" else 2


def display_width(text: str) -> int:
    return sum(char_columns(ch) for ch in text)


#: Punctuation that must not start a line (Chinese typesetting): it goes with the character before it.
NO_LINE_START = set("。，、；：！？）】》〉」』”’…—·％%,.;:!?)]}")


def wrap(text: str, columns: int) -> list[str]:
    """Split ``text`` into lines of at most ``columns`` columns (at spaces where a Latin word allows)."""
    columns = max(columns, 2)
    lines: list[str] = []
    current, width = "", 0
    for ch in text:
        w = char_columns(ch)
        if width + w > columns:
            # break a Latin word at its last space rather than mid-word, if the line has one
            cut = current.rfind(" ")
            if ch != " " and ch < "\x80" and cut > 0 and current[-1:] < "\x80" and current[-1:] != " ":
                lines.append(current[:cut].rstrip())
                current = current[cut + 1:]
                width = display_width(current)
            elif ch in NO_LINE_START and len(current) > 1 and current[-1] >= "\x80":
                # carry the last character over so the punctuation does not open the line
                lines.append(current[:-1])
                current = current[-1]
                width = display_width(current)
            else:
                lines.append(current.rstrip() if current.strip() else current)
                current, width = "", 0
            if ch == " " and not current:
                continue
        current += ch
        width += w
    if current or not lines:
        lines.append(current)
    return lines


def encode(text: str) -> bytes:
    """GB18030 bytes of a line already through ``printable`` and free of four-byte characters."""
    return text.encode("gb18030")
