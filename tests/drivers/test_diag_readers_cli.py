"""`kiosk diag` against each card reader at the far end of a pty: state, masked summary, exit codes."""

import json

import pytest

from drivers.simulated import SimulatedHardware
from kiosk.cli import main
from kiosk.config import load_config


@pytest.fixture
def far_end(config_dir):
    """The readers' simulators started on their own; devices.yaml points at their pty paths (not 'sim')."""
    hw = SimulatedHardware(load_config(str(config_dir)), only=("id_reader", "gas_reader")).start()
    path = config_dir / "devices.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("port: sim\n  baudrate: 115200\n\ngas", f"port: {hw.id_reader.port_url}\n  baudrate: 115200\n\ngas")
    text = text.replace("port: sim\n  baudrate: 9600", f"port: {hw.gas_reader.port_url}\n  baudrate: 9600")
    path.write_text(text, encoding="utf-8")
    yield hw
    hw.stop()


def diag(config_dir, capsys, device, *extra):
    rc = main(["diag", "--config", str(config_dir), "--device", device, "--level", "external", "--json", *extra])
    out = capsys.readouterr().out
    return rc, json.loads(out), out


def test_id_reader_without_a_card_is_healthy(config_dir, far_end, capsys):
    rc, report, _ = diag(config_dir, capsys, "id_reader")
    assert rc == 0 and report["state"] == "online" and report["port"] == far_end.id_reader.port_url
    assert report["details"]["sam_id"].count("-") == 3


def test_id_reader_with_a_card_shows_a_masked_summary_only(config_dir, far_end, capsys):
    card = far_end.id_reader.insert_card("li_xiuying")
    rc, report, out = diag(config_dir, capsys, "id_reader")
    assert rc == 0
    assert "4212**********0049" in out and "李*英" in out
    assert card["number"] not in out and card["name"] not in out


def test_a_silent_id_reader_fails_the_check(config_dir, far_end, capsys):
    far_end.id_reader.power_off()
    rc, report, _ = diag(config_dir, capsys, "id_reader")
    assert rc == 1 and report["state"] == "not_answering" and report["recommended_action"]


def test_gas_reader_with_and_without_a_card(config_dir, far_end, capsys):
    rc, report, _ = diag(config_dir, capsys, "gas_reader")
    assert rc == 0 and report["state"] == "online"
    far_end.gas_reader.insert("ready")
    rc, report, out = diag(config_dir, capsys, "gas_reader")
    assert rc == 0 and "4212000000010002" not in out and "0002" in out


def test_a_jammed_gas_reader_fails_the_check(config_dir, far_end, capsys):
    far_end.gas_reader.insert("ready")
    far_end.gas_reader.jam(True)
    rc, report, _ = diag(config_dir, capsys, "gas_reader")
    assert rc == 1 and report["recommended_action"]
