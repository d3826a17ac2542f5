"""python-escpos, Pillow and qrcode are loaded at the first receipt, not when the printer driver is opened."""

import subprocess
import sys

PRINTING_STACK = ("escpos", "PIL", "qrcode", "barcode")

_PROBE = """
import sys
import drivers.printer.driver, drivers.printer.jobs, drivers.printer.diag, kiosk.flows.documents
print("BEFORE", ",".join(m for m in {stack!r} if m in sys.modules))
from drivers.printer import document as doc
from drivers.printer.profiles import get_profile
data = doc.encode(doc.build_receipt("t", [doc.Text("中文 ok"), doc.QRCode("https://example.cn/q")],
                                    terminal_id="T1", printed_at=__import__("datetime").datetime(2026, 1, 1)),
                  get_profile("80mm"), native_qr=False)
print("AFTER", ",".join(m for m in {stack!r} if m in sys.modules), len(data))
"""


def test_printer_modules_import_without_the_printing_stack_until_a_receipt_is_encoded():
    done = subprocess.run([sys.executable, "-c", _PROBE.format(stack=PRINTING_STACK)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()
             if line.startswith(("BEFORE", "AFTER"))}
    assert lines["BEFORE"] == []
    loaded, size = lines["AFTER"]
    assert set(loaded.split(",")) == set(PRINTING_STACK)
    assert int(size) > 100


def test_sink_printer_is_still_reachable_from_commands():
    from drivers.printer import commands, escpos_sink
    assert commands.BufferPrinter is escpos_sink.BufferPrinter
    assert commands.SinkPrinter is escpos_sink.SinkPrinter
