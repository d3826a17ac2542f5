"""Every fault the issue names gives the right state, a failed or completed job, and words for the resident."""

import pytest
from printer_support import device_config

from drivers.printer.document import KeyValue, Receipt, Text, build_receipt
from drivers.printer.driver import open_printer
from drivers.printer.status import ADVICE, Condition, PrinterProblem
from drivers.status import Action, DeviceState
from kiosk.errors import DeviceNotAnswering, DeviceNotFound, ProtocolError
from datetime import datetime


def long_receipt(lines=30):
    body = [KeyValue(f"行政许可 {i:02d}", f"鄂许字〔2026〕第{i:04d}号") for i in range(lines)]
    return build_receipt("公共信用信息报告", body, terminal_id="KS-01", printed_at=datetime(2026, 1, 1))


def test_healthy_printer_reports_online(printer):
    status = printer.read_status()
    assert status.raw() == "12 12 12 12"
    assert status.condition == Condition.ONLINE
    report = printer.check("internal")
    assert report.state == DeviceState.ONLINE and report.healthy and report.components["paper"] == "ok"


def test_paper_near_end_still_prints_and_tells_staff(printer, sim):
    sim.set_paper(500)
    assert printer.read_status().paper == 0x1E
    status = printer.print_document(Receipt((Text("仍可打印"),)))
    assert status.condition == Condition.PAPER_NEAR_END
    report = printer.check("internal")
    assert report.healthy and report.components["paper"] == "near_end"
    assert "replace the paper roll" in report.recommended_action


def test_paper_end_before_a_job_sends_nothing(printer, sim):
    sim.set_paper(0)
    received = sim.bytes_received
    with pytest.raises(PrinterProblem) as info:
        printer.print_document(long_receipt())
    assert info.value.condition == Condition.PAPER_OUT
    assert sim.bytes_received - received == 12  # four status requests, no job bytes
    assert "缺纸" in info.value.user_message("zh") and "out of paper" in info.value.user_message("en")
    report = printer.check("internal")
    assert report.state == DeviceState.USER_ERROR and report.action == Action.CLEAR_YOURSELF
    assert report.recommended_action == "replace the paper roll" and report.components["paper"] == "out"


def test_paper_end_during_a_job_fails_it_and_paper_load_prints_the_buffer(printer, sim):
    sim.set_paper(30)  # near end: enough for the status check, not for 30 lines
    with pytest.raises(PrinterProblem) as info:
        printer.print_document(long_receipt())
    assert info.value.condition == Condition.PAPER_OUT
    assert sim.receipts == []
    assert printer.read_status().paper == 0x72
    sim.load_paper()
    assert sim.wait_for_receipts(1, timeout=10)  # the rest in its buffer printed, then the cut
    assert printer.read_status().healthy


def test_cover_open_stops_the_job_before_it_starts(printer, sim):
    sim.open_cover()
    with pytest.raises(PrinterProblem) as info:
        printer.print_document(long_receipt(3))
    assert info.value.condition == Condition.COVER_OPEN
    assert "盖" in info.value.user_message("zh")
    assert printer.check("internal").recommended_action == "close the printer cover"
    sim.close_cover()
    printer.print_document(long_receipt(3))
    assert sim.wait_for_receipts(1, timeout=10)


def test_cutter_error_at_the_cut_fails_the_job(printer, sim):
    sim.jam_cutter()
    with pytest.raises(PrinterProblem) as info:
        printer.print_document(long_receipt(3))
    assert info.value.condition == Condition.CUTTER_ERROR
    assert sim.receipts == []
    report = printer.check("internal")
    assert report.state == DeviceState.HARDWARE_ERROR and report.action == Action.CALL_TECHNICIAN
    assert report.components["cutter"] == "error"
    sim.clear_cutter_error()
    assert printer.read_status().healthy


def test_switched_off_printer_is_not_answering(sim):
    with open_printer(device_config(sim.port_url, status_timeout_ms=100)) as printer:
        sim.power_off()
        with pytest.raises(DeviceNotAnswering) as info:
            printer.print_document(long_receipt(3))
        assert "没有响应" in info.value.user_message("zh")
        report = printer.check("internal")
        assert report.state == DeviceState.NOT_ANSWERING and not report.healthy
        assert "switched on" in report.recommended_action
        sim.power_on()
        assert printer.read_status().healthy


def test_unplugged_line_is_not_answering(tmp_path):
    from drivers.printer.simulator import PrinterSimulator
    sim = PrinterSimulator(baudrate=230400, output_dir=str(tmp_path)).start()
    printer = open_printer(device_config(sim.port_url, status_timeout_ms=100))
    try:
        sim.stop()
        with pytest.raises(DeviceNotAnswering):
            printer.read_status()
    finally:
        printer.close()


def test_garbage_in_reply_is_a_protocol_error(printer, sim):
    sim.set_reply_noise(True)
    with pytest.raises(ProtocolError) as info:
        printer.print_document(long_receipt(3))
    assert info.value.user_message("en")
    report = printer.check("internal")
    assert report.state == DeviceState.HARDWARE_ERROR and "baud rate" in report.recommended_action


def test_stale_bytes_in_the_input_are_not_taken_for_the_answer(printer, sim):
    sim.send_noise(b"\xff\x00\xff")
    assert printer.read_status().healthy


def test_missing_port_is_device_not_found(tmp_path):
    with pytest.raises(DeviceNotFound):
        open_printer(device_config(str(tmp_path / "ttyUSB9")))


def test_every_failure_has_words_for_the_resident_and_the_staff():
    for cond, advice in ADVICE.items():
        assert advice.staff and advice.staff_zh
        if cond not in (Condition.ONLINE, Condition.PAPER_NEAR_END):
            assert advice.resident.zh and advice.resident.text("en") != advice.resident.zh
            assert advice.state != DeviceState.ONLINE


@pytest.mark.parametrize("fault,error,condition", [
    ("open_cover", PrinterProblem, Condition.COVER_OPEN),
    ("power_off", DeviceNotAnswering, Condition.NOT_ANSWERING),
])
def test_fault_in_the_middle_of_a_job_fails_it(sim, fault, error, condition):
    receipt = long_receipt()
    with open_printer(device_config(sim.port_url, status_timeout_ms=150)) as printer:
        def halfway(sent, total):
            if sent * 2 >= total and not getattr(halfway, "done", False):
                halfway.done = True
                getattr(sim, fault)()
        with pytest.raises(error) as info:
            printer.print_document(receipt, progress=halfway)
    assert info.value.condition == condition
    assert sim.receipts == []


def test_one_unanswered_status_request_is_asked_again_not_called_a_fault(printer, sim):
    sim.miss_status_replies(1)
    assert printer.read_status().condition == Condition.ONLINE


def test_a_printer_silent_twice_to_the_same_request_is_not_answering(printer, sim):
    sim.miss_status_replies(5)  # the four asked together, then the first of the four asked again
    with pytest.raises(DeviceNotAnswering):
        printer.read_status()
    assert printer.read_status().condition == Condition.ONLINE  # it answers again afterwards
