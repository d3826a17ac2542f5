"""Gas top-up end to end: the real UI, the gas card reader and printer over ptys, billing and payment over HTTP."""

import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from drivers.gascard.card import decode
from kiosk.gas.journal import TopupState
from tests.e2e.test_id_services import click_button, decoded_qr, step
from tests.ui.conftest import all_texts
from ui.flow_runner import FlowRunner


@pytest.fixture(autouse=True)
def quick_polling(monkeypatch):
    monkeypatch.setattr(FlowRunner, "POLL_MS", 50)


def card_area(rt, card_id):
    return decode(rt.hardware.gas_reader.card_memory(card_id)[0x20:0x50])


def shown(rt):
    return " ".join(all_texts(rt.window))


def open_gas(qtbot, rt, card_id, until="account"):
    w = rt.window
    qtbot.mouseClick(w.attract, Qt.LeftButton)
    qtbot.mouseClick(w.home.tiles["gas"], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "insert_card", timeout=3000)
    rt.hardware.gas_reader.insert(card_id)
    qtbot.waitUntil(lambda: step(w) == until, timeout=10000)


def pay_screen(qtbot, rt, amount="100"):
    click_button(qtbot, rt.window, f"flow.amount.{amount}")
    assert step(rt.window) == "confirm"
    click_button(qtbot, rt.window, "flow.pay")
    qtbot.waitUntil(lambda: step(rt.window) == "pay", timeout=10000)
    return rt.window.current_screen.runner.flow.order.order_no


def take_card_and_finish(qtbot, rt):
    w = rt.window
    qtbot.waitUntil(lambda: rt.hardware.gas_reader.card_position == "gate", timeout=10000)
    rt.hardware.gas_reader.take()
    qtbot.waitUntil(lambda: w.current_screen is w.home, timeout=10000)


def test_a_normal_top_up_puts_gas_on_the_card_and_prints_a_receipt(qtbot, runtime):
    rt = runtime
    before = card_area(rt, "ready")
    open_gas(qtbot, rt, "ready")
    assert "王" in shown(rt) or "*" in shown(rt)
    order_no = pay_screen(qtbot, rt)
    assert rt.window.findChild(type(rt.window.header.clock), "PayQr") is not None
    printer = rt.hardware.printer
    printed = len(printer.receipts)
    rt.backend.pay(order_no)
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    after = card_area(rt, "ready")
    assert after.purchase_count == before.purchase_count + 1 and after.meter_flag == 0 and after.check_ok
    assert after.volume == rt.window.current_screen.runner.flow.purchase.volume_units
    assert printer.wait_for_receipts(printed + 1, timeout=5)
    png, txt = printer.receipts[-1]
    text = open(txt, encoding="utf-8").read()
    assert "购气凭证" in text and order_no in text and "4212000000010002" not in text
    assert decoded_qr(png) and order_no in decoded_qr(png)[0]
    take_card_and_finish(qtbot, rt)
    rows = rt.journal.all()
    assert [r.state for r in rows] == ["receipt_printed"]
    assert [e.to_state for e in rows[0].events] == ["created", "awaiting_payment", "paid", "card_written",
                                                    "confirmed", "receipt_printed"]
    account = rt.services.gas_billing.account("4212000000010002")
    assert account.purchase_count == after.purchase_count


def test_gas_waiting_for_the_meter_is_refused(qtbot, runtime):
    open_gas(qtbot, runtime, "waiting", until="refused")
    assert "燃气表" in shown(runtime)
    take_card_and_finish(qtbot, runtime)


def test_a_lost_card_is_refused(qtbot, runtime):
    open_gas(qtbot, runtime, "lost", until="refused")
    assert "营业厅" in shown(runtime)


def test_a_locked_card_is_refused_before_payment(qtbot, runtime):
    open_gas(qtbot, runtime, "locked", until="refused")
    assert "锁定" in shown(runtime)
    assert runtime.journal.all() == []


