"""IdCardPoller: polling off the GUI thread, with card_placed / card_read / card_removed / read_failed / card_left."""

import pytest
from idcard_support import TODAY

from drivers.idcard import errors
from drivers.idcard.poller import IdCardPoller


@pytest.fixture
def poller(qtbot, pty_reader):
    p = IdCardPoller(pty_reader, interval_ms=100, today=lambda: TODAY)
    record(p)
    p.start()
    yield p
    p.close()


def record(poller):
    poller.events = []  # (signal name, args) in the order they arrived
    for name in ("card_placed", "card_read", "card_removed", "read_failed", "card_left"):
        getattr(poller, name).connect(lambda *args, name=name: poller.events.append((name, args)))
    return poller


def names(poller):
    return [name for name, _ in poller.events]


def test_polling_runs_on_its_own_thread(qapp, poller):
    assert poller.running
    assert poller._worker.thread() is not qapp.thread()


def test_a_placed_card_is_reported_placed_then_read_then_removed(qtbot, pty_sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=5000) as blocker:
        pty_sim.insert_card("li_xiuying")
    (identity,) = blocker.args
    assert identity.masked_id == "4212**********0049" and identity.nation == "汉"
    with qtbot.waitSignal(poller.card_removed, timeout=5000):
        pty_sim.remove_card()
    assert names(poller) == ["card_placed", "card_read", "card_removed"]


def test_an_expired_card_is_refused_through_read_failed(qtbot, pty_sim, poller):
    with qtbot.assertNotEmitted(poller.card_read, wait=0):
        with qtbot.waitSignal(poller.read_failed, timeout=5000) as blocker:
            pty_sim.insert_card("chen_zhiqiang")
    (error,) = blocker.args
    assert isinstance(error, errors.CardExpired)
    assert error.identity.masked_name == "陈*强"


def test_a_foreigners_card_is_refused_through_read_failed(qtbot, pty_sim, poller):
    with qtbot.waitSignal(poller.read_failed, timeout=5000) as blocker:
        pty_sim.insert_card("emily_johnson")
    assert isinstance(blocker.args[0], errors.ForeignerCard)


def test_without_validation_an_expired_card_is_still_read(qtbot, pty_sim, pty_reader):
    p = IdCardPoller(pty_reader, interval_ms=100, validate=False)
    p.start()
    try:
        with qtbot.waitSignal(p.card_read, timeout=5000) as blocker:
            pty_sim.insert_card("chen_zhiqiang")
    finally:
        p.close()
    assert blocker.args[0].masked_id == "4212**********0336"


def test_a_card_pulled_mid_read_is_a_failed_read_then_a_removal_never_a_read(qtbot, pty_sim, poller):
    pty_sim.pull_card_during_read()
    with qtbot.waitSignal(poller.card_removed, timeout=5000):
        pty_sim.insert_card("ma_jun")
    assert names(poller) == ["card_placed", "read_failed", "card_removed"]
    error = poller.events[1][1][0]
    assert isinstance(error, errors.CardReadFailed) and error.user_message("zh") == "身份证读取失败，请重新放置"


def test_a_reader_switched_off_is_reported_once_and_polling_goes_on(qtbot, pty_sim, poller):
    with qtbot.waitSignal(poller.read_failed, timeout=5000) as blocker:
        pty_sim.power_off()
    assert isinstance(blocker.args[0], errors.ReaderNotAnswering)
    with qtbot.assertNotEmitted(poller.read_failed, wait=700):
        pass  # several more polls fail silently
    pty_sim.power_on()
    with qtbot.waitSignal(poller.card_read, timeout=5000):
        pty_sim.insert_card("zhou_hao")


def test_one_card_is_read_once_however_long_it_stays(qtbot, pty_sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=5000):
        pty_sim.insert_card("jin_meishan")
    with qtbot.assertNotEmitted(poller.card_read, wait=500):
        pass


def test_close_ends_the_thread(qtbot, pty_reader):
    p = IdCardPoller(pty_reader, interval_ms=100)
    p.start()
    p.close()
    assert not p.running and p._thread.isFinished()


def test_stop_pauses_polling_on_the_same_thread_and_start_resumes_it(qtbot, pty_sim, pty_reader):
    p = IdCardPoller(pty_reader, interval_ms=100)
    p.start()
    try:
        thread = p._worker.thread()
        p.stop()
        assert not p.running and p._thread.isRunning()  # one thread for the device's life, not one per visit
        with qtbot.assertNotEmitted(p.card_placed, wait=400):
            pty_sim.insert_card("li_xiuying")  # nobody is polling: no visit is waiting for a card
        pty_sim.remove_card()
        with qtbot.waitSignal(p.card_read, timeout=5000):
            p.start()
            pty_sim.insert_card("ma_jun")
        assert p._worker.thread() is thread
    finally:
        p.close()
    assert p._thread.isFinished()


