"""What every screen renders from: the config, the language and mode of this moment, the clock."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config.schema import KioskConfig
from kiosk.texts import t
from ui.theme import Theme


@dataclass
class UiContext:
    config: KioskConfig
    clock: object
    lang: str = "zh"
    elder: bool = False

    @property
    def theme(self) -> Theme:
        return Theme(elder=self.elder)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def text(self, value) -> str:
        """A config Text in the current language ('' for None)."""
        return value.get(self.lang) if value is not None else ""
