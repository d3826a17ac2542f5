"""Nothing the services log carries a full ID number or a name, on success or failure."""

import logging

import pytest

from kiosk.services.credit import HttpCreditService
from kiosk.services.errors import ServiceError
from kiosk.services.property import HttpPropertyService

from conftest import SHORT_TIMEOUT


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG, logger="kiosk")
    return caplog


def _everything_logged(caplog) -> str:
    parts = []
    for r in caplog.records:
        parts.append(r.getMessage())
        if r.exc_info:
            parts.append(logging.Formatter().formatException(r.exc_info))
    return "\n".join(parts)


@pytest.mark.parametrize("mode", ["ok", "fail", "down", "garbage", "wrong_schema", "slow"])
def test_logs_hold_masked_numbers_only(backend, deck, all_logs, mode):
    backend.set_fault("all", mode, delay_s=30)
    credit = HttpCreditService(backend.service_url("credit"), timeout_s=SHORT_TIMEOUT, terminal_id="T1")
    registry = HttpPropertyService(backend.service_url("property"), timeout_s=SHORT_TIMEOUT, terminal_id="T1")
    for key in ("ma_jun", "ayiguli", "wei_chunyan"):
        card = deck[key]
        for call in (lambda: credit.report(card["number"], card["name"]),
                     lambda: registry.records(card["number"], card["name"])):
            try:
                call()
            except ServiceError:
                pass
    text = _everything_logged(all_logs)
    assert "4212**********0519" in text  # the outcome is logged, masked
    for key in ("ma_jun", "ayiguli", "wei_chunyan"):
        assert deck[key]["number"] not in text
        assert deck[key]["name"] not in text


def test_error_messages_carry_no_personal_data(backend, deck):
    backend.set_fault("credit", "fail", status=400)
    card = deck["jin_meishan"]
    with pytest.raises(ServiceError) as info:
        HttpCreditService(backend.service_url("credit"), timeout_s=SHORT_TIMEOUT, terminal_id="T1").report(
            card["number"], card["name"])
    assert card["number"] not in str(info.value) and card["name"] not in str(info.value)
