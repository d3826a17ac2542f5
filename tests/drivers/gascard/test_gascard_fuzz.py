"""Random and mutated frames thrown at the driver and at the simulator: no crash, no stray exception, no hang."""

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from drivers.gascard import link
from drivers.gascard.reader import CardPosition
from drivers.serialport import open_port
from kiosk.errors import KioskError

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

replies = st.one_of(
    st.binary(max_size=80),
    st.builds(lambda kind, cm, pm, body: link.encode_frame(kind, cm, pm, body),
              st.sampled_from(link.KINDS), st.sampled_from([0x31, 0x51, 0x53, 0x00]), st.sampled_from([0x30, 0x31]),
              st.binary(max_size=40)),
)


def mutate(frame: bytes, pos: int, value: int) -> bytes:
    b = bytearray(frame)
    b[pos % len(b)] = value
    return bytes(b)


@pytest.fixture
def fuzz_reader(sim, make_reader):
    sim.insert("ready")
    return make_reader(sim, ack_timeout=0.05, max_resends=1, reply_timeout=0.05)


@FUZZ
@given(reply=replies, command=st.sampled_from(["status", "power_on", "read", "security", "protection", "present"]))
def test_driver_survives_any_reply(sim, fuzz_reader, reply, command):
    calls = {
        "status": lambda r: r.status(),
        "power_on": lambda r: r.power_on(),
        "read": lambda r: r.read_memory(0x20, 0x30),
        "security": lambda r: r.read_security_memory(),
        "protection": lambda r: r.read_protection_bits(),
        "present": lambda r: r.present_password(b"\xcc\xfc\x67"),
    }
    sim.replace_next_reply(reply)
    try:
        calls[command](fuzz_reader)
    except KioskError:
        pass


@FUZZ
@given(reply=st.binary(min_size=1, max_size=40), pos=st.integers(0, 40), value=st.integers(0, 255))
def test_driver_survives_mutated_replies_and_noise(sim, fuzz_reader, reply, pos, value):
    good = link.encode_positive(0x31, 0x30, 0x32, 0x30)
    sim.add_noise(before_ack=reply[:4].replace(b"\x06", b"").replace(b"\x15", b""), before_reply=reply)
    sim.replace_next_reply(mutate(good, pos, value))
    try:
        status = fuzz_reader.status()
        assert status.position in tuple(CardPosition)
    except KioskError:
        pass


@pytest.fixture
def raw_port(sim):
    port = open_port(sim.port_url, 115200, timeout=0.01)
    yield port
    port.close()


def _is_status_reply(f) -> bool:
    """The reply to our status command (31 30), not to a fuzzed frame that was one too (31 31, say)."""
    return isinstance(f, link.Frame) and f.cm == 0x31 and f.pm == 0x30


def status_answer(port, timeout=1.0) -> bytes:
    """Send a good status command; return everything that came back until its reply."""
    port.write(link.encode_command(0x31, 0x30))
    got = bytearray()
    end = time.monotonic() + timeout
    parser = link.FrameParser()
    while time.monotonic() < end:
        chunk = port.read(64)
        got += chunk
        if any(_is_status_reply(f) for f in parser.feed(chunk)):
            break
    return bytes(got)


commands = st.builds(lambda cm, pm, data: link.encode_command(cm, pm, data),
                     st.sampled_from([0x30, 0x31, 0x51, 0x53, 0x40, 0xF2]), st.sampled_from([0x30, 0x31, 0x32]),
                     st.binary(max_size=24))


@FUZZ
@given(noise=st.binary(max_size=120))
def test_simulator_resynchronises_after_random_bytes(sim, raw_port, noise):
    raw_port.write(noise)
    reply = status_answer(raw_port)
    assert link.encode_positive(0x31, 0x30, 0x30, 0x30) in reply or link.encode_positive(0x31, 0x30, 0x32, 0x30) in reply


@FUZZ
@given(frame=commands, pos=st.integers(0, 40), value=st.integers(0, 255), mutate_it=st.booleans())
def test_simulator_survives_random_and_mutated_commands(sim, raw_port, frame, pos, value, mutate_it):
    sim.remove()
    sim.insert("ready")
    raw_port.reset_input_buffer()
    raw_port.write(mutate(frame, pos, value) if mutate_it else frame)
    reply = status_answer(raw_port)
    parsed = [f for f in link.FrameParser().feed(reply) if _is_status_reply(f)]
    assert parsed and parsed[-1].kind == link.KIND_POSITIVE
    assert sim._thread is not None and sim._thread.is_alive()
