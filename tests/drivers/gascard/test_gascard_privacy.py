"""Card numbers, passwords and the utility key never reach a log line."""

import logging

import pytest

from drivers.gascard import card as gc
from drivers.gascard.errors import CardCommunicationError


def test_a_full_read_and_top_up_log_no_secrets(caplog, sim, reader, utility_key):
    caplog.set_level(logging.DEBUG)
    sim.insert("ready")
    card = gc.read_card(reader)
    gc.write_topup(reader, card, purchase_count=8, volume=1000, utility_key=utility_key)
    sim.pull_card_during_next("write", after_bytes=3)
    with pytest.raises(CardCommunicationError):
        gc.write_topup(reader, gc.read_card(reader), purchase_count=9, volume=1000, utility_key=utility_key,
                       repair=True)
    text = "\n".join(r.getMessage() for r in caplog.records).lower()
    assert caplog.records, "the exchange should have been logged"
    assert "4212********0002" in "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("4212000000010002", utility_key.lower(), "ccfc67", "cc fc 67"):
        assert secret not in text
    assert all(r.name.startswith("kiosk.drivers.gas_reader") for r in caplog.records if "gas" in r.name)


def test_a_card_pulled_after_one_unchanged_byte_is_a_failure_yet_whole(sim, reader, utility_key):
    sim.insert("ready")
    card = gc.read_card(reader)
    sim.pull_card_during_next("write", after_bytes=1)  # 31 goes 00 -> 00: nothing changed yet
    with pytest.raises(CardCommunicationError):
        gc.write_topup(reader, card, purchase_count=8, volume=1000, utility_key=utility_key)
    sim.insert("ready")
    again = gc.read_card(reader)
    assert again.valid and again.purchase_count == 7