def test_cancel_on_the_qr_screen_charges_nothing(qtbot, runtime):
    rt = runtime
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    click_button(qtbot, rt.window, "flow.cancel")
    take_card_and_finish(qtbot, rt)
    assert [r.state for r in rt.journal.all()] == ["closed"]
    assert rt.services.payment.query(order_no).status == "closed"


def test_the_qr_times_out_after_two_minutes_and_the_order_is_closed(qtbot, runtime, e2e_clock):
    rt = runtime
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    e2e_clock.advance(121)
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=5000)
    assert [r.state for r in rt.journal.all()] == ["expired"] or rt.journal.all()[0].state == "closed"
    assert rt.services.payment.query(order_no).status == "closed"


def test_a_payment_arriving_after_the_timeout_is_refunded(qtbot, runtime, e2e_clock):
    rt = runtime
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    rt.backend.set_fault("payment", "down")        # the kiosk cannot close the order …
    e2e_clock.advance(121)
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=10000)
    take_card_and_finish(qtbot, rt)
    row = rt.journal.all()[0]
    assert row.state == "expired" and row.attention
    rt.backend.set_fault("payment", "ok")
    rt.backend.pay(order_no)                        # … and the customer's payment lands late
    done = rt.recovery.run_now().result(timeout=10)
    assert (row.id, "refunded") in done
    assert rt.journal.get(row.id).state == "refunded"
    assert rt.services.payment.query(order_no).status == "refunded"
    assert card_area(rt, "ready").meter_flag == 1   # no gas was written for it


def test_a_card_pulled_during_the_write_is_rewritten_at_its_next_insertion(qtbot, runtime, e2e_clock):
    rt = runtime
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    rt.hardware.gas_reader.pull_card_during_next("write", after_bytes=3)
    rt.backend.pay(order_no)
    qtbot.waitUntil(lambda: step(rt.window) == "write_failed", timeout=15000)
    assert "不会丢失" in shown(rt)
    row = rt.journal.all()[0]
    assert row.state == TopupState.AWAITING_REWRITE.value
    e2e_clock.advance(31)  # the message stays up for a while, then the kiosk goes home by itself
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=10000)
    torn = card_area(rt, "ready")
    assert not torn.check_ok
    # the customer comes back with the card
    rt.window.end_session()
    open_gas(qtbot, rt, "ready", until="take_card")
    fixed = card_area(rt, "ready")
    assert fixed.check_ok and fixed.purchase_count == row.count_after and fixed.volume == row.volume_units
    assert rt.journal.get(row.id).state in ("confirmed", "receipt_printed")


def test_a_torn_card_with_a_paid_purchase_waiting_is_repaired_at_insertion(qtbot, runtime):
    rt = runtime
    before = card_area(rt, "torn")
    assert not before.check_ok
    pending = rt.services.gas_billing.pending_purchase(before.card_number)
    assert pending is not None and pending.purchase_count in (before.purchase_count, before.purchase_count + 1)
    open_gas(qtbot, rt, "torn", until="take_card")
    after = card_area(rt, "torn")
    assert after.check_ok and after.purchase_count == pending.purchase_count and after.volume == pending.volume_units
    assert rt.services.gas_billing.pending_purchase(before.card_number) is None
    assert rt.services.gas_billing.account(before.card_number).purchase_count == after.purchase_count
    take_card_and_finish(qtbot, rt)


def test_arrears_must_be_paid_at_a_hall_first(qtbot, runtime):
    open_gas(qtbot, runtime, "meter_low_battery", until="refused")
    assert "欠费" in shown(runtime)


