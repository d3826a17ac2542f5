"""The top-up journal: one durable row per top-up, its state and history, so no payment is ever lost.

Every state is committed (SQLite WAL, synchronous=FULL) *before* the side effect that follows it, and
every side effect carries an idempotency key stored here first, so repeating a call after a crash can
neither charge nor credit twice. States:

    created → awaiting_payment → paid → card_written → confirmed → receipt_printed      (the happy path)
    awaiting_payment → closed (cancelled) | expired (QR timed out)                        (no money)
    paid → awaiting_rewrite (card pulled, jammed, crash) → card_written → …              (gas owed)
    expired + paid late → refund_requested → refunded                                     (money back)

A row's ``attention`` holds a reason when only a person can finish it (shown by `kiosk journal --pending`).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import os
import threading
import uuid
import weakref
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, String, inspect, select
from sqlalchemy.orm import Mapped, make_transient_to_detached, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from kiosk.storage.db import Base

log = logging.getLogger("kiosk.gas.journal")


class TopupState(str, enum.Enum):
    CREATED = "created"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    CARD_WRITTEN = "card_written"
    CONFIRMED = "confirmed"
    RECEIPT_PRINTED = "receipt_printed"
    CLOSED = "closed"
    EXPIRED = "expired"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"
    AWAITING_REWRITE = "awaiting_rewrite"


#: States in which money and gas are settled: nothing more will happen to the row (a confirmed top-up whose
#: receipt failed keeps its print job for reprinting).
FINAL = {TopupState.RECEIPT_PRINTED, TopupState.CONFIRMED, TopupState.CLOSED, TopupState.REFUNDED}
#: States in which the customer has paid and the gas is not (known to be) on the card.
GAS_OWED = {TopupState.PAID, TopupState.AWAITING_REWRITE}


class Topup(Base):
    __tablename__ = "gas_topups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    terminal_id: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    card_hash: Mapped[str] = mapped_column(String(32), index=True)   # keyed hash: finds the rows of a card
    card_number: Mapped[str] = mapped_column(String(20))             # billing needs it to finish a top-up
    card_masked: Mapped[str] = mapped_column(String(24))
    amount_yuan: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    count_before: Mapped[int] = mapped_column(Integer)               # purchase count read from the card
    pay_key: Mapped[str] = mapped_column(String(40), unique=True)    # idempotency key of the order
    bill_key: Mapped[str] = mapped_column(String(40), unique=True)   # idempotency key of the purchase
    refund_key: Mapped[str] = mapped_column(String(40), unique=True)
    order_no: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    transaction_no: Mapped[str | None] = mapped_column(String(48), nullable=True)
    purchase_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    count_after: Mapped[int | None] = mapped_column(Integer, nullable=True)   # the count to write
    volume_units: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0.01 m³ to write
    receipt_job: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attention: Mapped[str | None] = mapped_column(String(200), nullable=True)
    events: Mapped[list["TopupEvent"]] = relationship(order_by="TopupEvent.id", cascade="all, delete-orphan",
                                                       lazy="selectin")

    @property
    def gas_owed(self) -> bool:
        return TopupState(self.state) in GAS_OWED and self.purchase_id is not None

    def __repr__(self) -> str:
        return f"Topup({self.id}, {self.state}, {self.card_masked}, ￥{self.amount_yuan}, order {self.order_no})"


class TopupEvent(Base):
    __tablename__ = "gas_topup_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topup_id: Mapped[int] = mapped_column(ForeignKey("gas_topups.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    from_state: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_state: Mapped[str] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)


_TOPUPS = Topup.__table__

# The durable path runs fixed SQL with exec_driver_sql on one connection of the engine's pool kept for the journal:
# a commit stands before every side effect of a top-up, and SQLAlchemy's per-statement work (compile-cache lookup,
# parameter processing, result set-up) and per-transaction pool checkout cost more than the commit itself.
# The statements are the ones the Core would emit; the values go through the column types' own bind processors,
# so a row reads back through the ORM exactly as if the ORM had written it.
_INSERT_TOPUP = ("INSERT INTO gas_topups (created_at, updated_at, terminal_id, session_id, state, card_hash, "
                 "card_number, card_masked, amount_yuan, count_before, pay_key, bill_key, refund_key) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_EVENT = "INSERT INTO gas_topup_events (topup_id, at, from_state, to_state, note) VALUES (?, ?, ?, ?, ?)"
# A step's history line, from the row's state as it stands inside this transaction (?1 at, ?2 new state or NULL to
# stay, ?3 note, ?4 id). No line when the step neither changes the state nor carries a note. Being a write, it is
# the statement that opens the transaction and takes SQLite's write lock, so the state it reads cannot change
# before the UPDATE that follows it commits (no separate SELECT outside the write lock).
_ADD_STEP = ("INSERT INTO gas_topup_events (topup_id, at, from_state, to_state, note) "
             "SELECT id, ?1, state, coalesce(?2, state), ?3 FROM gas_topups "
             "WHERE id = ?4 AND (coalesce(?2, state) != state OR ?3 IS NOT NULL)")
#: The columns a new row leaves empty (NULL).
_NOT_YET = dict.fromkeys(("order_no", "transaction_no", "purchase_id", "count_after", "volume_units", "receipt_job",
                          "attention"))
#: Columns a step may set (the id, state and updated_at are the journal's own).
_STEP_FIELDS = frozenset(_TOPUPS.c.keys()) - {"id", "state", "updated_at"}


def _bind(column, dialect):
    """The column type's own bind processor (None: the value goes to the driver as it is)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _loaded(cls, events=None, **columns):
    """A detached ``cls`` holding ``columns`` (all of them), made as SQLAlchemy's loader makes a row it has read:
    the values go straight into the instance, without the attribute events the constructor fires per column
    (4 µs rather than 70 for a new top-up and its first history line)."""
    obj = inspect(cls).class_manager.new_instance()
    obj.__dict__.update(columns)
    if events is not None:
        set_committed_value(obj, "events", events)
    make_transient_to_detached(obj)
    return obj


