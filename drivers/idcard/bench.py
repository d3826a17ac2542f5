"""Timings of the ID card reader against its simulator: a full read, a card pulled mid-read, a silent reader.

    python -m drivers.idcard.bench [--transport pty|tcp] [--runs 10] [--out results.json]

Tests assert behaviour, not speed; this script measures and writes the numbers to a file.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
import time

from drivers.idcard.driver import SamReader
from drivers.idcard.simulator import IdCardSimulator
from drivers.serialport import open_port
from kiosk.errors import KioskError


def _pulled_mid_read(sim: IdCardSimulator, reader: SamReader) -> float:
    """Seconds from the card leaving the field (halfway through the RF read) to the driver's error."""
    sim.insert_card("wang_jianguo")
    removed_at: list[float] = []

    def pull():
        if sim.reading.wait(5):
            removed_at.append(time.monotonic())
            sim.remove_card()

    puller = threading.Thread(target=pull, name="bench-puller")
    puller.start()
    try:
        reader.read_card()
        raise RuntimeError("a pulled card was read as a success")
    except KioskError:
        reported = time.monotonic()
    finally:
        puller.join()
    return reported - removed_at[0]


def run(transport: str = "pty", runs: int = 10) -> dict:
    results: dict = {"transport": transport, "runs": runs, "baudrate": 115200}
    with IdCardSimulator(transport=transport, read_delay=0.15) as sim:
        port = open_port(sim.port_url, 115200, timeout=0.02)
        with SamReader(port, url=sim.port_url) as reader:
            sim.insert_card("wang_jianguo")
            reads = []
            for _ in range(runs):
                t0 = time.monotonic()
                reader.read_card()
                reads.append(time.monotonic() - t0)
            results["full_read_s"] = {"median": statistics.median(reads), "max": max(reads)}

            sim.read_delay = 2.0  # a slow RF read, so the card is surely pulled in the middle of it
            pulled = [_pulled_mid_read(sim, reader) for _ in range(runs)]
            results["pulled_mid_read_reported_after_s"] = {"median": statistics.median(pulled), "max": max(pulled)}

            sim.power_off()
            t0 = time.monotonic()
            try:
                reader.find_card()
            except KioskError:
                results["silent_reader_reported_after_s"] = time.monotonic() - t0
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transport", choices=("pty", "tcp"), default="pty")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out", help="write the results (JSON) to this file")
    args = parser.parse_args(argv)
    text = json.dumps(run(args.transport, args.runs), indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)  # the failures provoked here are expected: keep the output clean
    sys.exit(main())
