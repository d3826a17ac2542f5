"""Diagnostics of the ID card reader: SAM status and id, and the card on it as a masked summary."""

import json

import pytest
from idcard_support import TODAY, device_config

from drivers.idcard import diag
from drivers.status import Action, DeviceState


def run(sim, level="full", **kw):
    return diag.check(device_config(sim.port_url), level, today=TODAY, **kw)


def test_reader_without_a_card_is_online_with_its_sam_id(pty_sim):
    report = run(pty_sim)
    assert report.state == DeviceState.ONLINE and report.healthy
    assert report.components == {"sam": "ok", "card": "absent"}
    assert report.details["sam_id"] == "05.01-20240517-0012345678-3456789012"


def test_an_accepted_card_is_summarised_masked(pty_sim):
    pty_sim.insert_card("hu_guiying")
    report = run(pty_sim)
    assert report.components["card"] == "present"
    assert report.details["card"] == {"name": "胡*英", "id_number": "4212**********0649", "valid_from": "2016-05-20",
                                      "valid_to": "2036-05-20", "accepted": True}


def test_a_long_term_card_shows_long_term(pty_sim):
    pty_sim.insert_card("wang_jianguo")
    assert run(pty_sim).details["card"]["valid_to"] == "长期"


@pytest.mark.parametrize("key, reasons", [("chen_zhiqiang", ["expired"]), ("zhao_min", ["bad_check_digit"]),
                                          ("sun_li", ["sex_mismatch"]), ("emily_johnson", ["foreigner_card"])])
def test_a_refused_card_says_why(pty_sim, key, reasons):
    pty_sim.insert_card(key)
    card = run(pty_sim).details["card"]
    assert card["accepted"] is False and card["refused_because"] == reasons


def test_quick_level_does_not_look_for_a_card(pty_sim):
    pty_sim.insert_card("hu_guiying")
    report = run(pty_sim, "quick")
    assert "card" not in report.components and "card" not in report.details


def test_a_reader_switched_off_is_not_answering_and_calls_the_technician(pty_sim):
    pty_sim.power_off()
    report = run(pty_sim)
    assert report.state == DeviceState.NOT_ANSWERING and report.action == Action.CALL_TECHNICIAN
    assert report.components["sam"] == "not_answering" and report.recommended_action


def test_a_failed_self_test_is_a_hardware_error(pty_sim):
    pty_sim.fail_self_test()
    report = run(pty_sim)
    assert report.state == DeviceState.HARDWARE_ERROR and report.components["sam"] == "self_test_failed"


def test_a_missing_port_is_offline(tmp_path):
    report = diag.check(device_config(str(tmp_path / "ttyUSB7")), "full")
    assert report.state == DeviceState.OFFLINE and "ttyUSB7" in report.last_error


def test_a_disabled_reader_is_reported_disabled():
    assert diag.check(device_config("/dev/null", enabled=False)).state == DeviceState.DISABLED


def test_port_sim_checks_a_simulator_started_for_the_check():
    report = diag.check(device_config("sim"), "full")
    assert report.state == DeviceState.ONLINE and report.details["simulated"] is True


def test_report_is_json_serialisable(pty_sim):
    pty_sim.insert_card("ayiguli")
    json.dumps(run(pty_sim).to_json(), ensure_ascii=False)


def test_an_unknown_level_is_a_programming_error(pty_sim):
    with pytest.raises(ValueError):
        run(pty_sim, "deep")
