"""`kiosk diag` against every simulator at the far end of a pty: table, JSON, masking, busy ports, exit codes."""

import json

import pytest
import serial
import yaml

from drivers.gascard.card import derive_password
from drivers.gascard.reader import open_gas_reader
from drivers.idcard.driver import open_id_reader
from drivers.printer.driver import open_printer
from drivers.simulated import SimulatedHardware
from kiosk.cli import main
from kiosk.commands.diag import TABLE_WIDTH, port_in_use
from kiosk.config import load_config

DEVICES = ("printer", "id_reader", "gas_reader")
OPENERS = {"printer": open_printer, "id_reader": open_id_reader, "gas_reader": open_gas_reader}


@pytest.fixture
def far_end(config_dir):
    """All three simulators started on their own; devices.yaml points at their pty paths (not 'sim')."""
    hw = SimulatedHardware(load_config(str(config_dir))).start()
    path = config_dir / "devices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, url in hw.ports().items():
        data[name]["port"] = url
    data["printer"].setdefault("options", {})["status_timeout_ms"] = 300
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    yield hw
    hw.stop()


def diag(config_dir, capsys, *extra):
    rc = main(["diag", "--config", str(config_dir), *extra])
    return rc, capsys.readouterr().out


def diag_json(config_dir, capsys, *extra):
    rc, out = diag(config_dir, capsys, "--json", *extra)
    return rc, json.loads(out), out


def table_rows(out: str) -> dict[str, str]:
    """The table's row of each device (the unindented line that starts with its name)."""
    return {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")
            and line.split()[0] in DEVICES}


def words(text: str) -> str:
    """``text`` with line breaks and runs of spaces made single spaces (detail lines fold at 80 columns)."""
    return " ".join(text.split())


def assert_fits_80_columns(out: str):
    assert out.splitlines()[0].startswith("DEVICE")
    assert all(len(line) <= TABLE_WIDTH for line in out.splitlines()), out


# ------------------------------------------------------------------------------- healthy

def test_healthy_kiosk_prints_one_aligned_row_per_device_and_exits_0(config_dir, far_end, capsys):
    rc, out = diag(config_dir, capsys)
    assert rc == 0
    assert_fits_80_columns(out)
    header = out.splitlines()[0]
    assert header.split() == ["DEVICE", "DRIVER", "PORT", "STATE", "PAPER/CARD", "LAST", "ERROR", "ACTION"]
    rows = table_rows(out)
    assert list(rows) == list(DEVICES)
    for name, driver in (("printer", "escpos"), ("id_reader", "sam"), ("gas_reader", "crt310")):
        cells = rows[name].split()
        assert cells[:4] == [name, driver, far_end.ports()[name], "online"]
        # every column starts where its header does
        assert rows[name].index(" online") + 1 == header.index("STATE")
    assert "paper ok" in rows["printer"] and "no card" in rows["gas_reader"]
    assert "    sam_id: " in out  # details indented below their row
    assert out.rstrip().endswith("healthy: 3 of 3 devices")


def test_healthy_kiosk_in_json_gives_one_object_per_device_with_its_driver(config_dir, far_end, capsys):
    rc, reports, _ = diag_json(config_dir, capsys, "--level", "external")
    assert rc == 0
    assert [(r["name"], r["driver"], r["port"]) for r in reports] == [
        ("printer", "escpos", far_end.printer.port_url),
        ("id_reader", "sam", far_end.id_reader.port_url),
        ("gas_reader", "crt310", far_end.gas_reader.port_url)]
    for r in reports:
        assert {"name", "driver", "port", "state", "components", "last_error", "action", "recommended_action",
                "details", "healthy", "checked_at"} <= set(r)
        assert r["state"] == "online" and r["healthy"] is True and r["last_error"] is None and r["action"] == "none"
    assert reports[0]["details"]["test_receipt"] == "printed"
    assert far_end.printer.wait_for_receipts(1, timeout=10)
    assert reports[1]["components"] == {"sam": "ok", "card": "absent"}
    assert reports[2]["components"] == {"card_position": "none", "mechanism": "ok"}


def test_one_device_in_json_is_an_object(config_dir, far_end, capsys):
    rc, report, _ = diag_json(config_dir, capsys, "--device", "gas_reader")
    assert rc == 0 and report["name"] == "gas_reader" and report["driver"] == "crt310"


def test_port_sim_devices_are_checked_against_the_built_in_simulators(config_dir, capsys):
    rc, out = diag(config_dir, capsys)
    assert rc == 0 and "simulated: yes" in out and "healthy: 3 of 3 devices" in out


# ------------------------------------------------------------------------------- unhealthy

