"""Benchmark (not a test): a typical 30-line credit-report receipt through driver -> pty -> simulator.

Prints and writes to benchmarks/results/printer.json: bytes sent, the measured print time at
9600 and 115200 baud (status before, the job, status after the cut), and the line-rate bound
bytes x 10 / baud; once with the printer's native QR and once with a raster QR.

    .venv/bin/python benchmarks/printer_bench.py [--out FILE] [--png-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from drivers.printer.document import KeyValue, Separator, Text, build_receipt, encode  # noqa: E402
from drivers.printer.driver import open_printer  # noqa: E402
from drivers.printer.profiles import PROFILES  # noqa: E402
from drivers.printer.simulator import PrinterSimulator  # noqa: E402
from kiosk.config.schema import DeviceConfig  # noqa: E402


def credit_report_receipt():
    """30 printed lines of body, like the summary page of a public credit information report."""
    body = [
        KeyValue("报告编号", "XN20261128-000123"),
        KeyValue("查询目的", "办理贷款"),
        KeyValue("信息主体", "张*三"),
        KeyValue("身份证号", "4201**********1234"),
        KeyValue("登记地区", "湖北省咸宁市咸安区"),
        Separator("-"),
        Text("信息概要 Summary", bold=True),
        KeyValue("基本信息", "1 条"),
        KeyValue("行政许可", "3 条"),
        KeyValue("行政处罚", "1 条"),
        KeyValue("失信记录", "0 条"),
        KeyValue("守信激励", "2 条"),
        KeyValue("信用承诺", "1 条"),
        Separator("-"),
        Text("行政许可 Licences", bold=True),
        KeyValue("许可决定书文号", "咸市监许〔2025〕第0156号"),
        KeyValue("许可内容", "食品经营许可"),
        KeyValue("决定日期", "2025-03-12"),
        KeyValue("有效期至", "2030-03-11"),
        KeyValue("许可机关", "咸宁市市场监督管理局"),
        Separator("-"),
        Text("行政处罚 Penalties", bold=True),
        KeyValue("处罚决定书文号", "咸环罚〔2024〕18号"),
        KeyValue("处罚类别", "警告；罚款"),
        KeyValue("罚款金额", "￥2,000.00"),
        KeyValue("公示截止", "2027-06-30"),
        Separator("-"),
        Text("如对报告内容有异议，可向数据提供单位申请信用修复。本报告自打印之日起30日内有效。"),
    ]
    return build_receipt("公共信用信息报告", body, terminal_id="XN-KIOSK-0007",
                         printed_at=datetime(2026, 11, 28, 9, 30, 15), verification_code="7F3K9Q",
                         verify_url="https://xyxx.example.gov.cn/verify?no=XN20261128-000123&c=7F3K9Q")


def run_one(receipt, baud: int, native_qr: bool, png_dir: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = png_dir or tmp
        with PrinterSimulator(baudrate=baud, output_dir=out) as sim:
            cfg = DeviceConfig(driver="escpos", port=sim.port_url, baudrate=baud,
                               options={"paper": "80mm", "native_qr": native_qr})
            with open_printer(cfg) as printer:
                sent = len(encode(receipt, PROFILES["80mm"], native_qr=native_qr))
                t0 = time.perf_counter()
                printer.print_document(receipt)
                elapsed = time.perf_counter() - t0
            sim.wait_for_receipts(1, timeout=30)
            receipt_png = sim.receipts[0][0] if sim.receipts else None
    return {"baud": baud, "qr": "native" if native_qr else "raster", "bytes_sent": sent,
            "status_bytes": 24, "print_time_s": round(elapsed, 3),
            "line_rate_bound_s": round((sent + 24) * 10 / baud, 3), "png": receipt_png if png_dir else None}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "printer.json"))
    ap.add_argument("--png-dir", help="keep the simulator's receipts here")
    args = ap.parse_args(argv)
    receipt = credit_report_receipt()
    results = []
    for native in (True, False):
        for baud in (9600, 115200):
            r = run_one(receipt, baud, native, args.png_dir)
            results.append(r)
            print(f"{r['qr']:>6} QR  {baud:>6} baud  {r['bytes_sent']:>6} bytes  "
                  f"print {r['print_time_s']:7.3f} s  line-rate bound {r['line_rate_bound_s']:7.3f} s", flush=True)
    doc = {"benchmark": "printer: 30-line credit report receipt with QR, driver -> pty -> simulator (80mm)",
           "measured_at": datetime.now().isoformat(timespec="seconds"), "python": platform.python_version(),
           "machine": platform.machine(), "note": "print_time_s includes status before (4 requests) and after the cut "
           "(4 requests); line_rate_bound_s = (job bytes + 24 status bytes) x 10 / baud", "results": results}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
