"""Random documents (hypothesis) through the encoder and the simulator: no crash, text comes out as sent."""

import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.printer.document import (Cut, DocumentError, Feed, KeyValue, QRCode, Receipt, Separator, Text, encode)
from drivers.printer.profiles import PROFILES
from drivers.printer.simulator import PrinterSimulator
from kiosk.errors import KioskError

CHINESE = "中文凭条公共信用报告不动产登记燃气购气咸宁市温泉街道金桂路号栋单元室张李王喆堃犇赟"
PUNCT = "，。：；！？（）【】《》“”、·—…￥¥•"
safe_text = st.text(alphabet=st.sampled_from(list(CHINESE + PUNCT + "abcXYZ0129 -_/.:")), max_size=120)
any_text = st.text(max_size=80)

sizes = st.integers(min_value=1, max_value=8)
aligns = st.sampled_from(["left", "center", "right"])
blocks = st.one_of(
    st.builds(Text, any_text, width=sizes, height=sizes, bold=st.booleans(), underline=st.booleans(), align=aligns),
    st.builds(KeyValue, any_text, any_text, bold=st.booleans()),
    st.builds(Separator, st.characters()),
    st.builds(QRCode, st.text(min_size=1, max_size=60), module=st.integers(1, 16), ec=st.sampled_from("LMQH"), align=aligns),
    st.builds(Feed, st.integers(0, 5)),
    st.builds(Cut, st.booleans()),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks, max_size=8), st.sampled_from(["80mm", "58mm"]))
def test_random_documents_encode_and_print_without_crashing(doc_blocks, paper):
    try:
        data = encode(Receipt(tuple(doc_blocks)), PROFILES[paper])
    except KioskError:
        return
    with tempfile.TemporaryDirectory() as out:
        sim = PrinterSimulator(paper=paper, output_dir=out)
        try:
            sim.process(data)
        finally:
            sim.stop()


@settings(max_examples=120, deadline=None)
@given(st.lists(safe_text, min_size=1, max_size=5))
def test_random_chinese_and_latin_text_comes_out_as_sent(paragraphs):
    receipt = Receipt(tuple(Text(p) for p in paragraphs) + (Cut(),))
    with tempfile.TemporaryDirectory() as out:
        sim = PrinterSimulator(output_dir=out)
        try:
            sim.process(encode(receipt, PROFILES["80mm"]))
            assert len(sim.receipts) == 1
            printed = open(sim.receipts[0][1], encoding="utf-8").read()
        finally:
            sim.stop()
    expected = "".join(paragraphs).replace("¥", "￥").replace("•", "·")
    assert printed.replace(" ", "").replace("\n", "") == expected.replace(" ", "")
    assert "\ufffd" not in printed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks, max_size=6))
def test_random_documents_through_the_driver_end_printed_or_with_a_project_error(doc_blocks):
    from printer_support import device_config
    from drivers.printer.driver import open_printer
    with tempfile.TemporaryDirectory() as out:
        with PrinterSimulator(baudrate=230400, output_dir=out) as sim:
            with open_printer(device_config(sim.port_url)) as printer:
                try:
                    status = printer.print_document(Receipt(tuple(doc_blocks)))
                except KioskError:
                    return
                assert status.healthy
                assert sim.wait_for_receipts(sum(isinstance(b, Cut) for b in doc_blocks), timeout=10)


def test_document_error_is_a_kiosk_error():
    assert issubclass(DocumentError, KioskError)
