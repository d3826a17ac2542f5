"""Every screen fits portrait and landscape, in both languages and in elder mode: nothing clipped or overlapping."""

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.config import load_config
from ui.layout_check import layout_problems
from ui.window import KioskWindow

SIZES = [(1080, 1920), (1920, 1080)]
SCREENS = ["attract", "home", "info", "gas_topup", "countdown"]


# the attract screen belongs to no session: always the default language at normal size
CASES = [(screen, size, lang, elder) for screen in SCREENS for size in SIZES for lang in ("zh", "en")
         for elder in (False, True) if screen != "attract" or (lang == "zh" and not elder)]


@pytest.mark.parametrize("screen,size,lang,elder", CASES,
                         ids=[f"{c[0]}-{c[1][0]}x{c[1][1]}-{c[2]}{'-elder' if c[3] else ''}" for c in CASES])
def test_screen_fits_without_clipping(window_at, size, lang, elder, screen):
    window = window_at(size, None if screen == "attract" else lang, elder)
    if screen == "countdown":
        window.overlay.show_seconds(30)
    elif screen not in ("attract", "home"):
        tile = next(t for t in window.config.menu.tiles if t.flow == screen)
        window.open_tile(tile.id)
    QApplication.processEvents()
    assert window.size().width() == size[0] and window.size().height() == size[1]
    root = window.overlay if screen == "countdown" else window
    assert layout_problems(root) == []


def test_home_pages_hold_every_tile_when_there_are_many(qtbot, config_dir, clock):
    menu = config_dir / "menu.yaml"
    extra = "".join(f"""
  - id: extra{i}
    flow: info
    icon: info
    title: {{zh: 通知{i}, en: Notice {i}}}
    info:
      text: {{zh: 内容, en: Text}}
""" for i in range(9))
    menu.write_text(menu.read_text(encoding="utf-8") + extra, encoding="utf-8")
    window = KioskWindow(load_config(str(config_dir)), clock, None, watch_config=False)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    window.start_session()
    seen = []
    from ui.driving import shown_button
    while True:
        QApplication.processEvents()
        assert layout_problems(window) == []
        seen += list(window.home.tiles)
        nxt = shown_button(window.home, "NextPage")  # the other size's hidden page has one too
        if nxt is None or not nxt.isEnabled():
            break
        nxt.click()
    assert len(seen) == 14 and len(set(seen)) == 14
    window.shutdown()


def test_a_text_field_that_would_call_up_the_system_keyboard_is_reported(qtbot):
    from PySide6.QtWidgets import QLineEdit, QWidget
    page = QWidget()
    qtbot.addWidget(page)
    QLineEdit(page).resize(300, 100)
    page.resize(600, 600)
    page.show()
    assert any("text field QLineEdit" in p for p in layout_problems(page))
