"""Credit report and property lookup end to end, as a resident does them, on simulated hardware."""

import re

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from tests.ui.conftest import all_texts
from ui.driving import shown_button

DECK_NUMBERS = {}


def _deck():
    import yaml
    with open("config/sim/id_cards.yaml", encoding="utf-8") as fh:
        return {c["key"]: c for c in yaml.safe_load(fh)["cards"]}


DECK = _deck()


def click_button(qtbot, window, name):
    btn = shown_button(window, name)
    assert btn is not None, f"no button {name} on {window.current_screen.name}"
    qtbot.mouseClick(btn, Qt.LeftButton)


def step(window):
    """The running flow's step, or the screen's name when no flow is on screen."""
    runner = getattr(window.current_screen, "runner", None)
    return runner.flow.step if runner is not None else window.current_screen.name


def open_service(qtbot, rt, tile):
    w = rt.window
    qtbot.mouseClick(w.attract, Qt.LeftButton)
    qtbot.mouseClick(w.home.tiles[tile], Qt.LeftButton)
    qtbot.waitUntil(lambda: step(w) == "place_card", timeout=3000)


def print_and_collect(qtbot, rt):
    printer = rt.hardware.printer
    before = len(printer.receipts)
    click_button(qtbot, rt.window, "flow.print")
    qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
    assert printer.wait_for_receipts(before + 1, timeout=5)
    png, txt = printer.receipts[-1]
    with open(txt, encoding="utf-8") as fh:
        return png, fh.read()


def decoded_qr(png):
    import zxingcpp
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png))]


def assert_forgotten(rt, *secrets):
    texts = " ".join(all_texts(rt.window))
    for s in secrets:
        assert s not in texts


@pytest.mark.parametrize("key,expect", [("li_xiuying", ["嘉卫公许〔2023〕第0086号", "嘉市监处罚〔2026〕56号"]),
                                        ("wang_jianguo", ["守信激励（2）"]),
                                        ("ma_jun", ["失信记录（2）"])])
def test_credit_report_is_shown_printed_with_verification_qr_and_forgotten(qtbot, runtime, key, expect):
    rt, card = runtime, DECK[key]
    open_service(qtbot, rt, "credit")
    rt.hardware.id_reader.insert_card(key)
    qtbot.waitUntil(lambda: step(rt.window) == "report", timeout=10000)
    masked = card["name"][0] + "*" + card["name"][-1] if len(card["name"]) > 2 else card["name"][0] + "*"
    shown = " ".join(all_texts(rt.window))
    assert masked in shown and card["number"][:4] + "*" * 10 + card["number"][-4:] in shown
    assert card["number"] not in shown and card["name"] not in shown
    png, text = print_and_collect(qtbot, rt)
    assert "公共信用信息报告" in text
    assert masked in text and card["number"] not in text
    for fragment in expect:
        assert fragment in text
    report_no = re.search(r"报告编号\s+(XN\d{8}-\d{6})", text).group(1)
    code = re.search(r"验证码 Code\s+([A-Z0-9]{8})", text).group(1)
    assert decoded_qr(png) == [f"https://xy.xianning.gov.cn/verify?no={report_no}&code={code}"]
    rt.hardware.id_reader.remove_card()
    qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)
    rt.window.end_session()
    assert_forgotten(rt, masked, card["number"][-4:] + "\n", report_no)
    kinds = [e.kind for e in rt.audit.events()]
    for kind in ("identified", "queried", "viewed", "print_requested", "printed", "service_ended"):
        assert kind in kinds
    for e in rt.audit.events():
        assert card["number"] not in str(e.detail) and card["name"] not in str(e.detail)


def test_property_lookup_lists_restrictions_and_prints_a_proof(qtbot, runtime):
    rt, card = runtime, DECK["wang_jianguo"]
    open_service(qtbot, rt, "property")
    rt.hardware.id_reader.insert_card("wang_jianguo")
    qtbot.waitUntil(lambda: step(rt.window) == "property_list", timeout=10000)
    shown = " ".join(all_texts(rt.window))
    assert "共3处不动产" in shown and "抵押" in shown
    click_button(qtbot, rt.window, "flow.detail.1")
    assert step(rt.window) == "property_detail"
    assert "湖北咸宁农村商业银行" in " ".join(all_texts(rt.window))
    png, text = print_and_collect(qtbot, rt)
    assert "不动产登记信息查询结果" in text and "鄂(2021)咸宁市不动产权第0012345号" in text
    assert "王*国" in text and card["number"] not in text
    assert decoded_qr(png)[0].startswith("https://xy.xianning.gov.cn/verify?no=CX")


def test_a_resident_unknown_to_the_registry_prints_a_no_property_certificate(qtbot, runtime):
    rt = runtime
    open_service(qtbot, rt, "property")
    rt.hardware.id_reader.insert_card("tian_xiaohong")
    qtbot.waitUntil(lambda: step(rt.window) == "no_property", timeout=10000)
    png, text = print_and_collect(qtbot, rt)
    assert "不动产登记信息查询结果证明" in text and "未查询到" in text
    assert decoded_qr(png)


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang,elder", [("zh", False), ("en", True)], ids=["zh", "en-elder"])
def test_result_screens_fit_the_screen(qtbot, runtime, size, lang, elder):
    from ui.layout_check import layout_problems
    rt, w = runtime, runtime.window
    w.resize(*size)
    open_service(qtbot, rt, "property")
    w.ctx.lang, w.ctx.elder = lang, elder
    w.render_all()
    rt.hardware.id_reader.insert_card("wang_jianguo")
    qtbot.waitUntil(lambda: step(w) == "property_list", timeout=10000)
    qtbot.waitUntil(lambda: layout_problems(w, scrolling_ok=True) == [], timeout=1000)  # once laid out
    click_button(qtbot, w, "flow.detail.1")
    qtbot.waitUntil(lambda: layout_problems(w, scrolling_ok=True) == [], timeout=1000)
