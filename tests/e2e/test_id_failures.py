"""What a resident sees when things go wrong: slow and failing back ends, paper out, a pulled card, a timeout."""

import pytest

from tests.e2e.test_id_services import DECK, click_button, open_service, step
from tests.ui.conftest import all_texts
from ui.driving import shown_button


def shown(rt) -> str:
    return " ".join(all_texts(rt.window))


def place(qtbot, rt, tile, key, until):
    open_service(qtbot, rt, tile)
    rt.hardware.id_reader.insert_card(key)
    qtbot.waitUntil(lambda: step(rt.window) == until, timeout=10000)


def test_a_slow_back_end_shows_a_spinner_and_a_cancel_after_three_seconds(qtbot, runtime, e2e_clock):
    rt = runtime
    rt.backend.set_fault("credit", "slow", delay_s=2.0, count=1)
    place(qtbot, rt, "credit", "li_xiuying", "querying")
    assert shown_button(rt.window, "flow.cancel") is None
    e2e_clock.advance(3)
    qtbot.waitUntil(lambda: shown_button(rt.window, "flow.cancel") is not None, timeout=2000)
    assert "查询时间较长" in shown(rt)
    click_button(qtbot, rt.window, "flow.cancel")
    assert step(rt.window) == "take_card"
    assert "query_cancelled" in [e.kind for e in rt.audit.events()]
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)


@pytest.mark.parametrize("mode", ["fail", "down", "garbage"])
def test_a_failing_back_end_says_what_happened_and_retry_works(qtbot, runtime, mode):
    rt = runtime
    rt.backend.set_fault("credit", mode)
    place(qtbot, rt, "credit", "li_xiuying", "service_error")
    assert "查询未能完成" in shown(rt) and "重试" in shown(rt)
    assert rt.audit.events("service_failed")
    rt.backend.set_fault("credit", "ok")
    click_button(qtbot, rt.window, "flow.retry")
    qtbot.waitUntil(lambda: step(rt.window) == "report", timeout=10000)


def test_an_unreachable_back_end_is_told_to_the_resident(qtbot, runtime):
    rt = runtime
    rt.backend.stop()
    place(qtbot, rt, "property", "wang_jianguo", "service_error")
    texts = shown(rt)
    assert "无法连接" in texts or "稍后" in texts
    click_button(qtbot, rt.window, "flow.home")
    assert step(rt.window) == "take_card"


def test_paper_out_mid_print_keeps_the_job_and_it_prints_again(qtbot, runtime):
    rt = runtime
    printer = rt.hardware.printer
    place(qtbot, rt, "credit", "li_xiuying", "report")
    printer.set_paper(40)  # runs out a few centimetres into the report
    click_button(qtbot, rt.window, "flow.print")
    qtbot.waitUntil(lambda: step(rt.window) == "print_failed", timeout=15000)
    assert "打印未能完成" in shown(rt) and "重新打印" in shown(rt)
    failed = rt.devices.print_service.store.failed()
    assert len(failed) == 1 and failed[0].kind == "credit_report"
    printer.load_paper()
    before = len(printer.receipts)
    click_button(qtbot, rt.window, "flow.reprint")
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    assert printer.wait_for_receipts(before + 1, timeout=5)
    assert rt.devices.print_service.store.failed() == []
    assert [e.kind for e in rt.audit.events() if e.kind.startswith(("print", "reprint"))] == \
        ["print_requested", "print_failed", "reprint_requested", "printed"]


def test_a_card_pulled_mid_read_asks_to_place_it_again(qtbot, runtime):
    rt = runtime
    open_service(qtbot, rt, "credit")
    rt.hardware.id_reader.pull_card_during_read()
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.waitUntil(lambda: step(rt.window) == "read_failed", timeout=10000)
    assert "重新" in shown(rt)
    flow = rt.window.current_screen.runner.flow
    qtbot.waitUntil(lambda: not flow.card_present, timeout=3000)  # the reader noticed the card is gone
    rt.hardware.id_reader.insert_card("li_xiuying")
    qtbot.waitUntil(lambda: step(rt.window) == "report", timeout=10000)


def test_an_expired_card_is_refused_with_the_reason(qtbot, runtime):
    rt = runtime
    expired = next(k for k, c in DECK.items() if c.get("expect") == "expired")
    place(qtbot, rt, "credit", expired, "refused")
    assert "有效期" in shown(rt)
    assert rt.audit.events("identify_refused")[0].detail["reason"] == "CardExpired"


def test_a_session_timing_out_mid_report_clears_everything_personal(qtbot, runtime, e2e_clock):
    rt = runtime
    place(qtbot, rt, "credit", "li_xiuying", "report")
    assert "李*英" in shown(rt)
    e2e_clock.advance(60)
    qtbot.waitUntil(rt.window.overlay.isVisible, timeout=3000)
    e2e_clock.advance(30)
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.attract, timeout=3000)
    texts = shown(rt)
    for secret in ("李*英", "0049", "嘉卫公许", "XN2026"):
        assert secret not in texts
    assert rt.window.flow_screen is None
    ended = rt.audit.events("service_ended")
    assert ended and ended[-1].detail["reason"] == "session_ended"
    assert rt.audit.events("session_timed_out")
