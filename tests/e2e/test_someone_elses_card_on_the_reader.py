"""A card the last resident left on the ID reader, end to end: the next resident is told, takes it away, is read."""

from PySide6.QtCore import Qt

from tests.e2e.test_id_services import click_button, step
from tests.ui.conftest import all_texts
from ui.driving import shown_button


def shown(rt) -> str:
    return " ".join(all_texts(rt.window))


def leave_card_behind(qtbot, rt, clock):
    """li_xiuying reads her credit report, goes home and walks away without her card."""
    w = rt.window
    qtbot.mouseClick(w.attract, Qt.LeftButton)
    qtbot.mouseClick(w.home.tiles["credit"], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "place_card", timeout=3000)
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.waitUntil(lambda: step(w) == "report", timeout=10000)
    click_button(qtbot, w, "flow.home")
    assert step(w) == "take_card"
    flow = w.current_screen.runner.flow
    clock.advance(21)
    qtbot.waitUntil(lambda: "alert" in flow.screen.fields, timeout=3000)  # "your card is still on the reader!"
    clock.advance(21)
    qtbot.waitUntil(lambda: w.current_screen is w.home, timeout=5000)  # the kiosk gives up waiting
    assert rt.audit.events("card_left_on_reader")


def next_resident_opens(qtbot, rt, tile):
    w = rt.window
    qtbot.mouseClick(w.home.tiles[tile], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "card_left", timeout=5000)


def test_the_next_resident_is_told_of_the_left_card_and_is_read_once_it_is_taken_away(qtbot, runtime, e2e_clock):
    rt = runtime
    leave_card_behind(qtbot, rt, e2e_clock)
    next_resident_opens(qtbot, rt, "property")
    assert "感应区上已有一张身份证" in shown(rt) and "工作人员" in shown(rt)
    assert "李*英" not in shown(rt) and "0049" not in shown(rt)  # the left card is never read
    found = rt.audit.events("card_found_on_reader")
    assert len(found) == 1 and "id_hash" not in found[0].detail
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: step(rt.window) == "place_card", timeout=5000)
    rt.hardware.id_reader.insert_card("wang_jianguo")
    qtbot.waitUntil(lambda: step(rt.window) == "property_list", timeout=10000)
    assert "王*国" in shown(rt)


def test_leaving_while_the_left_card_lies_there_goes_home_without_asking_for_it(qtbot, runtime, e2e_clock):
    rt = runtime
    leave_card_behind(qtbot, rt, e2e_clock)
    next_resident_opens(qtbot, rt, "credit")
    assert shown_button(rt.window, "flow.home") is not None
    click_button(qtbot, rt.window, "flow.home")
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=3000)
    assert rt.audit.events("service_ended")[-1].detail["reason"] == "cancelled"
    rt.hardware.id_reader.remove_card()
