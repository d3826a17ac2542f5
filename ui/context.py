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
    device_health: dict = None  # device name -> DeviceReport, from the device watcher (None: not watched)

    def tile_state(self, tile) -> tuple[str | None, str | None]:
        """(why the tile cannot be used now, a notice about printing) from its devices' health."""
        health = self.device_health or {}
        for name in tile.required_devices:
            report = health.get(name)
            if report is not None and not report.healthy:
                return self.t("tile.device_down", device=self.t(f"device.{name}")), None
        printer = health.get("printer")
        if tile.uses_printer and printer is not None and not printer.healthy:
            paper_out = printer.components.get("paper") in ("out", "end")
            return None, self.t("tile.no_paper" if paper_out else "tile.no_printer")
        return None, None

    @property
    def theme(self) -> Theme:
        return Theme(elder=self.elder)

    def t(self, key: str, **fmt) -> str:
        return t(key, self.lang, **fmt)

    def text(self, value) -> str:
        """A config Text in the current language ('' for None)."""
        return value.get(self.lang) if value is not None else ""
