"""The bundled CJK font (WenQuanYi Micro Hei), registered at start-up so no screen depends on system fonts."""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger("kiosk.ui")

FONT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts", "wqy-microhei.ttc")
_family: str | None = None


def install_fonts(app) -> str:
    """Register the bundled font and make it the application's font; returns its family."""
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(FONT_FILE)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            _family = families[0]
        else:  # the app still runs; Chinese then depends on the system's fonts
            log.error("could not load the bundled CJK font %s; Chinese may render as boxes", FONT_FILE)
            _family = "Noto Sans CJK SC"
    font = QFont(_family)
    font.setPixelSize(24)
    font.setHintingPreference(QFont.PreferNoHinting)
    app.setFont(font)
    return _family
