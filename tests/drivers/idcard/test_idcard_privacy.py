"""Names, ID numbers and photos never reach a log line, an error message or the diagnostics output."""

import json
import logging

import pytest
from idcard_support import TODAY, device_config

from drivers.idcard import diag
from drivers.idcard.poller import IdCardPoller
from drivers.idcard.simulator import build_photo
from kiosk.errors import KioskError


def secrets_of(deck):
    """Every string that must never be logged: names, numbers (whole and without the check char), addresses."""
    found = set()
    for card in deck:
        f = card.fields
        for key in ("name", "name_en", "number", "address"):
            if key in f:
                found.add(f[key])
        found.add(f["number"][:17])
        found.add(f["name"].encode("utf-16-le").hex())
    return found


def photo_traces(deck):
    traces = set()
    for card in deck:
        photo = build_photo(card)
        traces.update({photo[16:48].hex(), photo[16:48].hex(" "), repr(photo[16:48])[2:-1]})
    return traces


def test_a_full_read_of_every_card_with_faults_logs_no_name_number_or_photo(pty_sim, pty_reader, deck, caplog):
    sim, reader = pty_sim, pty_reader
    caplog.set_level(logging.DEBUG)
    messages = []
    for card in deck:
        sim.insert_card(card.key)
        try:
            ident = reader.read_accepted_card(TODAY)
            messages += [repr(ident), str(ident)]
        except KioskError as exc:
            messages += [str(exc), repr(exc), exc.user_message("zh"), exc.user_message("en")]
    # and the failure paths, which log the most
    sim.insert_card(deck[0].key)
    sim.corrupt_replies(1)
    sim.noise_before_reply(32)
    reader.read_card()
    sim.pull_card_during_read()
    with pytest.raises(KioskError) as caught:
        reader.read_card()
    messages.append(str(caught.value))
    sim.insert_card(deck[1].key)
    messages.append(json.dumps(reader.check("full", today=TODAY).to_json(), ensure_ascii=False))

    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records) + "\n".join(messages)
    assert "card read" in caplog.text and "DEBUG" in caplog.text  # the capture did see the driver's logging
    for secret in secrets_of(deck) | photo_traces(deck):
        assert secret not in logged


def test_diagnostics_output_shows_the_card_only_masked(pty_sim, deck_keys):
    pty_sim.insert_card("wang_jianguo")
    report = diag.check(device_config(pty_sim.port_url), "full", today=TODAY)
    text = json.dumps(report.to_json(), ensure_ascii=False)
    card = deck_keys["wang_jianguo"]
    assert card["number"] not in text and card["name"] not in text and card["address"] not in text
    assert "4212**********0038" in text and "王*国" in text


def test_the_poller_logs_nothing_personal(qtbot, pty_sim, pty_reader, deck_keys, caplog):
    caplog.set_level(logging.DEBUG)
    poller = IdCardPoller(pty_reader, interval_ms=100, today=lambda: TODAY)
    poller.start()
    try:
        with qtbot.waitSignal(poller.card_read, timeout=5000):
            pty_sim.insert_card("ayiguli")
        with qtbot.waitSignal(poller.card_removed, timeout=5000):
            pty_sim.remove_card()
        with qtbot.waitSignal(poller.read_failed, timeout=5000):
            pty_sim.insert_card("chen_zhiqiang")
    finally:
        poller.close()
    for key in ("ayiguli", "chen_zhiqiang"):
        card = deck_keys[key]
        assert card["name"] not in caplog.text and card["number"] not in caplog.text