def _first_visit_reads(qtbot, pty_sim, pty_reader, interval_ms=60_000):
    """A poller whose polls are far apart (only the poll when polling starts looks at the reader, as when the
    next resident is quick), started on a card already placed and read."""
    p = record(IdCardPoller(pty_reader, interval_ms=interval_ms, today=lambda: TODAY))
    pty_sim.insert_card("li_xiuying")
    with qtbot.waitSignal(p.card_read, timeout=5000):
        p.start()
    return p


def test_a_card_taken_away_just_before_a_pause_is_not_taken_for_the_next_card(qtbot, pty_sim, pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader)
    try:
        pty_sim.remove_card()  # the resident takes the card and leaves before the next poll
        with qtbot.waitSignal(p.card_removed, timeout=5000):
            p.stop()
        pty_sim.insert_card("ma_jun")  # the next resident's card is on the reader when polling resumes
        with qtbot.waitSignal(p.card_read, timeout=5000) as blocker:
            p.start()
        assert blocker.args[0].masked_id != "4212**********0049"  # ma_jun's, not li_xiuying's again
        assert "card_left" not in names(p)  # a card put down after the last one went is the resident's own
    finally:
        p.close()


def test_a_card_left_on_the_reader_is_not_read_for_the_next_visit(qtbot, pty_sim, pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader)
    try:
        p.stop()  # the visit ends with the card still on the reader
        with qtbot.assertNotEmitted(p.card_read, wait=300):
            p.start()  # the next visit does not show the last resident's card
    finally:
        p.close()


def test_a_card_left_on_the_reader_is_told_by_card_left_when_the_next_visit_begins(qtbot, pty_sim, pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader, interval_ms=100)
    try:
        p.stop()  # the resident leaves without the card
        del p.events[:]
        with qtbot.waitSignal(p.card_left, timeout=5000):
            p.start()
        with qtbot.assertNotEmitted(p.card_left, wait=400):
            pass  # told once, not at every poll
        with qtbot.waitSignal(p.card_removed, timeout=5000):
            pty_sim.remove_card()  # the next resident takes it away
        with qtbot.waitSignal(p.card_read, timeout=5000) as blocker:
            pty_sim.insert_card("ma_jun")  # and places their own: read as usual
        assert blocker.args[0].masked_id != "4212**********0049"
        assert names(p) == ["card_left", "card_removed", "card_placed", "card_read"]
    finally:
        p.close()


def test_a_card_put_in_place_of_the_left_one_while_polling_was_paused_is_read(qtbot, pty_sim, pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader)
    try:
        p.stop()  # the visit ends with the card still on the reader
        pty_sim.remove_card()  # the next resident hands it to the staff
        pty_sim.insert_card("ma_jun")  # and puts their own down before touching the screen
        del p.events[:]
        with qtbot.waitSignal(p.card_read, timeout=5000) as blocker:
            p.start()
        assert blocker.args[0].masked_id != "4212**********0049"  # ma_jun's, told apart by the chip serial
        assert names(p) == ["card_placed", "card_read"]
    finally:
        p.close()


def test_the_left_card_taken_up_and_put_back_while_polling_was_paused_is_still_the_left_card(qtbot, pty_sim,
                                                                                             pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader)
    try:
        p.stop()
        pty_sim.remove_card()
        pty_sim.insert_card("li_xiuying")  # the same card: its serial is the one read last visit
        del p.events[:]
        with qtbot.waitSignal(p.card_left, timeout=5000):
            p.start()
        assert names(p) == ["card_left"]
    finally:
        p.close()


def test_a_card_placed_after_the_visit_began_is_read_and_never_called_left(qtbot, pty_sim, pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader, interval_ms=100)
    try:
        with qtbot.waitSignal(p.card_removed, timeout=5000):
            pty_sim.remove_card()  # the last resident took their card
        p.stop()
        del p.events[:]
        p.start()
        with qtbot.waitSignal(p.card_read, timeout=5000):
            pty_sim.insert_card("ma_jun")
        assert names(p) == ["card_placed", "card_read"]
    finally:
        p.close()


def test_a_reader_fault_at_the_first_poll_leaves_it_to_the_next_poll_to_tell_a_left_card(qtbot, pty_sim,
                                                                                         pty_reader):
    p = _first_visit_reads(qtbot, pty_sim, pty_reader, interval_ms=100)
    try:
        p.stop()  # the card stays on the reader
        pty_sim.power_off()
        del p.events[:]
        with qtbot.waitSignal(p.read_failed, timeout=5000):
            p.start()
        assert names(p) == ["read_failed"]
        with qtbot.waitSignal(p.card_left, timeout=5000):
            pty_sim.power_on()
        assert names(p) == ["read_failed", "card_left"]
    finally:
        p.close()