def test_an_amount_over_the_limit_is_refused_and_the_volume_follows_the_tiers(qtbot, runtime):
    rt = runtime
    open_gas(qtbot, rt, "ready")
    click_button(qtbot, rt.window, "flow.keypad")
    for key in "2000":
        click_button(qtbot, rt.window, f"flow.key.{key}")
    click_button(qtbot, rt.window, "flow.ok")
    assert step(rt.window) == "keypad" and "超出" in shown(rt)
    for _ in range(4):
        click_button(qtbot, rt.window, "flow.key.del")
    for key in "300":
        click_button(qtbot, rt.window, f"flow.key.{key}")
    quote = rt.window.current_screen.runner.flow.screen.fields["quote"]
    assert len(quote.breakdown) == 2  # 312.24 m³ bought this year: the top-up crosses into tier 2
    assert sum(p.subtotal for p in quote.breakdown) <= Decimal(300)
    click_button(qtbot, rt.window, "flow.ok")
    assert step(rt.window) == "confirm"


# the write is 31–37 (7 bytes) then the check byte 4F: pull the card after each byte of it
PULL_POINTS = [(0, n) for n in range(7)] + [(1, 0)]


@pytest.mark.parametrize("skip,after_bytes", PULL_POINTS, ids=[f"write{s}-byte{b}" for s, b in PULL_POINTS])
def test_a_card_pulled_at_any_byte_of_the_write_is_repaired_at_its_next_insertion(qtbot, runtime, skip, after_bytes):
    rt = runtime
    start = card_area(rt, "ready").purchase_count
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    rt.hardware.gas_reader.pull_card_during_next("write", after_bytes=after_bytes, skip=skip)
    rt.backend.pay(order_no)
    # the write fails and, the card being gone, the flow ends at once: the journal is what tells
    qtbot.waitUntil(lambda: rt.journal.all()[0].state == "awaiting_rewrite", timeout=15000)
    qtbot.waitUntil(lambda: step(rt.window) == "write_failed", timeout=5000)
    assert "不会丢失" in shown(rt)  # the customer is told the money is safe, and it stays on screen
    click_button(qtbot, rt.window, "flow.home")
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=10000)
    row = rt.journal.all()[0]
    rt.window.end_session()
    open_gas(qtbot, rt, "ready", until="take_card")
    card = card_area(rt, "ready")
    assert card.check_ok and card.purchase_count == start + 1 and card.volume == row.volume_units
    assert rt.services.gas_billing.account(card.card_number).purchase_count == card.purchase_count
    assert rt.journal.get(row.id).state in ("confirmed", "receipt_printed")
    assert len([p for p in rt.backend.purchases() if p["order_no"] == order_no]) == 1


def test_a_gateway_down_before_the_qr_shows_no_qr_and_charges_nothing(qtbot, runtime):
    rt = runtime
    rt.backend.set_fault("payment", "down")
    open_gas(qtbot, rt, "ready")
    click_button(qtbot, rt.window, "flow.amount.100")
    click_button(qtbot, rt.window, "flow.pay")
    qtbot.waitUntil(lambda: step(rt.window) == "pay_unavailable", timeout=15000)
    assert rt.window.findChild(type(rt.window.header.clock), "PayQr") is None
    assert "支付" in shown(rt)
    assert [r.state for r in rt.journal.all()] == ["closed"]
    rt.backend.set_fault("payment", "ok")
    click_button(qtbot, rt.window, "flow.retry")
    qtbot.waitUntil(lambda: step(rt.window) == "pay", timeout=10000)


def test_printer_out_of_paper_leaves_the_top_up_standing_and_the_receipt_kept(qtbot, runtime):
    rt = runtime
    rt.hardware.printer.set_paper(0)
    before = card_area(rt, "ready")
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    rt.backend.pay(order_no)
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    assert "凭条打印失败" in shown(rt)
    assert card_area(rt, "ready").purchase_count == before.purchase_count + 1
    row = rt.journal.all()[0]
    assert row.state == "confirmed" and row.receipt_job is not None
    assert [j.id for j in rt.devices.print_service.store.failed()] == [row.receipt_job]
    take_card_and_finish(qtbot, rt)


