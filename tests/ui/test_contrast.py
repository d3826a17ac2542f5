"""Every styled text/background pair of the theme reaches a contrast of 4.5:1 (WCAG AA), in both modes."""

import pytest

from ui import theme


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAGE = "#f5f7fa"


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_every_text_and_background_pair_reaches_4_5_to_1(elder):
    t = theme.Theme(elder=elder)
    pairs = {
        "body on page": (t.text_color, PAGE),
        "body on card": (t.text_color, "#ffffff"),
        "muted on page": (t.muted_color, PAGE),
        "muted on card": (t.muted_color, "#ffffff"),
        "header text": ("#ffffff", theme.BLUE),
        "primary button": ("#ffffff", theme.BLUE),
        "secondary button": (theme.BLUE, "#ffffff"),
        "pressed button": (theme.BLUE, theme.BLUE_LIGHT),
        "tile title": (theme.BLUE, "#ffffff"),
        "closed tile title": ("#455a64", theme.GREY_TILE),
        "closed tile hours": ("#263238", theme.GREY_TILE),
        "notice": (theme.WARN_TEXT, theme.WARN_BG),
        "tile notice": (theme.WARN_TEXT, "#ffffff"),
        "error text": ("#b71c1c", PAGE),
        "alert": ("#ffffff", "#c62828"),
        "fault tag": ("#ffffff", "#c62828"),
        "ok tag": ("#ffffff", "#2e7d32"),
        "section title": (theme.BLUE, "#ffffff"),
        "footer": (t.text_color, "#e8ecf1"),
        "attract line": ("#ffffff", "#1976d2"),
        "out of service title": ("#b71c1c", PAGE),
    }
    low = {name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5}
    assert low == {}


def test_the_stylesheet_uses_only_these_colours():
    """A colour added to the style sheet must be added to the pairs above."""
    import re
    sheet = theme.stylesheet(theme.Theme())
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", sheet)}
    known = {c.lower() for c in (theme.BLUE, theme.BLUE_LIGHT, theme.TEXT, theme.TEXT_MUTED, theme.GREY_TILE,
                                 theme.WARN_BG, theme.WARN_TEXT, PAGE, "#ffffff", "#455a64", "#263238", "#b71c1c",
                                 "#c62828", "#2e7d32", "#e8ecf1", "#1976d2", "#0d47a1", "#c5d3e8", "#90a4ae",
                                 "#eceff1", "#0a3a80", "#78909c", "#b0bec5", "#1a1a1a", "#000000")}
    assert used <= known, used - known