#: Fault injection for the crash test: ``KIOSK_CRASH_AT=<point>`` kills this process (SIGKILL, as a power cut
#: would) right after the journal commits that point: a state name, or "purchase" for the billing fields.
CRASH_ENV = "KIOSK_CRASH_AT"


def _crash_point(point: str) -> None:
    if os.environ.get(CRASH_ENV) == point:
        import signal
        log.warning("crash test: killing the kiosk after committing %s", point)
        os.kill(os.getpid(), signal.SIGKILL)


def card_hash(key: bytes, card_number: str) -> str:
    return hmac.new(key, b"gas-card:" + card_number.encode("ascii"), hashlib.sha256).hexdigest()[:32]


class Journal:
    """Reads and durably changes top-up rows. Each change is one committed transaction.

    Thread-safe: the GUI thread (the flow runner, the maintenance screen) and the recovery thread both write. Writes
    share one connection held for the journal's life and take turns on a lock; reads use sessions of their own.
    """

    def __init__(self, sessionmaker, *, terminal_id: str, key: bytes, clock=None):
        self._sessions = sessionmaker
        self.terminal_id = terminal_id
        self.key = key
        self._now = clock.now if clock is not None else datetime.now
        self._engine = engine = sessionmaker.kw["bind"]
        Base.metadata.create_all(engine, tables=[Topup.__table__, TopupEvent.__table__])
        self._lock = threading.Lock()
        self._conn = None       # the write connection, checked out of the pool at the first write
        self._release = None    # weakref.finalize that checks it back in (close(), or the journal is collected)
        self._at = _bind(_TOPUPS.c.updated_at, engine.dialect)  # datetime -> text, exactly as the ORM stores it
        self._amount = _bind(_TOPUPS.c.amount_yuan, engine.dialect)
        self._updates: dict[tuple[str, ...], tuple[str, tuple]] = {}  # field names -> UPDATE and bind processors
        self._crash_at = os.environ.get(CRASH_ENV)  # set for the crash test only, when the process starts

    def close(self) -> None:
        """Give the write connection back to the pool (a later write takes it again)."""
        with self._lock:
            if self._release is not None:
                self._release()
            self._conn = self._release = None

    def _connection(self):
        """The write connection (the caller holds the lock): taken from the pool at the first write."""
        conn = self._conn
        if conn is None:
            conn = self._conn = self._engine.connect()
            self._release = weakref.finalize(self, conn.close)
        return conn

    def create(self, *, card_number: str, card_masked: str, amount_yuan: Decimal, count_before: int,
               session_id: str | None = None) -> Topup:
        now = self._now()
        at = self._at(now)
        amount = Decimal(amount_yuan)
        values = dict(created_at=now, updated_at=now, terminal_id=self.terminal_id, session_id=session_id,
                      state=TopupState.CREATED.value, card_hash=card_hash(self.key, card_number),
                      card_number=card_number, card_masked=card_masked, amount_yuan=amount,
                      count_before=count_before, pay_key=f"PAY-{uuid.uuid4().hex}",
                      bill_key=f"BILL-{uuid.uuid4().hex}", refund_key=f"RFD-{uuid.uuid4().hex}")
        with self._lock:
            conn = self._connection()
            try:
                topup_id = conn.exec_driver_sql(_INSERT_TOPUP, (
                    at, at, self.terminal_id, session_id, values["state"], values["card_hash"], card_number,
                    card_masked, self._amount(amount), count_before, values["pay_key"], values["bill_key"],
                    values["refund_key"])).lastrowid
                event_id = conn.exec_driver_sql(_INSERT_EVENT, (topup_id, at, None, values["state"], None)).lastrowid
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        log.info("top-up %d created: %s ￥%s", topup_id, card_masked, amount_yuan)
        if self._crash_at:
            _crash_point(TopupState.CREATED.value)
        event = _loaded(TopupEvent, id=event_id, topup_id=topup_id, at=now, from_state=None, to_state=values["state"],
                        note=None)
        return _loaded(Topup, id=topup_id, **values, **_NOT_YET, events=[event])

    def advance(self, topup_id: int, state: TopupState | None = None, *, note: str | None = None, **fields) -> None:
        """Set ``fields`` and move to ``state`` (None: stay), recording the step in the history.

        One transaction of two statements: the history line (read from the row's current state by the
        INSERT itself) and the row's UPDATE. KeyError if there is no such top-up.
        """
        names = tuple(fields)
        update = self._updates.get(names)
        if update is None:
            update = self._updates[names] = self._update_for(names)
        sql, binds = update
        now = self._now()
        at = self._at(now)
        to = state.value if state is not None else None
        note = note or None  # an empty note is no note: no history line for it
        values = [at, to]
        for name, bind in zip(names, binds):
            values.append(fields[name] if bind is None else bind(fields[name]))
        values.append(topup_id)
        with self._lock:
            conn = self._connection()
            try:
                conn.exec_driver_sql(_ADD_STEP, (at, to, note, topup_id))
                if conn.exec_driver_sql(sql, tuple(values)).rowcount != 1:
                    raise KeyError(topup_id)  # nothing was written: the rollback below is for form
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
        if to is not None:
            log.info("top-up %d -> %s%s", topup_id, to, f" ({note})" if note else "")
        if self._crash_at:
            if to is not None:
                _crash_point(to)
            if "purchase_id" in fields:
                _crash_point("purchase")

    def _update_for(self, names: tuple[str, ...]) -> tuple[str, tuple]:
        unknown = set(names) - _STEP_FIELDS
        if unknown:
            raise TypeError(f"not a top-up field: {', '.join(sorted(unknown))}")
        # names are the table's own column names (checked above), never text from outside
        sets = "".join(f", {name} = ?" for name in names)
        sql = f"UPDATE gas_topups SET updated_at = ?, state = coalesce(?, state){sets} WHERE id = ?"
        return sql, tuple(_bind(_TOPUPS.c[name], self._engine.dialect) for name in names)

    def get(self, topup_id: int) -> Topup | None:
        with self._sessions() as db:
            return db.get(Topup, topup_id)

    def all(self, *, pending_only: bool = False) -> list[Topup]:
        with self._sessions() as db:
            q = select(Topup).order_by(Topup.id)
            if pending_only:
                # the unfinished states named (not "not final"), so the state index finds them among months of rows
                q = q.where(Topup.state.in_([s.value for s in TopupState if s not in FINAL]))
            return list(db.scalars(q))

    def owed_for_card(self, card_number: str) -> Topup | None:
        """The newest top-up of this card that is paid, billed and not yet (known to be) on the card."""
        h = card_hash(self.key, card_number)
        with self._sessions() as db:
            rows = db.scalars(select(Topup).where(Topup.card_hash == h,
                                                  Topup.state.in_([s.value for s in GAS_OWED]),
                                                  Topup.purchase_id.is_not(None)).order_by(Topup.id.desc()))
            return next(iter(rows), None)
