"""Maintenance mode: the hidden corner gesture, the PIN with its lockout, devices and actions, masked data only."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import all_texts


def corner_taps(qtbot, rt, n=5):
    for _ in range(n):
        target = rt.window.childAt(10, 10) or rt.window
        qtbot.mouseClick(target, Qt.LeftButton, pos=target.mapFrom(rt.window, QPoint(10, 10)))


def pin(qtbot, rt, digits):
    for d in digits + ["ok"]:
        qtbot.mouseClick(rt.window.findChild(QPushButton, f"pin.{d}"), Qt.LeftButton)


def test_the_corner_gesture_and_the_pin_open_maintenance(qtbot, runtime):
    rt = runtime
    corner_taps(qtbot, rt)
    assert rt.window.current_screen.name == "maintenance_pin"
    pin(qtbot, rt, list("246810"))
    assert rt.window.current_screen.name == "maintenance"
    qtbot.waitUntil(lambda: "正常 OK" in " ".join(all_texts(rt.window)), timeout=10000)
    texts = " ".join(all_texts(rt.window))
    assert "printer" in texts and "id_reader" in texts and "正常" in texts
    assert [e.kind for e in rt.audit.events("maintenance_entered")]


def test_wrong_pins_lock_entry(qtbot, runtime):
    rt = runtime
    corner_taps(qtbot, rt)
    for _ in range(5):
        pin(qtbot, rt, list("111111"))
    assert "锁定" in " ".join(all_texts(rt.window)) or "Locked" in " ".join(all_texts(rt.window))
    assert not rt.window.findChild(QPushButton, "pin.1").isEnabled()
    assert rt.audit.events("maintenance_locked")


def test_maintenance_prints_a_diagnostics_receipt_without_personal_data(qtbot, runtime):
    rt = runtime
    rt.hardware.id_reader.insert_card("li_xiuying")
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    before = len(rt.hardware.printer.receipts)
    qtbot.mouseClick(rt.window.findChild(QPushButton, "maint.diagnostics"), Qt.LeftButton)
    assert rt.hardware.printer.wait_for_receipts(before + 1, timeout=10)
    text = open(rt.hardware.printer.receipts[-1][1], encoding="utf-8").read()
    assert "诊断凭条" in text and "421221197811050049" not in text and "李秀英" not in text
    assert "421221197811050049" not in " ".join(all_texts(rt.window))
    qtbot.mouseClick(rt.window.findChild(QPushButton, "HomeButton"), Qt.LeftButton)
    assert rt.window.current_screen is rt.window.attract


def test_maintenance_reads_cards_masked(qtbot, runtime):
    rt = runtime
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.mouseClick(rt.window.findChild(QPushButton, "maint.id_card"), Qt.LeftButton)
    texts = " ".join(all_texts(rt.window))
    assert "4212**********0049" in texts and "421221197811050049" not in texts and "李秀英" not in texts
    rt.hardware.gas_reader.insert("ready")
    qtbot.mouseClick(rt.window.findChild(QPushButton, "maint.gas_card"), Qt.LeftButton)
    texts = " ".join(all_texts(rt.window))
    assert "20: 47 41 53 31" in texts          # the tag GAS1
    assert "42 12 00 ** ** ** ** ** ** ** **" in texts  # area code, then the card number masked


def test_a_top_up_needing_a_person_can_be_marked_refunded(qtbot, runtime):
    from decimal import Decimal
    from kiosk.gas.journal import TopupState
    rt = runtime
    row = rt.journal.create(card_number="4212000000010002", card_masked="4212********0002",
                            amount_yuan=Decimal(50), count_before=7)
    rt.journal.advance(row.id, TopupState.EXPIRED, order_no="PAYX", attention="order not closed")
    rt.recovery.close()  # keep recovery from settling it first
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    qtbot.mouseClick(rt.window.findChild(QPushButton, f"maint.refunded.{row.id}"), Qt.LeftButton)
    assert rt.journal.get(row.id).state == "refunded"
    assert any(e.detail.get("action") == "mark_refunded" for e in rt.audit.events("maintenance_action"))


def test_counters_count_since_the_last_reset(qtbot, runtime):
    rt = runtime
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    actions = rt.window.maintenance_actions
    assert dict(actions.counters())["sessions"] >= 1
    qtbot.mouseClick(rt.window.findChild(QPushButton, "maint.reset_counters"), Qt.LeftButton)
    assert all(n == 0 for _label, n in actions.counters())


def test_the_traffic_view_shows_frame_heads_and_no_personal_data(qtbot, runtime):
    rt = runtime
    # a resident's ID card read, then a gas card with its password presented (a top-up write path)
    rt.hardware.id_reader.insert_card("li_xiuying")
    rt.devices.id_reader.read_card()
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    traffic = rt.window.maintenance_actions.traffic(40)
    assert any("AA AA AA 96 69" in line for line in traffic["id_reader"])
    texts = " ".join(all_texts(rt.window))
    name_ucs2 = "李秀英".encode("utf-16-le").hex(" ").upper()
    number_ucs2 = "421221197811050049".encode("utf-16-le")[:8].hex(" ").upper()
    for secret in (name_ucs2, number_ucs2, "李秀英", "421221197811050049"):
        assert secret not in texts


def test_the_write_test_runs_only_on_a_test_card_and_changes_nothing(qtbot, runtime):
    rt = runtime
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    actions = rt.window.maintenance_actions
    rt.hardware.gas_reader.insert("ready")
    before = rt.hardware.gas_reader.card_memory("ready")
    assert "Not a test card" in actions.run("gas_write_test")
    assert rt.hardware.gas_reader.card_memory("ready") == before
    rt.hardware.gas_reader.remove()
    rt.hardware.gas_reader.insert("test_card")
    before = rt.hardware.gas_reader.card_memory("test_card")
    assert "Write and read-back OK" in actions.run("gas_write_test")
    assert rt.hardware.gas_reader.card_memory("test_card") == before
    assert rt.hardware.gas_reader.tries_left("test_card") == 3


def open_guide(qtbot, rt, device):
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    qtbot.waitUntil(lambda: rt.window.findChild(QPushButton, f"maint.guide.{device}") is not None, timeout=10000)
    qtbot.mouseClick(rt.window.findChild(QPushButton, f"maint.guide.{device}"), Qt.LeftButton)
    assert rt.window.current_screen.name == "maintenance_guide"
    return rt.window.current_screen


def test_guided_id_reader_check_reads_a_card_masked(qtbot, runtime):
    rt = runtime
    guide = open_guide(qtbot, rt, "id_reader")
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.waitUntil(lambda: guide.index == 1, timeout=10000)
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: guide.index == 2, timeout=10000)
    texts = " ".join(all_texts(rt.window))
    assert "4212**********0049" in texts and "421221197811050049" not in texts and "ID card reader OK" in texts
    qtbot.mouseClick(rt.window.findChild(QPushButton, "guide.back"), Qt.LeftButton)
    assert rt.window.current_screen.name == "maintenance"


def test_guided_printer_check_prints_and_records_the_answer(qtbot, runtime):
    rt = runtime
    guide = open_guide(qtbot, rt, "printer")
    before = len(rt.hardware.printer.receipts)
    qtbot.mouseClick(rt.window.findChild(QPushButton, "guide.start"), Qt.LeftButton)
    assert rt.hardware.printer.wait_for_receipts(before + 1, timeout=10)
    qtbot.mouseClick(rt.window.findChild(QPushButton, "guide.no"), Qt.LeftButton)
    assert guide.index == 3 and "print head" in " ".join(all_texts(rt.window))
    assert rt.audit.events("maintenance_guide_result")[-1].detail == {"device": "printer", "result": "fault"}


def test_guided_gas_reader_check_writes_the_test_card_and_gives_it_back(qtbot, runtime):
    rt = runtime
    guide = open_guide(qtbot, rt, "gas_reader")
    rt.hardware.gas_reader.insert("test_card")
    qtbot.waitUntil(lambda: guide.index == 1, timeout=10000)
    assert "Write and read-back OK" in " ".join(all_texts(rt.window))
    qtbot.mouseClick(rt.window.findChild(QPushButton, "guide.eject"), Qt.LeftButton)
    qtbot.waitUntil(lambda: rt.hardware.gas_reader.card_position == "gate", timeout=10000)
    rt.hardware.gas_reader.take()
    qtbot.waitUntil(lambda: guide.index == 3, timeout=10000)


def test_the_traffic_view_never_shows_a_card_password(qtbot, runtime):
    from drivers.gascard.card import derive_password
    rt = runtime
    corner_taps(qtbot, rt)
    pin(qtbot, rt, list("246810"))
    rt.hardware.gas_reader.insert("test_card")
    assert "OK" in rt.window.maintenance_actions.run("gas_write_test")  # presents the password on the line
    key = rt.devices.devices.options("gas_reader").utility_key
    password = derive_password(key, "4212999900000001").hex(" ").upper()
    lines = " ".join(rt.window.maintenance_actions.traffic(60)["gas_reader"])
    assert password not in lines
    rt.window.current_screen.render(rt.window.ctx)
    assert password not in " ".join(all_texts(rt.window))
