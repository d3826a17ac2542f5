"""Sizes and colours of the kiosk, in a normal and an elder (larger, higher contrast) variant."""

from __future__ import annotations

import functools
from dataclasses import dataclass

BLUE = "#0d47a1"
BLUE_LIGHT = "#e3eefc"
TEXT = "#1a1a1a"
TEXT_MUTED = "#424242"  # 9.7:1 on white
GREY_TILE = "#eceff1"
WARN_BG = "#fff3cd"
WARN_TEXT = "#5d4200"


@dataclass(frozen=True)
class Theme:
    """Pixel sizes for one mode; every touch target ≥ 80 px and every text ≥ 24 px."""

    elder: bool = False

    @property
    def scale(self) -> float:
        return 1.5 if self.elder else 1.0

    def px(self, base: float) -> int:
        return int(round(base * self.scale))

    @property
    def text(self) -> int:        # body text
        return self.px(28)

    @property
    def small(self) -> int:       # secondary text, never below 24
        return max(24, self.px(24))

    @property
    def title(self) -> int:
        return self.px(40)

    @property
    def huge(self) -> int:
        return self.px(64)

    @property
    def button_height(self) -> int:
        return max(80, self.px(88))

    @property
    def header_height(self) -> int:
        return self.px(104)

    @property
    def footer_height(self) -> int:
        return self.px(64)

    @property
    def text_color(self) -> str:
        return "#000000" if self.elder else TEXT

    @property
    def muted_color(self) -> str:
        return "#1a1a1a" if self.elder else TEXT_MUTED


#: The window's own style (the same in both sizes); its parts hold ``stylesheet(theme)`` each.
WINDOW_STYLE = "#KioskWindow { background: #f5f7fa; }"
#: The style of a screen whose pages hold ``stylesheet(theme)`` each (the home screen: a page per size).
SCREEN_STYLE = "#Screen { background: #f5f7fa; }"


@functools.cache
def stylesheet(theme: Theme) -> str:
    """The style sheet of every part of the kiosk window for ``theme``."""
    weight = "bold" if theme.elder else "normal"
    return f"""
    QWidget {{ color: {theme.text_color}; font-size: {theme.text}px; }}
    #KioskWindow, #Screen {{ background: #f5f7fa; }}
    #Header {{ background: {BLUE}; }}
    #Header QLabel {{ color: white; }}
    #HallName {{ font-size: {min(theme.px(34), 40)}px; font-weight: bold; }}
    #HeaderClock {{ font-size: {theme.px(30)}px; }}
    #Footer {{ background: #e8ecf1; }}
    #Footer QLabel {{ color: {theme.text_color}; font-size: {theme.small}px; }}
    QPushButton {{
        min-height: {theme.button_height}px; font-size: {theme.text}px; font-weight: {weight};
        border-radius: 12px; padding: 0 {theme.px(28)}px;
        background: white; color: {BLUE}; border: 3px solid {BLUE};
    }}
    QPushButton:pressed {{ background: {BLUE_LIGHT}; }}
    QPushButton[primary="true"] {{ background: {BLUE}; color: white; }}
    QPushButton[primary="true"]:pressed {{ background: #0a3a80; }}
    QPushButton:disabled {{ color: #78909c; border-color: #b0bec5; }}
    QPushButton#PageUp, QPushButton#PageDown {{ padding: 0 {theme.px(6)}px; font-size: {theme.small}px; }}
    QPushButton[key="true"] {{ font-size: {theme.px(40)}px; }}
    #Header QPushButton {{ background: transparent; color: white; border: 3px solid white;
        min-width: {theme.px(100)}px; font-size: {theme.small}px; padding: 0 {theme.px(12)}px; }}
    #Header QPushButton:checked {{ background: white; color: {BLUE}; }}
    #ScreenTitle {{ font-size: {theme.title}px; font-weight: bold; color: {theme.text_color}; }}
    #Body {{ font-size: {theme.text}px; color: {theme.text_color}; }}
    #Muted {{ font-size: {theme.small}px; color: {theme.muted_color}; }}
    #Notice {{ background: {WARN_BG}; color: {WARN_TEXT}; border-radius: 10px; padding: {theme.px(12)}px {theme.px(20)}px;
        font-size: {theme.small}px; }}
    QPushButton#Tile {{ background: white; border: 3px solid #c5d3e8; border-radius: 18px; padding: 0px; text-align: left; }}
    QPushButton#Tile:pressed {{ background: {BLUE_LIGHT}; border-color: {BLUE}; }}
    QPushButton#Tile[closed="true"] {{ background: {GREY_TILE}; border: 3px dashed #90a4ae; }}
    #TileTitle {{ font-size: {theme.px(36)}px; font-weight: bold; color: {BLUE}; }}
    QPushButton#Tile[closed="true"] #TileTitle {{ color: #455a64; }}
    #TileSubtitle {{ font-size: {theme.small}px; color: {theme.muted_color}; }}
    #TileNotice {{ font-size: {theme.small}px; color: {WARN_TEXT}; }}
    #TileClosed {{ font-size: {theme.small}px; color: #263238; font-weight: bold; }}
    #Subject {{ font-size: {theme.text}px; color: {theme.muted_color}; }}
    #ErrorText {{ font-size: {theme.px(32)}px; font-weight: bold; color: #b71c1c; }}
    #Alert {{ font-size: {theme.px(40)}px; font-weight: bold; color: white; background: #c62828;
        border-radius: 12px; padding: {theme.px(16)}px; }}
    #SectionTitle {{ font-size: {theme.px(32)}px; font-weight: bold; color: {BLUE}; }}
    #Card {{ background: white; border: 2px solid #c5d3e8; border-radius: 14px; }}
    #Tag {{ font-size: {theme.small}px; font-weight: bold; color: white; background: #c62828; border-radius: 8px;
        padding: 2px 10px; }}
    #TagOk {{ font-size: {theme.small}px; font-weight: bold; color: white; background: #2e7d32; border-radius: 8px;
        padding: 2px 10px; }}
    #Overlay {{ background: rgba(0, 0, 0, 150); }}
    #Dialog {{ background: white; border-radius: 24px; }}
    #Countdown {{ font-size: {theme.px(96)}px; font-weight: bold; color: {BLUE}; }}
    #AttractHall {{ font-size: {theme.px(56)}px; font-weight: bold; color: white; }}
    #AttractClock {{ font-size: {theme.px(120)}px; font-weight: bold; color: white; }}
    #AttractDate, #AttractLine {{ font-size: {theme.px(34)}px; color: white; }}
    #AttractTouch {{ font-size: {theme.px(52)}px; font-weight: bold; color: {BLUE}; background: white;
        border-radius: {theme.px(24)}px; padding: {theme.px(24)}px {theme.px(60)}px; }}
    #Attract {{ background: qlineargradient(x1:0, y1:0, x2:0, y2:1, stop:0 #0d47a1, stop:1 #1976d2); }}
    #OosTitle {{ font-size: {theme.px(56)}px; font-weight: bold; color: #b71c1c; }}
    #OosProblems {{ font-size: 24px; color: #263238; background: #eceff1; border-radius: 8px; padding: 12px; }}
    #TileGrid, #ScrollContent {{ background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    QScrollBar:vertical {{ width: 16px; }}
    """
