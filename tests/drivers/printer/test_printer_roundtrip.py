"""Driver -> pty -> simulator: what the resident would read on the paper, in the PNG and the text."""

from datetime import datetime

import pytest
from PIL import Image
from printer_support import black_pixels, decode_qr, device_config, ink_box, ink_rows

from drivers.printer.document import Cut, Feed, KeyValue, QRCode, Receipt, Text, build_receipt, can_draw, render_line
from drivers.printer.driver import open_printer
from drivers.printer.simulator import PrinterSimulator


def print_and_take(printer, sim, receipt, count=1):
    printer.print_document(receipt)
    assert sim.wait_for_receipts(count, timeout=10)
    png, txt = sim.receipts[count - 1]
    with open(txt, encoding="utf-8") as fh:
        return Image.open(png), fh.read()


def test_chinese_text_yuan_and_full_width_punctuation_come_out_right(printer, sim):
    receipt = Receipt((Text("购气凭证：咸宁市燃气有限公司"), KeyValue("金额", "¥100.00"),
                       Text("请将卡插入表具。（谢谢！）【提示】《须知》“好”"), Text("单价 • 2.53元/m²"), Cut()))
    _, text = print_and_take(printer, sim, receipt)
    assert "购气凭证：咸宁市燃气有限公司" in text
    assert "￥100.00" in text
    assert "请将卡插入表具。（谢谢！）【提示】《须知》“好”" in text
    assert "单价 · 2.53元/㎡" in text
    assert "\ufffd" not in text  # no garbage glyph anywhere


def test_rare_name_character_is_printed_as_the_image_of_its_line(printer, sim):
    if not can_draw("𠮷"):
        pytest.skip("no font with CJK extension B here (Debian: fonts-hanazono)")
    receipt = Receipt((Text("姓名："), Text("𠮷*明"), Text("下一行"), Cut()))
    img, text = print_and_take(printer, sim, receipt)
    lines = text.splitlines()
    assert lines[0] == "姓名：" and lines[1].startswith("[图像 image") and lines[2] == "下一行"
    # the picture on the paper is the line as drawn with the glyph, dot for dot
    expected = render_line("𠮷*明")
    top, bottom = ink_rows(img)[1]
    x0, y0, x1, y1 = ink_box(img, top, bottom)
    exp_box = expected.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
    printed = img.convert("L").crop((x0, y0, x1, y1)).point(lambda v: 0 if v < 128 else 255)
    wanted = expected.convert("L").crop(exp_box).point(lambda v: 0 if v < 128 else 255)
    assert printed.tobytes() == wanted.tobytes()


def test_native_qr_in_the_png_decodes_to_the_payload(printer, sim):
    url = "https://verify.example.gov.cn/credit/XN20261128-000123?c=7F3K9Q"
    receipt = build_receipt("公共信用信息报告", [Text("报告编号 XN20261128-000123")], terminal_id="KS-01",
                            printed_at=datetime(2026, 11, 28, 9, 30), verification_code="7F3K9Q", verify_url=url)
    img, _ = print_and_take(printer, sim, receipt)
    assert decode_qr(sim.receipts[0][0]) == [url]


def test_raster_qr_on_58mm_paper_decodes_to_the_payload(sim58, tmp_path):
    url = "https://gas.example.cn/invoice/2026/000987654"
    with open_printer(device_config(sim58.port_url, paper="58mm")) as printer:
        img, text = print_and_take(printer, sim58, Receipt((Text("电子发票"), QRCode(url), Cut())))
    assert img.width == 384 + 2 * 20
    assert "[图像 image" in text
    assert decode_qr(sim58.receipts[0][0]) == [url]


def test_alignment_size_and_bold_show_in_the_png(printer, sim):
    receipt = Receipt((Text("左对齐"), Text("居中", align="center"), Text("右对齐", align="right"),
                       Text("倍大", width=2, height=2), Text("粗体字样"), Text("粗体字样", bold=True), Cut()))
    img, _ = print_and_take(printer, sim, receipt)
    margin, dots = sim.profile.margin_dots, sim.profile.dots
    rows = ink_rows(img)
    assert len(rows) == 6
    left, centre, right, big, plain, bold = (ink_box(img, *r) for r in rows)
    assert left[0] - margin < 4
    assert abs((centre[0] + centre[2]) / 2 - (margin + dots / 2)) < 6
    assert margin + dots - right[2] < 4
    assert (big[3] - big[1]) > 1.7 * (left[3] - left[1])
    assert (big[2] - big[0]) > 1.7 * (plain[2] - plain[0]) / 2  # two characters at double width vs four
    assert black_pixels(img, bold) > 1.2 * black_pixels(img, plain)


def test_cut_ends_a_receipt(printer, sim):
    printer.print_document(Receipt((Text("第一张"), Cut())))
    printer.print_document(Receipt((Text("第二张"), Feed(1), Cut())))
    assert sim.wait_for_receipts(2, timeout=10)
    texts = [open(t, encoding="utf-8").read() for _, t in sim.receipts]
    assert "第一张" in texts[0] and "第二张" not in texts[0]
    assert "第二张" in texts[1] and "第一张" not in texts[1]


def test_a_printer_behind_a_tcp_socket_prints_too(tmp_path):
    with PrinterSimulator(baudrate=230400, transport="tcp", output_dir=str(tmp_path)) as sim:
        assert sim.port_url.startswith("socket://127.0.0.1:")
        with open_printer(device_config(sim.port_url)) as printer:
            _, text = print_and_take(printer, sim, Receipt((Text("网络打印"), Cut())))
    assert "网络打印" in text


def test_spy_url_logs_the_traffic_and_prints(sim, tmp_path):
    log = tmp_path / "spy.log"
    with open_printer(device_config(f"spy://{sim.port_url}?file={log}")) as printer:
        printer.print_document(Receipt((Text("调试"), Cut())))
    assert sim.wait_for_receipts(1, timeout=10)
    spy = log.read_text()
    assert "TX   0000  10 04 01" in spy and "RX   0000  12" in spy
    assert "1B 40 1C 26" in spy  # the job starts with initialise and Chinese mode
