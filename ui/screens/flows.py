"""Which screen a tile opens: a registry from flow name to screen factory, filled as services land."""

from __future__ import annotations

from ui.screens.info import InfoScreen
from ui.screens.unavailable import UnavailableScreen

#: flow name → factory(tile, window) returning a Screen with a ``home_requested`` signal.
FLOW_SCREENS: dict = {
    "info": lambda tile, window: InfoScreen(tile),
}


def register_flow_screen(flow: str, factory) -> None:
    FLOW_SCREENS[flow] = factory


def screen_for_tile(tile, window, is_open: bool = True):
    """The first screen of ``tile``'s flow, or the page saying why it cannot be used now."""
    if not is_open:
        return UnavailableScreen(tile, "closed")
    factory = FLOW_SCREENS.get(tile.flow)
    if factory is None:
        return UnavailableScreen(tile, "not_built")
    return factory(tile, window)
