"""The "a card is already on the reader" screen: drawn as an alert, and it fits every orientation, language, mode."""

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.flows import base as fb
from kiosk.texts import t
from ui.driving import shown_button
from ui.layout_check import layout_problems
from ui.widgets.card_prompt import CardPrompt

CASES = [(size, lang, elder) for size in ((1080, 1920), (1920, 1080)) for lang in ("zh", "en")
         for elder in (False, True)]


@pytest.mark.parametrize("size,lang,elder", CASES,
                         ids=[f"{c[0][0]}x{c[0][1]}-{c[1]}{'-elder' if c[2] else ''}" for c in CASES])
def test_the_card_left_screen_shows_its_alert_and_fits(window_at, size, lang, elder):
    window = window_at(size, lang, elder)
    window.open_tile("credit")
    window.current_screen.runner.dispatch(fb.CardLeft())
    QApplication.processEvents()
    assert window.current_screen.runner.flow.step == "card_left"
    alerts = [w for w in window.current_screen.findChildren(QLabel) if w.objectName() == "Alert" and w.isVisible()]
    assert [a.text() for a in alerts] == [t("id.card_left.body", lang)]
    (picture,) = [w for w in window.current_screen.findChildren(CardPrompt) if w.isVisible()]
    assert not picture.geometry().intersects(alerts[0].geometry())  # the alert does not cover the reader
    assert t("id.card_left.title", lang) in [w.text() for w in window.current_screen.findChildren(QLabel)
                                              if w.isVisible()]
    assert shown_button(window, "flow.home") is not None
    assert layout_problems(window) == []
