"""The simulated hardware of a config: started together, resolved ports, the HTTP control API and the panel."""

import json
import os
import urllib.error
import urllib.request

import pytest

from drivers.sim_control import ControlServer
from drivers.simulated import SimulatedHardware
from kiosk.config import load_config


@pytest.fixture
def hardware(config_dir):
    hw = SimulatedHardware(load_config(str(config_dir))).start()
    yield hw
    hw.stop()


@pytest.fixture
def control(hardware):
    srv = ControlServer(hardware).start()
    yield srv
    srv.stop()


def post(control, path, body=None):
    req = urllib.request.Request(control.url + path, data=json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_every_sim_device_gets_a_port_the_driver_can_open(hardware):
    ports = hardware.ports()
    assert sorted(ports) == ["gas_reader", "id_reader", "printer"]
    resolved = hardware.resolve()
    for name, url in ports.items():
        assert getattr(resolved, name).port == url
        assert os.path.exists(url)
    assert hardware.config.devices.printer.port == "sim"  # the config itself is untouched


def test_only_devices_with_port_sim_are_simulated(config_dir):
    path = config_dir / "devices.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("port: sim", "port: /dev/ttyUSB9", 1), encoding="utf-8")
    with SimulatedHardware(load_config(str(config_dir))) as hw:
        assert sorted(hw.ports()) == ["gas_reader", "id_reader"]
        assert hw.resolve().printer.port == "/dev/ttyUSB9"


def test_control_api_inserts_a_gas_card_that_cannot_be_taken_until_ejected(control, hardware):
    code, state = post(control, "/gas_reader/insert", {"card": "ready"})
    assert code == 200 and state["card"] == "ready" and state["position"] == "inside"
    assert hardware.gas_reader.card_in_reader == "ready"
    code, state = post(control, "/gas_reader/take")  # the motorised reader holds it
    assert code == 200 and state["card"] == "ready"
    code, state = post(control, "/gas_reader/remove")
    assert code == 200 and state["card"] is None


def test_control_api_places_an_id_card_and_opens_the_printer_cover(control, hardware):
    assert post(control, "/id_reader/insert", {"card": "li_xiuying"})[0] == 200
    assert hardware.id_reader.card.key == "li_xiuying"
    assert post(control, "/printer/cover", {"open": True})[0] == 200
    assert hardware.printer.status_byte(2) & 0x04  # cover open bit


def test_control_api_refuses_nonsense_clearly(control):
    assert post(control, "/scanner/insert")[0] == 404
    assert post(control, "/printer/explode")[0] == 404
    assert post(control, "/printer/paper", {"metres": 3})[0] == 400
    code, body = post(control, "/gas_reader/insert", {"card": "no_such_card"})
    assert code == 409 and body["error"]


def test_control_api_state_lists_devices_and_actions(control):
    with urllib.request.urlopen(control.url + "/", timeout=5) as r:
        state = json.loads(r.read())
    assert "insert" in state["gas_reader"]["actions"] and "cover" in state["printer"]["actions"]


def test_hardware_panel_buttons_drive_the_simulators(qtbot, hardware):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from ui.hardware_panel import HardwarePanel
    panel = HardwarePanel(hardware)
    qtbot.addWidget(panel)
    panel.gas_deck.setCurrentIndex(panel.gas_deck.findData("ready"))
    qtbot.mouseClick(panel.findChild(QPushButton, "gas_reader.insert"), Qt.LeftButton)
    assert hardware.gas_reader.card_in_reader == "ready"
    qtbot.mouseClick(panel.findChild(QPushButton, "printer.paper"), Qt.LeftButton)
    assert hardware.printer.roll.remaining_mm <= 1000
    panel.id_deck.setCurrentIndex(panel.id_deck.findData("wang_jianguo"))
    qtbot.mouseClick(panel.findChild(QPushButton, "id_reader.insert"), Qt.LeftButton)
    assert hardware.id_reader.card.key == "wang_jianguo"
    assert "card=ready" in panel.status["gas_reader"].text()
    panel.close()


def test_kiosk_diag_checks_every_simulated_device(config_dir, capsys):
    from kiosk.cli import main
    assert main(["diag", "--config", str(config_dir), "--json"]) == 0
    import json
    reports = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in reports] == ["printer", "id_reader", "gas_reader"]
    assert all(r["state"] == "online" and r["details"]["simulated"] for r in reports)
