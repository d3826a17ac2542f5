"""Fixtures for the printer tests: a simulator on a pty (or TCP) and the driver on its far end."""

import pytest
from printer_support import FAST_BAUD, device_config

from drivers.printer.driver import open_printer
from drivers.printer.simulator import PrinterSimulator


@pytest.fixture
def sim(tmp_path):
    s = PrinterSimulator(baudrate=FAST_BAUD, output_dir=str(tmp_path / "receipts")).start()
    yield s
    s.stop()


@pytest.fixture
def sim58(tmp_path):
    s = PrinterSimulator(baudrate=FAST_BAUD, paper="58mm", output_dir=str(tmp_path / "receipts58")).start()
    yield s
    s.stop()


@pytest.fixture
def printer(sim):
    p = open_printer(device_config(sim.port_url))
    yield p
    p.close()
