"""Every screen fits portrait and landscape, in both languages and in elder mode: nothing clipped or overlapping."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea

from kiosk.config import load_config
from ui.window import KioskWindow

SIZES = [(1080, 1920), (1920, 1080)]
SCREENS = ["attract", "home", "info", "gas_topup", "countdown"]


def _visible(w, root):
    return w.isVisibleTo(root) and w.width() > 0


def _global_rect(w):
    return QRect(w.mapTo(w.window(), w.rect().topLeft()), w.size())


def layout_problems(root, *, scrolling_ok: bool = False) -> list[str]:
    """Labels cut off, buttons too small to touch, text too small to read, tiles overlapping."""
    problems = []
    for lab in root.findChildren(QLabel):
        if not _visible(lab, root) or not lab.text():
            continue
        fm = lab.fontMetrics()
        if lab.font().pixelSize() != -1 and lab.font().pixelSize() < 24:
            problems.append(f"text below 24 px: {lab.text()!r}")
        if lab.wordWrap():
            need = lab.heightForWidth(lab.contentsRect().width())
            if need > lab.height() + 2:
                problems.append(f"label cut off ({need}>{lab.height()}): {lab.text()[:30]!r}")
        else:
            widest = max(fm.horizontalAdvance(line) for line in lab.text().splitlines())
            if widest > lab.contentsRect().width() + 2:
                problems.append(f"label too narrow ({widest}>{lab.contentsRect().width()}): {lab.text()[:30]!r}")
        # a label must lie inside the window (labels in a scrolled page may lie below the fold)
        if not scrolling_ok and not root.rect().contains(_global_rect(lab)):
            problems.append(f"label outside the window: {lab.text()[:30]!r}")
    buttons = [b for b in root.findChildren(QAbstractButton) if _visible(b, root)]
    for b in buttons:
        if b.height() < 80 or b.width() < 80:
            problems.append(f"touch target {b.width()}x{b.height()} < 80 px: {b.objectName()} {b.text()!r}")
        if b.text():
            if b.fontMetrics().horizontalAdvance(b.text()) > b.width():
                problems.append(f"button text cut off: {b.text()!r}")
    for area in root.findChildren(QScrollArea):
        if _visible(area, root) and area.widget() is not None:
            if area.widget().width() > area.viewport().width():
                problems.append(f"page cut off at the right: {area.widget().objectName()}")
            if not scrolling_ok and area.widget().sizeHint().height() > area.viewport().height():
                problems.append(f"page needs scrolling: {area.widget().objectName()}")
    tiles = [b for b in buttons if b.objectName() == "Tile"]
    for i, a in enumerate(tiles):
        for b in tiles[i + 1:]:
            if _global_rect(a).intersects(_global_rect(b)):
                problems.append(f"tiles overlap: {a.tile.id} and {b.tile.id}")
    return problems


# the attract screen belongs to no session: always the default language at normal size
CASES = [(screen, size, lang, elder) for screen in SCREENS for size in SIZES for lang in ("zh", "en")
         for elder in (False, True) if screen != "attract" or (lang == "zh" and not elder)]


@pytest.mark.parametrize("screen,size,lang,elder", CASES,
                         ids=[f"{c[0]}-{c[1][0]}x{c[1][1]}-{c[2]}{'-elder' if c[3] else ''}" for c in CASES])
def test_screen_fits_without_clipping(qtbot, config_dir, clock, size, lang, elder, screen):
    window = KioskWindow(load_config(str(config_dir)), clock, None, watch_config=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    try:
        if screen != "attract":
            window.start_session()
            window.ctx.lang, window.ctx.elder = lang, elder
            window.render_all()
            if screen == "countdown":
                window.overlay.show_seconds(30)
            elif screen != "home":
                tile = next(t for t in window.config.menu.tiles if t.flow == screen)
                window.open_tile(tile.id)
        QApplication.processEvents()
        assert window.size().width() == size[0] and window.size().height() == size[1]
        root = window.overlay if screen == "countdown" else window
        assert layout_problems(root) == []
    finally:
        window.shutdown()


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
    from PySide6.QtWidgets import QPushButton
    while True:
        QApplication.processEvents()
        assert layout_problems(window) == []
        seen += list(window.home.tiles)
        nxt = window.home.findChild(QPushButton, "NextPage")
        if nxt is None or not nxt.isEnabled():
            break
        nxt.click()
    assert len(seen) == 14 and len(set(seen)) == 14
    window.shutdown()
