"""Printer simulator lag: how long it takes to work through the kiosk's receipts, alone and beside a busy thread.

A simulator running in the kiosk's own process shares the GIL with the GUI thread. This measures, for each
receipt the kiosk prints (built as benchmarks/printing.py builds them, encoded for 80 mm with native QR):

- ``process_s``: ``sim.process(job + DLE EOT 1-4)`` in this thread, no line (the simulator's own cost);
- ``process_py_s``, ``process_c10_s``, ``process_c35_s``: the same beside a thread that keeps the GIL busy
  (``Hog``: a bytecode loop, or C calls that hold it 10 or 35 ms each as Qt's C++ does: a busy GUI thread);
- over a pty at 115200 baud, the job written in the driver's 256-byte chunks with the four status requests
  right behind it: ``answer_after_line_ms``, how long after the line could have delivered the last request
  (reckoned as the driver does: each write's bytes cross after those before them, from when it returned)
  the fourth answer came, which the driver's 300 ms status timeout must cover (a real printer: about
  0.35 ms, the answers' own line time); alone and beside each hog, the median of ``--tries``;
- ``prints_beside_hog``: the real driver's ``print_document`` (300 ms status timeout) beside each hog.

    python -m benchmarks.printer_sim_lag [--tries N] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(tempfile.gettempdir(), "kiosk-escpos-caps"))

BAUD = 115200
ASK = bytes.fromhex("10 04 01 10 04 02 10 04 03 10 04 04")
CHUNK = 256  # as drivers/printer/driver.py writes
HOGS = (None, "py", "c10", "c35")  # alone, then beside each kind of busy thread (Hog)


class Hog:
    """A thread that keeps the GIL busy, like a busy GUI thread.

    ``py``: a bytecode loop (it gives the GIL up when asked, every 5 ms switch interval); ``c10`` / ``c35``:
    back-to-back C calls that hold the GIL about 10 / 35 ms each and cannot be interrupted, as Qt's layout
    and painting in C++ under PySide do (``c35`` reproduces the touch benchmark's failed prints).
    """

    C_CALLS = {"c10": 500_000, "c35": 1_500_000}  # sum(range(n)): about 11 / 35 ms on our machines

    def __init__(self, kind: str = "py"):
        self.kind = kind
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="gil-hog", daemon=True)

    def _run(self):
        if self.kind in self.C_CALLS:
            n = self.C_CALLS[self.kind]
            while not self._stop:
                sum(range(n))
        else:
            n = 0
            while not self._stop:
                n += 1

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop = True
        self._thread.join()


def jobs() -> dict[str, bytes]:
    from benchmarks.printing import kiosk_receipts
    from drivers.printer.document import encode
    from drivers.printer.profiles import PROFILES
    return {name: encode(r, PROFILES["80mm"], native_qr=True) for name, r in kiosk_receipts().items()}


def _sim(out):
    from drivers.printer.simulator import PrinterSimulator
    return PrinterSimulator(baudrate=BAUD, output_dir=out)


def time_process(job: bytes, hog: str | None) -> float:
    with tempfile.TemporaryDirectory() as out:
        with _sim(out) as sim:
            if hog:
                with Hog(hog):
                    t0 = time.perf_counter()
                    sim.process(job + ASK)
                    elapsed = time.perf_counter() - t0
            else:
                t0 = time.perf_counter()
                sim.process(job + ASK)
                elapsed = time.perf_counter() - t0
            sim.wait_for_receipts(1, timeout=10)
    return elapsed


def answer_latency(job: bytes, hog: str | None) -> float:
    """Seconds from when the line could have delivered the last status request to the fourth answer."""
    from drivers.serialport import open_port
    with tempfile.TemporaryDirectory() as out:
        with _sim(out) as sim:
            port = open_port(sim.port_url, BAUD, timeout=0.3)  # as the driver reads: blocked until a byte comes
            try:
                def run():
                    # the driver's own reckoning (driver._write): when the bytes written will have crossed
                    line_end = 0.0
                    for piece in [job[i:i + CHUNK] for i in range(0, len(job), CHUNK)] + [ASK]:
                        port.write(piece)
                        line_end = max(time.monotonic(), line_end) + len(piece) * 10 / BAUD
                    got = b""
                    deadline = time.monotonic() + 10
                    while len(got) < 4 and time.monotonic() < deadline:
                        got += port.read(4 - len(got))
                    if len(got) < 4:
                        return float("inf")
                    return time.monotonic() - line_end
                if hog:
                    with Hog(hog):
                        return run()
                return run()
            finally:
                port.close()
                sim.wait_for_receipts(1, timeout=10)


def prints_with_hog(receipts: dict, rounds: int, hog: str) -> tuple[int, int]:
    from drivers.printer.driver import open_printer
    from kiosk.config.schema import DeviceConfig
    from kiosk.errors import KioskError
    ok = total = 0
    with tempfile.TemporaryDirectory() as out:
        with _sim(out) as sim:
            cfg = DeviceConfig(driver="escpos", port=sim.port_url, baudrate=BAUD,
                               options={"paper": "80mm", "native_qr": True, "status_timeout_ms": 300})
            with open_printer(cfg) as printer, Hog(hog):
                for _ in range(rounds):
                    for receipt in receipts.values():
                        total += 1
                        try:
                            printer.print_document(receipt)
                            ok += 1
                        except KioskError:
                            pass
    return ok, total


def measure(tries: int = 3) -> dict:
    from benchmarks.printing import kiosk_receipts
    data = jobs()
    with tempfile.TemporaryDirectory() as out:  # warm-up: glyphs and fonts are cached per process
        with _sim(out) as sim:
            for job in data.values():
                sim.process(job)
            sim.wait_for_receipts(len(data), timeout=30)
    rows = {}
    for name, job in data.items():
        row = {"job_bytes": len(job), "line_s": round((len(job) + len(ASK)) * 10 / BAUD, 4)}
        for hog in HOGS:
            label = f"_{hog}" if hog else ""
            row[f"process{label}_s"] = round(statistics.median(time_process(job, hog) for _ in range(tries)), 4)
            row[f"answer_after_line{label}_ms"] = round(
                1000 * statistics.median(answer_latency(job, hog) for _ in range(tries)), 1)
        rows[name] = row
        print(f"  {name:<30} {row['job_bytes']:>5} B line {row['line_s']:.3f} s | process "
              + " ".join(f"{h or 'alone'} {row[f'process_{h}_s' if h else 'process_s']:.3f}" for h in HOGS)
              + " s | answer after line "
              + " ".join(f"{h or 'alone'} +{row[f'answer_after_line_{h}_ms' if h else 'answer_after_line_ms']:.1f}"
                         for h in HOGS) + " ms", flush=True)
    prints = {}
    for hog in HOGS[1:]:
        ok, total = prints_with_hog(kiosk_receipts(), rounds=2, hog=hog)
        prints[hog] = {"printed": ok, "of": total}
        print(f"  driver print_document beside a {hog}-hog thread: {ok}/{total} printed", flush=True)
    return {"name": "printer_sim_lag", "baud": BAUD, "receipts": rows, "prints_beside_hog": prints,
            "notes": "process: sim.process(job + 4 status requests), no line; py: beside another thread spinning in "
                     "bytecode; c10 / c35: beside a thread holding the GIL in 10 / 35 ms C calls; "
                     "answer_after_line: pty at 115200, job in 256-byte writes + the 4 requests, time from the "
                     "line's end to the 4th answer; prints: driver print_document, 300 ms status timeout"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tries", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "printer_sim_lag.json"))
    args = ap.parse_args(argv)
    result = measure(args.tries)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
