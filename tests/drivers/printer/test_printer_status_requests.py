"""A status read asks DLE EOT 1-4 in one write and takes the four answers in order, checking each one.

Most tests here put the driver on a real pty whose far end answers as each test scripts it (split,
short, garbled), which the simulator never does on its own; the last ones use the simulator.
"""

import os
import select
import threading

import pytest
from printer_support import device_config

from drivers.printer.commands import STATUS_NS, embedded_status_requests, status_requests
from drivers.printer.document import QRCode, Receipt, Text
from drivers.printer.driver import open_printer
from drivers.printer.status import Condition
from drivers.serialport import PtyLine
from kiosk.errors import DeviceNotAnswering, ProtocolError

ASK = bytes.fromhex("10 04 01 10 04 02 10 04 03 10 04 04")


class ScriptedPrinter:
    """The far end of a pty: answers the n-th set of four status requests with ``script[n]``.

    Each script entry is a list of byte pieces, written one at a time with a pause between them
    so the driver sees them in separate reads. No entry left: the set goes unanswered.
    """

    PAUSE_S = 0.03

    def __init__(self, script):
        self.line = PtyLine(230400)
        self.port_url = self.line.path
        self.script = list(script)
        self.sets_asked = 0
        self.received = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scripted-printer", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self.line.close()

    def _run(self):
        pending = b""
        while not self._stop.is_set():
            r, _, _ = select.select([self.line.master], [], [], 0.02)
            if not r:
                continue
            try:
                data = os.read(self.line.master, 4096)
            except OSError:
                continue
            self.received += data
            pending += data
            while len(pending) >= len(ASK):
                pending = pending[len(ASK):]
                self.sets_asked += 1
                pieces = self.script.pop(0) if self.script else []
                for i, piece in enumerate(pieces):
                    if i:
                        self._stop.wait(self.PAUSE_S)
                    os.write(self.line.master, piece)


def open_recording(url, **kw):
    """The driver on ``url``, its port's writes recorded (each call, as given) in ``printer.writes``."""
    printer = open_printer(device_config(url, **kw))
    printer.writes = []
    write = printer._port.write

    def recording_write(data):
        printer.writes.append(bytes(data))
        return write(data)
    printer._port.write = recording_write
    return printer


def wait_for_input(printer, n, timeout=2.0) -> bool:
    """Until ``n`` bytes wait in the driver's input (polled with a deadline, no sleep)."""
    waited = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if printer._port.in_waiting >= n:
            return True
        waited.wait(0.01)
    return False


def test_the_four_status_requests_go_out_in_one_write():
    assert status_requests() == ASK and STATUS_NS == (1, 2, 3, 4)
    with ScriptedPrinter([[b"\x12\x12\x12\x12"]]) as far:
        with open_recording(far.port_url) as printer:
            status = printer.read_status()
    assert printer.writes == [ASK]
    assert far.received == ASK
    assert status.raw() == "12 12 12 12" and status.condition == Condition.ONLINE


def test_answers_split_across_reads_are_joined_in_the_order_asked():
    # printer online, cover open (n=2), no error, paper near end (n=4): each byte lands in its own place
    with ScriptedPrinter([[b"\x12", b"\x16\x12", b"\x1e"]]) as far:
        with open_recording(far.port_url) as printer:
            status = printer.read_status()
    assert status.raw() == "12 16 12 1E"
    assert status.cover_open and status.paper_near_end and status.condition == Condition.COVER_OPEN
    assert far.sets_asked == 1


def test_a_set_missing_one_answer_is_asked_again_and_its_partial_answers_dropped():
    # three answers only: which request was skipped is unknown, so none of them may be used
    with ScriptedPrinter([[b"\x16\x16\x16"], [b"\x12\x12\x12\x12"]]) as far:
        with open_recording(far.port_url, status_timeout_ms=100) as printer:
            status = printer.read_status()
    assert printer.writes == [ASK, ASK]
    assert status.raw() == "12 12 12 12" and status.condition == Condition.ONLINE


def test_one_answer_missing_twice_is_not_answering():
    with ScriptedPrinter([[b"\x12\x12\x12"], [b"\x12", b"\x12\x12"]]) as far:
        with open_recording(far.port_url, status_timeout_ms=100) as printer:
            with pytest.raises(DeviceNotAnswering) as info:
                printer.read_status()
    assert printer.writes == [ASK, ASK]
    assert "no answer to 1 of the 4 status requests" in str(info.value)
    assert info.value.condition == Condition.NOT_ANSWERING and info.value.user_message("zh")


def test_a_garbled_third_answer_is_a_protocol_error_at_once():
    with ScriptedPrinter([[b"\x12\x12\xff\x12"], [b"\x12\x12\x12\x12"]]) as far:
        with open_recording(far.port_url) as printer:
            with pytest.raises(ProtocolError) as info:
                printer.read_status()
    assert printer.writes == [ASK]  # a wrong answer is not a silence: not asked again
    assert "status request 3 answered 0xff" in str(info.value)
    assert info.value.condition == Condition.BAD_REPLY and printer.last_error is info.value


def test_stale_bytes_before_the_requests_are_flushed_not_read_as_answers():
    with ScriptedPrinter([[b"\x12\x12\x12\x12"]]) as far:
        with open_recording(far.port_url) as printer:
            os.write(far.line.master, b"\x16\x16")  # old answers (cover open) still in our input
            assert wait_for_input(printer, 2)
            assert printer.read_status().raw() == "12 12 12 12"


def test_the_status_requests_a_printer_finds_inside_other_data_are_counted():
    assert embedded_status_requests(b"") == 0
    assert embedded_status_requests(b"\x1d\x28\x6b\x10\x04\x02\x10\x10\x04\x04\x10\x04\x05\x10\x04\x10\x04\x01") == 3
    assert embedded_status_requests(ASK) == 4


def test_a_job_whose_data_holds_a_status_request_owes_an_answer_that_is_skipped(printer, sim):
    # The QR payload carries DLE EOT 2: the printer answers it mid-job (n=2: 12). With paper near
    # its end, taking that early answer for ours would read 12 for paper sensors: "ok" instead of near end.
    sim.set_paper(800)
    receipt = Receipt((Text("凭条"), QRCode("A\x10\x04\x02B")))
    status = printer.print_document(receipt)
    assert status.raw() == "12 12 12 1E" and status.condition == Condition.PAPER_NEAR_END
    assert printer.read_status().raw() == "12 12 12 1E"  # nothing left over to shift the next read


def test_two_answers_missed_in_one_set_are_asked_again_not_called_a_fault(printer, sim):
    sim.miss_status_replies(2)
    assert printer.read_status().condition == Condition.ONLINE
