"""The simulator's line: real-time requests found wherever they fall, answered in order, text runs read whole."""

import serial
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printer.paper import ReceiptCanvas, Style
from drivers.printer.parser import _decode_chinese
from drivers.printer.profiles import PROFILES
from drivers.printer.simulator import PrinterSimulator

ASK = bytes.fromhex("10 04 01 10 04 02 10 04 03 10 04 04")


def answers(sim, pieces, count):
    """The first ``count`` bytes the driver end of the pty reads after ``pieces`` go to ``process`` one at a time."""
    port = serial.serial_for_url(sim.port_url, baudrate=sim.baudrate, timeout=2)
    try:
        for piece in pieces:
            sim.process(piece)
        return port.read(count)
    finally:
        port.close()


def test_a_status_request_split_across_reads_is_answered_once(tmp_path):
    sim = PrinterSimulator(output_dir=str(tmp_path))
    try:
        sim.set_paper(500)  # near end: n = 4 answers 1E
        assert answers(sim, [b"\x1b\x40AB\x10", b"\x04", b"\x04CD\x10\x04", b"\x02\x10\x10\x04\x01"], 3) == b"\x1e\x12\x12"
    finally:
        sim.stop()


def test_requests_inside_data_are_answered_in_order_with_the_state_at_each_one(tmp_path):
    sim = PrinterSimulator(output_dir=str(tmp_path))
    try:
        # a 30-line job that runs the paper out in its middle, a request before it and one behind its cut
        sim.set_paper(30)
        job = b"\x1b\x40" + b"".join(b"line %02d\n" % i for i in range(30)) + b"\x1d\x56\x00"
        got = answers(sim, [b"\x10\x04\x04" + job + ASK], 5)
        assert got == b"\x1e" + b"\x1a\x32\x12\x72"  # near end before; offline, paper end behind the job
        assert sim.receipts == []
    finally:
        sim.stop()


def test_answers_of_one_read_follow_the_printers_state_between_them(tmp_path):
    sim = PrinterSimulator(output_dir=str(tmp_path))
    try:
        sim.jam_cutter()
        got = answers(sim, [b"\x10\x04\x03" + b"\x1b\x40receipt\n\x1d\x56\x00" + b"\x10\x04\x03"], 2)
        assert got == b"\x12\x1a"  # the cut between the two requests failed
    finally:
        sim.stop()


def _chinese_pairwise(run: bytes) -> str:
    """The printer's reading, byte by byte: ASCII, two bytes from a lead byte 81-FE on, garbage for 80/FF."""
    out, j = [], 0
    while j < len(run):
        b = run[j]
        if b < 0x80:
            out.append(chr(b))
            j += 1
        elif b in (0x80, 0xFF):
            out.append("\ufffd")
            j += 1
        else:
            try:
                out.append(run[j:j + 2].decode("gb18030"))
            except UnicodeDecodeError:
                out.append("\ufffd")
            j += 2
    return "".join(out)


# Chinese-mode text runs as the parser cuts them: whole tokens only (ASCII, a lead byte and any byte, 80 or FF)
chinese_runs = st.lists(st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=("Cs", "Cc")),
            max_size=6).map(lambda t: t.encode("gb18030")),
    st.tuples(st.integers(0x81, 0xFE), st.integers(0, 0xFF)).map(bytes),
    st.sampled_from([b"\x80", b"\xff", b"A", b" "]),
), max_size=12).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(chinese_runs)
def test_a_chinese_text_run_decodes_two_bytes_at_a_time_as_the_printer_reads_it(run):
    assert _decode_chinese(run) == _chinese_pairwise(run)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中文凭条ab12 ，。￥")), max_size=200), st.booleans(),
       st.integers(1, 3), st.integers(0, 2))
def test_a_text_run_wraps_where_one_character_at_a_time_would(text, chinese, width, align):
    style = Style(width=width)
    whole = ReceiptCanvas(PROFILES["58mm"])
    fed_whole = whole.add_text(text, chinese, style.key(False), style.key(True), align, 30)
    single = ReceiptCanvas(PROFILES["58mm"])
    fed_single = sum(single.add_text(ch, chinese, style.key(False), style.key(True), align, 30) for ch in text)
    assert fed_whole == fed_single
    assert whole.text_lines == single.text_lines and whole.line == single.line
    assert [s.height for s in whole.strips] == [s.height for s in single.strips]
    for strip in whole.strips:  # no printed line wider than the paper
        cells = getattr(strip, "cells", [])
        assert sum((9 if k[0] else 12) * (2 if wide else 1) * k[3] for _, wide, k in cells) <= PROFILES["58mm"].dots