def test_printer_out_of_paper_exits_1_and_says_what_to_do(config_dir, far_end, capsys):
    far_end.printer.set_paper(0)
    rc, reports, _ = diag_json(config_dir, capsys, "--level", "external")
    assert rc == 1
    printer = reports[0]
    assert printer["state"] == "user_error" and printer["components"]["paper"] == "out"
    assert printer["action"] == "clear_yourself" and printer["recommended_action"] == "replace the paper roll"
    assert printer["details"]["test_receipt"].startswith("not printed")
    assert [r["healthy"] for r in reports] == [False, True, True]

    rc, out = diag(config_dir, capsys)
    assert rc == 1
    assert_fits_80_columns(out)
    row = table_rows(out)["printer"]
    assert "user_error" in row and "paper out" in row and "clear it" in row
    assert "    action: replace the paper roll" in out
    assert out.rstrip().endswith("NOT HEALTHY: printer: user_error")


@pytest.mark.parametrize("device", ["id_reader", "gas_reader", "printer"])
def test_a_device_switched_off_exits_1_as_not_answering(config_dir, far_end, capsys, device):
    sim = getattr(far_end, device)
    sim.set_answering(False) if device == "gas_reader" else sim.power_off()
    rc, report, _ = diag_json(config_dir, capsys, "--device", device)
    assert rc == 1
    assert report["state"] == "not_answering" and report["healthy"] is False
    assert report["last_error"] and report["recommended_action"]

    rc, out = diag(config_dir, capsys, "--device", device)
    assert rc == 1
    assert_fits_80_columns(out)
    assert "not_answering" in table_rows(out)[device]
    assert f"NOT HEALTHY: {device}: not_answering" in out


def test_a_missing_port_is_offline_and_the_table_still_fits(config_dir, far_end, capsys, tmp_path):
    path = config_dir / "devices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    long_port = str(tmp_path / "a-long-folder-name-for-a-usb-serial-adapter" / "ttyUSB-gas-reader")
    data["gas_reader"]["port"] = long_port
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rc, out = diag(config_dir, capsys)
    assert rc == 1
    assert_fits_80_columns(table_text(out))
    row = table_rows(out)["gas_reader"]
    assert "offline" in row and "…" in row  # the port's tail and the error, cut to fit
    assert f"    port: {long_port}" in out
    rc, report, _ = diag_json(config_dir, capsys, "--device", "gas_reader")
    assert report["state"] == "offline" and report["port"] == long_port


def table_text(out: str) -> str:
    """Header and rows only (detail lines may wrap long paths)."""
    lines = out.splitlines()
    return "\n".join([lines[0]] + list(table_rows(out).values()))


# ------------------------------------------------------------------------------- cards, masked

def test_a_card_on_each_reader_shows_a_masked_summary_only(config_dir, far_end, capsys):
    person = far_end.id_reader.insert_card("li_xiuying")
    far_end.gas_reader.insert("ready")
    full_gas_number = "4212000000010002"
    password = derive_password(load_config(str(config_dir)).devices.options("gas_reader").utility_key,
                               full_gas_number).hex()

    rc, reports, out = diag_json(config_dir, capsys, "--level", "external")
    assert rc == 0
    id_card, gas_card = reports[1]["details"]["card"], reports[2]["details"]["card"]
    assert id_card["name"] == "李*英" and id_card["id_number"] == "4212**********0049"
    assert gas_card["card_number"] == "4212********0002" and gas_card["purchase_count"] == 7
    assert reports[1]["components"]["card"] == "present" and reports[2]["components"]["card_position"] == "inside"

    rc, table = diag(config_dir, capsys, "--level", "external")
    assert rc == 0
    rows = table_rows(table)
    assert "card in" in rows["id_reader"] and "card in" in rows["gas_reader"]
    assert "name: 李*英" in table and "id_number: 4212**********0049" in table
    assert "card_number: 4212********0002" in table

    for text in (out, table):
        assert person["number"] not in text and person["name"] not in text
        assert full_gas_number not in text
        assert password not in text and password.upper() not in text


def test_an_unreadable_id_card_is_reported_without_its_content(config_dir, far_end, capsys):
    person = far_end.id_reader.insert_card("li_xiuying")
    far_end.id_reader.pull_card_during_read()
    rc, report, out = diag_json(config_dir, capsys, "--device", "id_reader", "--level", "external")
    assert report["details"]["card"]["accepted"] is False
    assert person["number"] not in out and person["name"] not in out


# ------------------------------------------------------------------------------- busy ports

BUSY = "is in use (the kiosk holds it: stop it or use maintenance mode)"


def hold_with_pyserial(config_dir, device):
    cfg = load_config(str(config_dir)).devices
    return serial.Serial(getattr(cfg, device).port, getattr(cfg, device).baudrate, exclusive=True)


