"""Fixtures for the ID card reader tests: the deck, a simulator on a pty or a TCP socket, a driver on it."""

import pytest
from idcard_support import DECK_PATH, FAST_READ, ScriptedDevice, device_config

from drivers.idcard.deck import load_deck
from drivers.idcard.driver import open_id_reader
from drivers.idcard.simulator import IdCardSimulator


@pytest.fixture(scope="session")
def deck():
    return load_deck(DECK_PATH)


@pytest.fixture(scope="session")
def deck_keys(deck):
    return {c.key: c for c in deck}


def _started(deck, transport):
    return IdCardSimulator(deck, transport=transport, read_delay=FAST_READ).start()


@pytest.fixture(params=["pty", "tcp"])
def sim(request, deck):
    """The simulator, once over a pty and once over a TCP socket (the contract holds for both)."""
    s = _started(deck, request.param)
    yield s
    s.stop()


@pytest.fixture
def pty_sim(deck):
    s = _started(deck, "pty")
    yield s
    s.stop()


@pytest.fixture
def reader(sim):
    r = open_id_reader(device_config(sim.port_url))
    yield r
    r.close()


@pytest.fixture
def pty_reader(pty_sim):
    r = open_id_reader(device_config(pty_sim.port_url))
    yield r
    r.close()


@pytest.fixture
def scripted():
    """A ScriptedDevice on a pty and a SamReader with short timeouts opened on it."""
    dev = ScriptedDevice()
    reader = open_id_reader(device_config(dev.line.path), timeout_scale=0.1, retries=0)
    yield dev, reader
    reader.close()
    dev.close()
