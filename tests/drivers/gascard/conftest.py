"""Fixtures for the gas card reader tests: a simulator on a pty (or TCP) and a driver opened on it."""

import os

import pytest
import yaml

from drivers.gascard.reader import open_gas_reader
from drivers.gascard.simulator import GasReaderSimulator
from kiosk.config.schema import DeviceConfig

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

#: Short link timeouts where the timeout itself is not under test (the defaults are the spec's).
FAST_LINK = dict(ack_timeout=0.1, reply_timeout=0.3, move_reply_timeout=0.6)


@pytest.fixture(scope="session")
def utility_key() -> str:
    with open(os.path.join(ROOT, "config", "devices.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)["gas_reader"]["options"]["utility_key"]


def device_config(url: str, key: str, baud: int = 115200) -> DeviceConfig:
    return DeviceConfig(driver="crt310", port=url, baudrate=baud, options={"utility_key": key})


@pytest.fixture
def make_sim(tmp_path, utility_key):
    """Start simulators (stopped at teardown); state in tmp_path/state unless told otherwise."""
    started = []

    def make(transport="pty", baudrate=115200, state_dir=None, **kw):
        sim = GasReaderSimulator(baudrate, state_dir=str(state_dir or tmp_path / "state"), transport=transport,
                                 utility_key=utility_key, **kw)
        sim.start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def make_reader(utility_key):
    """Open drivers on simulators (closed at teardown)."""
    opened = []

    def make(sim, **link):
        options = {**FAST_LINK, **link}
        r = open_gas_reader(device_config(sim.port_url, utility_key, sim.baudrate), **options)
        opened.append(r)
        return r

    yield make
    for r in opened:
        r.close()


@pytest.fixture
def sim(make_sim):
    return make_sim()


@pytest.fixture
def reader(sim, make_reader):
    return make_reader(sim)


@pytest.fixture(params=["pty", "tcp"])
def any_sim(request, make_sim):
    """The contract suite runs against the simulator over a pty and over a TCP socket."""
    return make_sim(transport=request.param)


class TapPort:
    """A real serial port that remembers every byte the driver wrote and read (for exact frame asserts)."""

    def __init__(self, port):
        self._port = port
        self.written = []
        self.received = bytearray()

    def write(self, data):
        self.written.append(bytes(data))
        return self._port.write(data)

    def read(self, n=1):
        data = self._port.read(n)
        self.received.extend(data)
        return data

    def __getattr__(self, name):
        return getattr(self._port, name)

    def __setattr__(self, name, value):
        if name in ("timeout",):
            setattr(self._port, name, value)
        else:
            super().__setattr__(name, value)


@pytest.fixture
def tapped_reader(reader):
    """The reader with its port wrapped by a TapPort."""
    tap = TapPort(reader.link.port)
    reader.link.port = tap
    return reader, tap
