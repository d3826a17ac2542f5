"""Render any screen of the kiosk offscreen to a PNG, as `kiosk preview` and the docs do."""

from __future__ import annotations

import os

from kiosk.config.schema import KNOWN_FLOWS

SCREENS = ("attract", "home", "countdown", "out_of_service") + KNOWN_FLOWS


def screen_names(config) -> list[str]:
    """Every name `--screen` accepts for this config: fixed screens, each flow, and tile:ID for each tile."""
    return list(SCREENS) + [f"tile:{t.id}" for t in config.menu.tiles]


def render(config, screen: str, out: str, *, size=(1080, 1920), lang: str = "zh", elder: bool = False,
           clock=None, problems=None) -> str:
    """Render ``screen`` to ``out``; returns the path. ``problems`` feeds the out-of-service screen."""
    from PySide6.QtWidgets import QApplication

    from kiosk.clock import SystemClock
    from ui.app import ensure_app, out_of_service_window
    from ui.window import KioskWindow

    ensure_app()
    w, h = size
    if screen == "out_of_service":
        widget = out_of_service_window(problems or ["menu.yaml:12: tiles[1].flow: unknown flow 'credit_reprot' (did you mean 'credit_report'?)"])
        widget.resize(w, h)
        widget.show()
        QApplication.processEvents()
        _save(widget, out)
        widget.close()
        widget.deleteLater()
        return out

    window = KioskWindow(config, clock or SystemClock(config.kiosk.timezone), None, watch_config=False)
    try:
        window.resize(w, h)
        window.show()
        if lang != window.ctx.lang or elder:
            window.ctx.lang, window.ctx.elder = lang, elder
        if screen != "attract":
            window.start_session()
            window.ctx.lang, window.ctx.elder = lang, elder
            window.render_all()
            if screen == "countdown":
                window.overlay.show_seconds(window.sessions.countdown_seconds)
            elif screen != "home":
                window.open_tile(_tile_for(config, screen).id)
        else:
            window.render_all()
        for _ in range(3):
            QApplication.processEvents()
        _save(window, out)
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return out


def _tile_for(config, screen: str):
    if screen.startswith("tile:"):
        return config.menu.tile(screen[5:])
    for tile in config.menu.visible_tiles() + list(config.menu.tiles):
        if tile.flow == screen:
            return tile
    raise KeyError(f"no tile in menu.yaml starts the flow '{screen}'")


def _save(widget, out: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(out)) or ".", exist_ok=True)
    if not widget.grab().save(out):
        raise OSError(f"could not write {out}")