def hold_with_the_driver(config_dir, device):
    """The kiosk's own way of opening the device: each driver must lock its port."""
    return OPENERS[device](getattr(load_config(str(config_dir)).devices, device))


@pytest.mark.parametrize("hold", [hold_with_pyserial, hold_with_the_driver], ids=["pyserial", "driver"])
@pytest.mark.parametrize("device", DEVICES)
def test_a_port_the_kiosk_holds_is_reported_busy_not_broken(config_dir, far_end, capsys, device, hold):
    port = far_end.ports()[device]
    holder = hold(config_dir, device)
    try:
        rc, report, _ = diag_json(config_dir, capsys, "--device", device)
        assert rc == 1
        assert report["state"] == "busy" and report["healthy"] is False
        assert report["last_error"] == f"port {port} {BUSY}"
        assert "maintenance mode" in report["recommended_action"]

        rc, out = diag(config_dir, capsys)
        assert rc == 1
        assert "busy" in table_rows(out)[device]
        assert f"last error: port {port} {BUSY}" in words(out)
        assert "port in use" in table_rows(out)[device]
        assert f"NOT HEALTHY: {device}: busy" in out
        others = [d for d in DEVICES if d != device]
        assert all("online" in table_rows(out)[d] for d in others)
    finally:
        holder.close()
    rc, _ = diag(config_dir, capsys, "--device", device)
    assert rc == 0  # the kiosk let go: the same check passes


@pytest.mark.parametrize("text,busy", [
    ("cannot open /dev/pts/3: Could not exclusively lock port /dev/pts/3: [Errno 11] Resource temporarily unavailable",
     True),
    ("cannot open /dev/ttyUSB0: [Errno 16] could not open port /dev/ttyUSB0: [Errno 16] Device or resource busy: "
     "'/dev/ttyUSB0'", True),
    ("cannot open /dev/ttyUSB0: [Errno 2] could not open port /dev/ttyUSB0: [Errno 2] No such file or directory", False),
    (None, False),
])
def test_busy_is_told_apart_from_a_missing_port(text, busy):
    assert port_in_use(text) is busy


# ------------------------------------------------------------------------------- broken config

@pytest.mark.parametrize("json_flag", [(), ("--json",)], ids=["table", "json"])
@pytest.mark.parametrize("breakage", [
    ("baudrate: 9600", "baudrate: 12345"),
    ("driver: sam", "driver: sma"),
    ("printer:\n", "printer:\n  - not a mapping\n"),
])
def test_a_broken_config_exits_2_and_says_where(config_dir, capsys, breakage, json_flag):
    path = config_dir / "devices.yaml"
    text = path.read_text(encoding="utf-8")
    assert breakage[0] in text
    path.write_text(text.replace(breakage[0], breakage[1], 1), encoding="utf-8")
    rc = main(["diag", "--config", str(config_dir), *json_flag])
    captured = capsys.readouterr()
    assert rc == 2
    assert "devices.yaml" in captured.out and "config broken" in captured.err


def test_a_device_missing_from_the_config_exits_2(config_dir, capsys):
    path = config_dir / "devices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["gas_reader"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rc = main(["diag", "--config", str(config_dir), "--device", "gas_reader"])
    assert rc == 2 and "not configured" in capsys.readouterr().err


def test_a_disabled_device_is_listed_but_does_not_fail_the_run(config_dir, far_end, capsys):
    path = config_dir / "devices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["gas_reader"]["enabled"] = False
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    far_end.gas_reader.set_answering(False)
    rc, out = diag(config_dir, capsys)
    assert rc == 0 and "disabled" in table_rows(out)["gas_reader"]
    assert "healthy: 2 of 2 devices" in out


# ------------------------------------------------------------------------------- last line of defence

def test_a_full_number_that_slipped_into_a_report_is_masked_in_table_and_json():
    from drivers.status import DeviceReport, DeviceState
    from kiosk.commands.diag import report_json, report_table

    report = DeviceReport(name="id_reader", port="/dev/ttyUSB1", state=DeviceState.HARDWARE_ERROR,
                          last_error="card 42122119781105004X refused", details={"card": {"number": "4212000000010002"},
                                                                                "sam_id": "05.01-20240517-0012345678-3456789012"})
    table = report_table([(report, "sam")])
    data = json.dumps(report_json(report, "sam"), ensure_ascii=False)
    for text in (table, data):
        assert "42122119781105004X" not in text and "4212**********004X" in text
        assert "4212000000010002" not in text and "4212********0002" in text
        assert "05.01-20240517-0012345678-3456789012" in text  # the SAM id is not personal: left alone
