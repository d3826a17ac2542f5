"""The top-up journal on a real SQLite file: what it writes reads back through the ORM as written, each step is
one transaction (history line and row together, or neither), and the GUI and recovery threads can both write."""

import gc
import sqlite3
import threading
import warnings
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import exc as sa_exc
from sqlalchemy import event, inspect

from kiosk.clock import FakeClock
from kiosk.gas.journal import Journal, TopupState, card_hash
from kiosk.storage.db import open_database

NOW = datetime(2026, 11, 28, 10, 0, 0, 250000)
KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
CARD = "4212000012345678"


@pytest.fixture
def db(tmp_path):
    engine, sessions = open_database(f"sqlite:///{tmp_path}/kiosk.db")
    yield engine, sessions, tmp_path / "kiosk.db"
    engine.dispose()


@pytest.fixture
def clock():
    return FakeClock(NOW)


@pytest.fixture
def journal(db, clock):
    engine, sessions, _path = db
    j = Journal(sessions, terminal_id="T-1", key=KEY, clock=clock)
    yield j
    j.close()


def new_topup(journal, amount="50.00"):
    return journal.create(card_number=CARD, card_masked="4212********5678", amount_yuan=Decimal(amount),
                          count_before=3, session_id="s-1")


def history(journal, topup_id):
    return [(e.from_state, e.to_state, e.note) for e in journal.get(topup_id).events]


def test_a_created_top_up_reads_back_through_the_orm_as_it_was_returned(journal):
    row = new_topup(journal)
    stored = journal.get(row.id)
    for name in ("id", "created_at", "updated_at", "terminal_id", "session_id", "state", "card_hash", "card_number",
                 "card_masked", "amount_yuan", "count_before", "pay_key", "bill_key", "refund_key", "order_no",
                 "transaction_no", "purchase_id", "count_after", "volume_units", "receipt_job", "attention"):
        assert getattr(stored, name) == getattr(row, name), name
    assert stored.created_at == NOW and stored.amount_yuan == Decimal("50.00")
    assert stored.state == "created" and stored.card_hash == card_hash(KEY, CARD)
    assert row.pay_key.startswith("PAY-") and row.bill_key.startswith("BILL-") and row.refund_key.startswith("RFD-")
    assert len({row.pay_key, row.bill_key, row.refund_key}) == 3
    assert [(e.id, e.at, e.from_state, e.to_state) for e in row.events] == \
        [(e.id, e.at, e.from_state, e.to_state) for e in stored.events] == [(row.events[0].id, NOW, None, "created")]


def test_a_created_top_up_is_a_detached_row_like_those_the_journal_reads(journal):
    row = new_topup(journal)
    state = inspect(row)
    assert state.detached and state.identity == (row.id,) and not state.expired_attributes
    assert repr(row) == repr(journal.get(row.id)) and not row.gas_owed
    assert inspect(row.events[0]).detached and row.events[0].to_state == "created"


def test_a_created_top_up_is_stored_in_the_text_the_orm_writes(journal, db):
    """Dates as SQLAlchemy stores them on SQLite (prune compares them as text) and the amount as a number."""
    row = new_topup(journal, "30.50")
    conn = sqlite3.connect(db[2])
    try:
        stored = conn.execute("SELECT created_at, updated_at, amount_yuan FROM gas_topups WHERE id = ?",
                              (row.id,)).fetchone()
    finally:
        conn.close()
    assert stored == ("2026-11-28 10:00:00.250000", "2026-11-28 10:00:00.250000", 30.5)


def test_each_state_change_adds_one_history_line_from_the_state_it_left(journal, clock):
    row = new_topup(journal)
    clock.advance(5)
    journal.advance(row.id, TopupState.AWAITING_PAYMENT, order_no="PAY-ORDER-1")
    clock.advance(5)
    journal.advance(row.id, TopupState.PAID, note="paid", transaction_no="TX-1")
    stored = journal.get(row.id)
    assert stored.state == "paid" and stored.order_no == "PAY-ORDER-1" and stored.transaction_no == "TX-1"
    assert stored.updated_at == NOW + timedelta(seconds=10) and stored.created_at == NOW
    assert history(journal, row.id) == [(None, "created", None), ("created", "awaiting_payment", None),
                                        ("awaiting_payment", "paid", "paid")]
    assert [e.at for e in stored.events] == [NOW, NOW + timedelta(seconds=5), NOW + timedelta(seconds=10)]


def test_a_step_that_keeps_the_state_adds_a_history_line_only_for_a_note(journal):
    row = new_topup(journal)
    journal.advance(row.id, None, purchase_id="P-1", count_after=4, volume_units=1500)
    journal.advance(row.id, TopupState.CREATED)  # already there: nothing to record
    journal.advance(row.id, None, note="")  # an empty note is no note
    journal.advance(row.id, None, note="billing could not record the purchase", attention="call billing")
    journal.advance(row.id, TopupState.CREATED, note="checked")
    stored = journal.get(row.id)
    assert (stored.state, stored.purchase_id, stored.count_after, stored.volume_units, stored.attention) == \
        ("created", "P-1", 4, 1500, "call billing")
    assert history(journal, row.id) == [(None, "created", None),
                                        ("created", "created", "billing could not record the purchase"),
                                        ("created", "created", "checked")]


def test_a_field_can_be_set_back_to_empty(journal):
    row = new_topup(journal)
    journal.advance(row.id, None, attention="order not closed")
    journal.advance(row.id, TopupState.CLOSED, attention=None)
    assert journal.get(row.id).attention is None and journal.get(row.id).state == "closed"


