"""The way into maintenance mode: the corner gesture and the PIN gate with its lockout."""

from kiosk.clock import FakeClock
from kiosk.maintenance import CornerTaps, PinGate
from kiosk.pin import hash_pin


class Audit:
    def __init__(self):
        self.kinds = []

    def event(self, kind, /, **detail):
        assert "pin" not in detail
        self.kinds.append(kind)


def test_five_taps_in_the_corner_within_three_seconds_open_the_gate():
    clock = FakeClock()
    taps = CornerTaps(clock, corner="top_left", taps=5, within_seconds=3)
    results = []
    for _ in range(5):
        results.append(taps.touch(10, 10, 1080, 1920))
        clock.advance(0.5)
    assert results == [False] * 4 + [True]


def test_slow_taps_or_a_touch_elsewhere_do_not():
    clock = FakeClock()
    taps = CornerTaps(clock, corner="top_left", taps=5, within_seconds=3)
    for _ in range(5):
        assert not taps.touch(10, 10, 1080, 1920)
        clock.advance(1)
    clock.advance(10)
    for i in range(5):
        if i == 3:
            taps.touch(500, 500, 1080, 1920)
        assert not taps.touch(10, 10, 1080, 1920)


def test_the_right_pin_opens_and_is_audited():
    clock, audit = FakeClock(), Audit()
    gate = PinGate(hash_pin("246810"), clock, audit=audit)
    assert gate.try_pin("246810") == "ok"
    assert audit.kinds == ["maintenance_entered"]


def test_five_wrong_pins_lock_entry_for_five_minutes():
    clock, audit = FakeClock(), Audit()
    gate = PinGate(hash_pin("246810"), clock, audit=audit, max_tries=5, lockout_minutes=5)
    assert [gate.try_pin("000000") for _ in range(5)] == ["wrong"] * 4 + ["locked"]
    assert gate.try_pin("246810") == "locked"
    clock.advance(299)
    assert gate.try_pin("246810") == "locked"
    clock.advance(2)
    assert gate.try_pin("246810") == "ok"
    assert audit.kinds.count("maintenance_pin_wrong") == 5 and "maintenance_locked" in audit.kinds
