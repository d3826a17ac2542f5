"""Receipt documents and their bytes: GB18030 in Chinese mode, full-width forms, layout, native and raster QR."""

from datetime import datetime

import pytest

from drivers.printer import textcodec
from drivers.printer.document import (Cut, DocumentError, Feed, KeyValue, QRCode, Receipt, Separator, Text,
                                      build_receipt, encode, key_value_lines)
from drivers.printer.profiles import PROFILES

P80, P58 = PROFILES["80mm"], PROFILES["58mm"]


def test_four_byte_characters_become_two_byte_full_width_forms():
    assert textcodec.printable("¥12.50 • 张三・李四 m²") == "￥12.50 · 张三·李四 ㎡"
    for ch in textcodec.printable("¥•・"):
        assert len(ch.encode("gb18030")) == 2


def test_rare_name_character_is_kept_for_rasterising():
    text = textcodec.printable("𠮷*明")
    assert text == "𠮷*明"
    assert textcodec.has_four_byte(text)


def test_control_characters_never_reach_the_printer_as_text():
    assert textcodec.printable("a\x1b@b\x1d\x56\x00c") == "a@bVc"


def test_wrap_respects_columns_for_mixed_text():
    lines = textcodec.wrap("中文和English混排的一行很长的文字需要折行显示在小票上", 16)
    assert all(textcodec.display_width(line) <= 16 for line in lines)
    assert "".join(lines).replace(" ", "") == "中文和English混排的一行很长的文字需要折行显示在小票上".replace(" ", "")


def test_chinese_punctuation_never_starts_a_line():
    lines = textcodec.wrap("如对报告内容有异议，可向数据提供单位申请信用修复。本报告有效。", 46)
    assert len(lines) == 2 and all(textcodec.display_width(line) <= 46 for line in lines)
    assert not lines[1].startswith("。") and lines[1].startswith("复。")


@pytest.mark.parametrize("key,value", [("金额", "￥1,234.50"), ("Amount", "12.50"), ("证号 No.", "鄂(2021)咸宁市不动产权第0012345号")])
def test_key_value_rows_line_up_in_chinese_and_latin(key, value):
    lines = key_value_lines(key, value, P80.columns)
    assert all(textcodec.display_width(line) == P80.columns for line in lines if line.endswith(value[-1]))
    assert lines[-1].endswith(value[-4:])


def test_document_starts_with_initialise_then_chinese_mode():
    data = encode(Receipt((Text("你好"),)), P80)
    assert data.startswith(b"\x1b\x40\x1c\x26")
    assert "你好".encode("gb18030") + b"\n" in data


def test_full_width_punctuation_and_yuan_are_sent_as_gb18030_two_byte_codes():
    data = encode(Receipt((Text("金额：¥5，共计。"),)), P80)
    assert b"\xa3\xa4" in data  # ￥
    assert "：，。".encode("gb18030")[:2] in data
    assert b"\x81\x30\x84\x36" not in data  # the four-byte ¥


def test_native_qr_uses_the_spec_commands():
    data = encode(Receipt((QRCode("https://v.example.cn/1", module=6, ec="M"),)), P80)
    payload = b"https://v.example.cn/1"
    assert b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00" in data  # model 2
    assert b"\x1d\x28\x6b\x03\x00\x31\x43\x06" in data  # module size 6
    assert b"\x1d\x28\x6b\x03\x00\x31\x45\x31" in data  # level M
    n = len(payload) + 3
    assert b"\x1d\x28\x6b" + bytes((n % 256, n // 256)) + b"\x31\x50\x30" + payload in data
    assert b"\x1d\x28\x6b\x03\x00\x31\x51\x30" in data
    assert b"\x1ba\x01" in data  # centred with ESC a before the symbol


def test_profile_without_native_qr_gets_a_raster_image():
    data = encode(Receipt((QRCode("https://v.example.cn/1"),)), P58)
    assert b"\x1d\x28\x6b" not in data
    assert b"\x1d\x76\x30" in data


def test_native_qr_can_be_switched_off_in_config():
    data = encode(Receipt((QRCode("https://v.example.cn/1"),)), P80, native_qr=False)
    assert b"\x1d\x28\x6b" not in data and b"\x1d\x76\x30" in data


def test_line_with_rare_character_is_sent_as_raster_image():
    data = encode(Receipt((Text("姓名：𠮷*明"),)), P80)
    assert b"\x1d\x76\x30" in data
    assert "𠮷".encode("gb18030") not in data


def test_size_bold_alignment_and_cut_commands():
    data = encode(Receipt((Text("大", width=2, height=3, bold=True, align="right"), Feed(2), Cut(partial=True))), P80)
    assert b"\x1d\x21\x12" in data  # GS ! : width 2, height 3
    assert b"\x1b\x45\x01" in data and b"\x1b\x61\x02" in data
    assert b"\x1b\x64\x02" in data
    assert data.endswith(b"\x1d\x56\x01")


def test_build_receipt_carries_terminal_time_verification_code_and_qr():
    r = build_receipt("购气凭证", [KeyValue("金额", "￥100.00")], terminal_id="KS-0042",
                      printed_at=datetime(2026, 3, 4, 5, 6, 7), verification_code="7F3K", verify_url="https://v.cn/x")
    text = r.plain_text()
    assert "KS-0042" in text and "2026-03-04 05:06:07" in text and "7F3K" in text
    assert any(isinstance(b, QRCode) and b.payload == "https://v.cn/x" for b in r.blocks)
    assert isinstance(r.blocks[-1], Cut)


def test_receipt_survives_a_round_trip_through_its_stored_form():
    r = Receipt((Text("你好", width=2), KeyValue("a", "b"), Separator("="), QRCode("x"), Feed(3), Cut()))
    assert Receipt.from_dict(r.to_dict()) == r


@pytest.mark.parametrize("make", [lambda: Text("x", width=9), lambda: Text("x", align="middle"),
                                  lambda: QRCode(""), lambda: QRCode("x" * 5000), lambda: Feed(300),
                                  lambda: Separator("--"), lambda: Receipt.from_dict({"blocks": [{"type": "Nope"}]})])
def test_invalid_documents_raise_document_error(make):
    with pytest.raises(DocumentError) as info:
        make()
    assert info.value.user_message("zh") and info.value.user_message("en")
