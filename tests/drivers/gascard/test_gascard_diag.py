"""`kiosk diag` for the gas reader: state, card position and a masked card summary."""

import json

from drivers.gascard.diag import check
from drivers.status import DeviceState
from kiosk.config.schema import DeviceConfig


def config(url, key):
    return DeviceConfig(driver="crt310", port=url, baudrate=115200, options={"utility_key": key})


def test_an_empty_reader_is_online_with_no_card(sim, utility_key):
    report = check(config(sim.port_url, utility_key))
    assert report.state == DeviceState.ONLINE and report.components["card_position"] == "none"
    assert "card" not in report.details


def test_a_card_inside_gives_a_masked_summary(sim, utility_key):
    sim.insert("waiting")
    report = check(config(sim.port_url, utility_key))
    summary = report.details["card"]
    assert summary["card_number"] == "4212********0003"
    assert (summary["status"], summary["purchase_count"], summary["volume_waiting_m3"], summary["meter_flag"],
            summary["valid"]) == ("in_use", 3, "50.00", 0, True)
    assert "4212000000010003" not in json.dumps(report.to_json(), ensure_ascii=False)


def test_a_torn_card_is_shown_invalid_with_the_reason(sim, utility_key):
    sim.insert("torn")
    summary = check(config(sim.port_url, utility_key)).details["card"]
    assert (summary["valid"], summary["invalid_reason"]) == (False, "torn_write")


def test_quick_level_does_not_read_the_card(sim, utility_key):
    sim.insert("ready")
    report = check(config(sim.port_url, utility_key), level="quick")
    assert report.components["card_position"] == "inside" and "card" not in report.details


def test_a_jammed_reader_needs_staff(sim, utility_key):
    sim.insert("ready")
    sim.jam()
    report = check(config(sim.port_url, utility_key))
    assert report.state == DeviceState.USER_ERROR and report.components["mechanism"] == "jammed"


def test_a_silent_reader_is_not_answering(sim, utility_key):
    sim.set_answering(False)
    report = check(config(sim.port_url, utility_key))
    assert report.state == DeviceState.NOT_ANSWERING and report.recommended_action


def test_a_missing_port_is_offline(tmp_path, utility_key):
    report = check(config(str(tmp_path / "no-such-tty"), utility_key))
    assert report.state == DeviceState.OFFLINE