def test_kiosk_journal_lists_top_ups_with_their_history(qtbot, runtime, config_dir, capsys):
    import json as _json
    from kiosk.cli import main
    rt = runtime
    open_gas(qtbot, rt, "ready")
    order_no = pay_screen(qtbot, rt)
    click_button(qtbot, rt.window, "flow.cancel")
    take_card_and_finish(qtbot, rt)
    assert main(["journal", "--config", str(config_dir), "--json"]) == 0
    rows = _json.loads(capsys.readouterr().out)
    assert rows[0]["order_no"] == order_no and rows[0]["card"] == "4212********0002"
    assert [h["to"] for h in rows[0]["history"]] == ["created", "awaiting_payment", "closed"]
    assert main(["journal", "--config", str(config_dir), "--pending"]) == 0
    assert "no pending top-ups" in capsys.readouterr().out


def test_the_panel_pays_as_the_customers_phone(qtbot, runtime):
    from PySide6.QtWidgets import QPushButton
    from ui.hardware_panel import HardwarePanel
    rt = runtime
    panel = HardwarePanel(rt.hardware, rt.backend)
    qtbot.addWidget(panel)
    open_gas(qtbot, rt, "ready")
    pay_screen(qtbot, rt)
    qtbot.mouseClick(panel.findChild(QPushButton, "phone.pay"), Qt.LeftButton)
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    panel.close()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang,elder", [("zh", False), ("en", True)], ids=["zh", "en-elder"])
def test_gas_screens_fit_the_screen(qtbot, runtime, size, lang, elder):
    from ui.layout_check import layout_problems
    rt, w = runtime, runtime.window
    w.resize(*size)
    qtbot.mouseClick(w.attract, Qt.LeftButton)
    w.ctx.lang, w.ctx.elder = lang, elder
    w.render_all()
    qtbot.mouseClick(w.home.tiles["gas"], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "insert_card", timeout=3000)
    rt.hardware.gas_reader.insert("ready")
    qtbot.waitUntil(lambda: step(w) == "account", timeout=10000)
    qtbot.waitUntil(lambda: layout_problems(w, scrolling_ok=True) == [], timeout=1000)
    click_button(qtbot, w, "flow.keypad")
    click_button(qtbot, w, "flow.key.8")
    qtbot.waitUntil(lambda: layout_problems(w, scrolling_ok=True) == [], timeout=1000)
    click_button(qtbot, w, "flow.key.0")
    click_button(qtbot, w, "flow.ok")
    click_button(qtbot, w, "flow.pay")
    qtbot.waitUntil(lambda: step(w) == "pay", timeout=10000)
    qtbot.waitUntil(lambda: layout_problems(w, scrolling_ok=True) == [], timeout=1000)


def test_a_resident_who_walks_away_gets_the_card_put_out_at_the_gate_and_the_next_card_is_read(qtbot, runtime,
                                                                                               e2e_clock):
    """The session times out at the account screen with the card in the reader: the card is not kept captive
    (it goes to the gate, as when the take-card screen times out), and the next resident's card is read."""
    rt, w = runtime, runtime.window
    open_gas(qtbot, rt, "ready")
    t = rt.config.kiosk.timeouts
    e2e_clock.advance(t.idle_seconds + 1)
    qtbot.waitUntil(lambda: w.overlay.isVisible(), timeout=3000)
    e2e_clock.advance(t.countdown_seconds + 1)
    qtbot.waitUntil(lambda: w.current_screen is w.attract, timeout=3000)
    qtbot.waitUntil(lambda: rt.hardware.gas_reader.card_position == "gate", timeout=3000)
    assert [e.detail.get("reason") for e in rt.audit.events("card_left_at_gate")] == ["session_ended"]

    rt.hardware.gas_reader.take()
    open_gas(qtbot, rt, "lost", until="refused")  # the next resident's card, read (and refused: reported lost)
