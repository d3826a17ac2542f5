"""The poller's signals, off the GUI thread (pytest-qt)."""

import pytest

from drivers.gascard.card import GasCard
from drivers.gascard.errors import CardCommunicationError, CardJammed, ReaderNotAnswering
from drivers.gascard.poller import GasCardPoller


@pytest.fixture
def poller(sim, reader):
    p = GasCardPoller(reader, interval_ms=50)
    p.start()
    yield p
    p.close()


def test_an_inserted_card_is_announced_then_read(qtbot, sim, poller):
    order = []
    poller.card_inserted.connect(lambda: order.append("inserted"))
    poller.card_read.connect(lambda card: order.append(card))
    with qtbot.waitSignals([poller.card_inserted, poller.card_read], order="strict", timeout=3000):
        sim.insert("ready")
    assert order[0] == "inserted" and isinstance(order[1], GasCard) and order[1].purchase_count == 7


def test_a_removed_card_is_announced(qtbot, sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    with qtbot.waitSignal(poller.card_removed, timeout=3000):
        sim.remove()


def test_a_card_pulled_during_the_read_is_reported_within_a_second_never_as_read(qtbot, sim, poller):
    sim.pull_card_during_next("read", after_bytes=4)
    with qtbot.assertNotEmitted(poller.card_read):
        with qtbot.waitSignal(poller.read_failed, timeout=1000) as blocker:
            sim.insert("ready")
        assert isinstance(blocker.args[0], CardCommunicationError)
        with qtbot.waitSignal(poller.card_removed, timeout=1000):
            pass


def test_eject_and_capture_are_announced(qtbot, sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    with qtbot.waitSignal(poller.ejected, timeout=3000):
        poller.request_eject()
    with qtbot.waitSignal(poller.card_removed, timeout=3000):
        sim.take()
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("lost")
    with qtbot.waitSignal(poller.captured, timeout=3000):
        poller.request_capture()
    assert sim.captured == ["lost"]


def test_a_top_up_runs_on_the_poller_thread(qtbot, sim, poller, utility_key):
    from drivers.gascard import card as gc
    with qtbot.waitSignal(poller.card_read, timeout=3000) as blocker:
        sim.insert("ready")
    card = blocker.args[0]
    fut = poller.submit(lambda r: gc.write_topup(r, card, purchase_count=8, volume=100, utility_key=utility_key))
    assert fut.result(timeout=3).purchase_count == 8


def test_a_jam_is_reported_once(qtbot, sim, poller):
    with qtbot.waitSignal(poller.read_failed, timeout=3000,
                          check_params_cb=lambda e: isinstance(e, CardJammed)):
        sim.jam()


def test_a_reader_that_stops_answering_is_reported(qtbot, sim, poller):
    with qtbot.waitSignal(poller.read_failed, timeout=3000,
                          check_params_cb=lambda e: isinstance(e, ReaderNotAnswering)):
        sim.set_answering(False)


def test_a_job_asked_for_one_card_never_acts_on_the_next(qtbot, sim, poller):
    from drivers.gascard.errors import NoCardInPosition
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")

    def next_customer(_reader):  # on the poller's thread, before the eject's turn: one card out, another in
        sim.remove()
        poller._poll_once()
        sim.insert("lost")
        poller._poll_once()
    swap = poller.submit(next_customer)
    eject = poller.request_eject()  # asked while "ready" was in the reader
    swap.result(timeout=5)
    assert isinstance(eject.exception(timeout=5), NoCardInPosition)
    assert sim.card_in_reader == "lost" and sim.card_position != "gate"


def test_stop_pauses_polling_and_start_resumes_it_on_the_same_thread(qtbot, sim, poller):
    thread = poller._thread
    poller.stop()
    assert not poller.running and thread.isRunning()
    inserted = []
    poller.card_inserted.connect(lambda: inserted.append(True))
    sim.insert("ready")
    qtbot.wait(200)  # four poll intervals: a paused poller does not look
    assert inserted == []
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        poller.start()
    assert poller._thread is thread


def test_a_job_asked_while_paused_is_cancelled_never_run_on_the_next_card(qtbot, sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    poller.stop()
    fut = poller.request_eject()
    qtbot.waitUntil(fut.done, timeout=3000)
    assert fut.cancelled()
    poller.start()
    qtbot.wait(200)  # four poll intervals
    assert sim.card_position != "gate"


def test_stop_with_eject_puts_a_card_left_inside_out_at_the_gate_off_the_callers_thread(qtbot, sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    poller.stop(eject=True)  # returns at once: the eject runs on the poller's thread
    qtbot.waitUntil(lambda: sim.card_position == "gate", timeout=3000)
    poller.stop()  # waits for that pause
    assert poller._paused.is_set()
    poller.start()
    with qtbot.waitSignal(poller.card_removed, timeout=3000):
        sim.take()


def test_stop_without_eject_leaves_the_card_where_it_is(qtbot, sim, poller):
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    poller.stop()
    assert sim.card_position == "inside"


def test_a_card_pulled_before_its_eject_does_not_hide_the_next_card_put_in_while_paused(qtbot, sim, poller):
    """The eject finds no card (pulled out first) and the visit ends before a poll sees it gone; the next
    resident puts their card in before the next visit's first poll: it is read, not taken for the old one."""
    import threading

    from drivers.gascard.errors import NoCardInPosition
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        sim.insert("ready")
    ejected, release = threading.Event(), threading.Event()

    def pulled_then_ejected(reader):  # on the poller's thread; the visit ends (stop) before it returns
        sim.remove()
        try:
            poller._eject(reader)
        except NoCardInPosition:
            ejected.set()
        release.wait(5)
    poller.submit(pulled_then_ejected)
    assert ejected.wait(5)
    stopping = threading.Thread(target=poller.stop)
    stopping.start()
    qtbot.waitUntil(lambda: not poller.running, timeout=3000)
    release.set()
    stopping.join(5)
    sim.insert("lost")
    with qtbot.waitSignal(poller.card_read, timeout=3000):
        poller.start()


def test_close_ends_the_thread(sim, reader):
    p = GasCardPoller(reader, interval_ms=50)
    p.start()
    thread = p._thread
    p.close()
    assert not thread.isRunning() and not p.running
