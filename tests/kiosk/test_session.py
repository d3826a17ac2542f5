"""The session state machine on its own: phases, countdown and clearing, with a fake clock."""

from kiosk.clock import FakeClock
from kiosk.session import EndReason, Phase, SessionManager


def manager(clock, **kw):
    opts = dict(idle_seconds=60, countdown_seconds=30, elder_factor=1.5)
    opts.update(kw)
    return SessionManager(clock, **opts)


def test_touch_starts_nothing_without_a_session():
    m = manager(FakeClock())
    m.touch()
    m.tick()
    assert m.phase == Phase.IDLE and m.session is None


def test_idle_then_countdown_then_timeout_clears_data():
    clock = FakeClock()
    m = manager(clock)
    ended, counts = [], []
    m.on_ended.append(lambda s, r: ended.append((dict(s.data), r)))
    m.on_countdown.append(counts.append)
    s = m.start()
    s.data["id"] = "secret"
    clock.advance(59.9)
    m.tick()
    assert m.phase == Phase.ACTIVE
    clock.advance(0.1)
    m.tick()
    assert m.phase == Phase.COUNTDOWN and counts[-1] == 30
    clock.advance(29.5)
    m.tick()
    assert counts[-1] == 1
    clock.advance(0.5)
    m.tick()
    assert m.phase == Phase.IDLE and m.session is None
    assert ended == [({"id": "secret"}, EndReason.TIMEOUT)]
    assert s.data == {}


def test_a_touch_during_the_countdown_resumes():
    clock = FakeClock()
    m = manager(clock)
    resumed = []
    m.on_resumed.append(lambda: resumed.append(True))
    m.start()
    clock.advance(60)
    m.tick()
    m.touch()
    assert m.phase == Phase.ACTIVE and resumed
    clock.advance(59)
    m.tick()
    assert m.phase == Phase.ACTIVE


def test_elder_mode_stretches_the_idle_limit():
    clock = FakeClock()
    m = manager(clock)
    m.start().elder_mode = True
    clock.advance(89)
    m.tick()
    assert m.phase == Phase.ACTIVE
    clock.advance(1)
    m.tick()
    assert m.phase == Phase.COUNTDOWN


def test_each_session_gets_a_new_id_and_the_default_language():
    m = manager(FakeClock(), default_language="en")
    a = m.start()
    a.language = "zh"
    m.end(EndReason.CANCELLED)
    b = m.start()
    assert a.id != b.id and b.language == "en"