@pytest.mark.parametrize("field", ["bogus", "id", "state", "updated_at"])
def test_a_step_naming_a_field_the_journal_does_not_let_it_set_is_refused_and_writes_nothing(journal, field):
    row = new_topup(journal)
    with pytest.raises(TypeError, match=field):
        journal.advance(row.id, TopupState.PAID, **{field: "x"})
    assert journal.get(row.id).state == "created" and len(journal.get(row.id).events) == 1


def test_a_step_for_a_top_up_that_does_not_exist_raises_key_error_and_writes_nothing(journal):
    row = new_topup(journal)
    with pytest.raises(KeyError):
        journal.advance(row.id + 1, TopupState.PAID, note="no such row")
    assert [r.id for r in journal.all()] == [row.id] and len(journal.get(row.id).events) == 1


def test_a_step_that_fails_half_way_leaves_neither_its_history_line_nor_its_fields(journal):
    """The history INSERT has run when the UPDATE fails on a value SQLite cannot store: both are rolled back."""
    row = new_topup(journal)
    with pytest.raises(sa_exc.StatementError):
        journal.advance(row.id, TopupState.PAID, note="never", transaction_no=object())
    assert journal.get(row.id).state == "created" and history(journal, row.id) == [(None, "created", None)]
    journal.advance(row.id, TopupState.AWAITING_PAYMENT)  # the journal goes on writing after the failure
    assert history(journal, row.id)[-1] == ("created", "awaiting_payment", None)


def test_the_journal_writes_through_a_wal_connection_with_synchronous_full(journal):
    new_topup(journal)
    with journal._lock:
        conn = journal._connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: on disk before the commit returns
        conn.rollback()


def test_pending_top_ups_are_found_through_the_state_index_not_by_reading_every_row(db, journal):
    engine, _sessions, _path = db
    new_topup(journal)
    statements = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        journal.all(pending_only=True)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    (statement, parameters), = [s for s in statements if "FROM gas_topups" in s[0]]
    with engine.connect() as conn:
        plan = " ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
    assert "USING INDEX ix_gas_topups_state" in plan, plan


def test_pending_and_owed_rows_are_found_after_steps(journal):
    done, owed, open_ = new_topup(journal), new_topup(journal), new_topup(journal)
    for state in (TopupState.AWAITING_PAYMENT, TopupState.PAID, TopupState.CARD_WRITTEN, TopupState.CONFIRMED):
        journal.advance(done.id, state)
    journal.advance(owed.id, TopupState.PAID)
    journal.advance(owed.id, None, purchase_id="P-9", count_after=4, volume_units=900)
    journal.advance(owed.id, TopupState.AWAITING_REWRITE, note="card pulled")
    assert [r.id for r in journal.all(pending_only=True)] == [owed.id, open_.id]
    assert [r.id for r in journal.all()] == [done.id, owed.id, open_.id]
    found = journal.owed_for_card(CARD)
    assert found.id == owed.id and found.gas_owed and found.volume_units == 900


def test_two_threads_writing_at_once_lose_no_step_and_each_line_starts_where_the_last_ended(journal):
    """The GUI thread and the recovery thread both advance top-ups: every step lands, in one chain per row."""
    rows = [new_topup(journal) for _ in range(2)]
    states = [TopupState.AWAITING_PAYMENT, TopupState.PAID, TopupState.AWAITING_REWRITE, TopupState.PAID]
    start = threading.Barrier(2)
    errors = []

    def work(name):
        try:
            start.wait(5)
            for i in range(40):
                for row in rows:
                    journal.advance(row.id, states[i % len(states)], note=f"{name} {i}", attention=name)
        except Exception as exc:  # reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,), name=f"journal-{n}") for n in ("gui", "recovery")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and not any(t.is_alive() for t in threads)
    for row in rows:
        lines = history(journal, row.id)
        assert len(lines) == 1 + 2 * 40
        for before, after in zip(lines, lines[1:]):
            assert after[0] == before[1]  # from_state is the state the previous line left
        assert journal.get(row.id).state == lines[-1][1]


def test_closing_gives_the_write_connection_back_and_a_later_write_takes_one_again(db, journal):
    engine = db[0]
    assert engine.pool.checkedout() == 0  # no connection held until the first write
    row = new_topup(journal)
    assert engine.pool.checkedout() == 1
    journal.close()
    assert engine.pool.checkedout() == 0
    journal.advance(row.id, TopupState.AWAITING_PAYMENT)
    assert engine.pool.checkedout() == 1 and journal.get(row.id).state == "awaiting_payment"


def test_a_journal_dropped_without_close_gives_its_connection_back_quietly(db, clock):
    engine, sessions, _path = db
    j = Journal(sessions, terminal_id="T-1", key=KEY, clock=clock)
    new_topup(j)
    assert engine.pool.checkedout() == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SQLAlchemy warns when the garbage collector finds a checked-out connection
        del j
        gc.collect()
    assert engine.pool.checkedout() == 0


STEP = st.tuples(st.sampled_from([None, *TopupState]), st.sampled_from([None, "a note"]),
                 st.dictionaries(st.sampled_from(["order_no", "attention", "receipt_job"]),
                                 st.one_of(st.none(), st.integers(0, 99)), max_size=2))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, max_size=6))
def test_any_sequence_of_steps_leaves_the_row_and_history_a_plain_model_predicts(journal, steps):
    row = new_topup(journal)
    state, lines, fields = "created", [(None, "created", None)], {}
    for to, note, values in steps:
        values = {k: (str(v) if k != "receipt_job" and v is not None else v) for k, v in values.items()}
        journal.advance(row.id, to, note=note, **values)
        target = to.value if to is not None else state
        if target != state or note is not None:
            lines.append((state, target, note))
        state = target
        fields.update(values)
    stored = journal.get(row.id)
    assert stored.state == state and history(journal, row.id) == lines
    assert {k: getattr(stored, k) for k in fields} == fields
