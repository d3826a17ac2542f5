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
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, String, bindparam, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
_EVENTS = TopupEvent.__table__
# built once: a statement made anew per commit costs more than the commit's own SQL
_STATE_OF = select(_TOPUPS.c.state).where(_TOPUPS.c.id == bindparam("tid"))
_ADD_EVENT = _EVENTS.insert()
_UPDATE = _TOPUPS.update().where(_TOPUPS.c.id == bindparam("tid"))


#: Fault injection for the crash test: ``KIOSK_CRASH_AT=<point>`` kills this process (SIGKILL, as a power cut
#: would) right after the journal commits that point: a state name, or "purchase" for the billing fields.
CRASH_ENV = "KIOSK_CRASH_AT"


def _crash_point(point: str) -> None:
    import os
    if os.environ.get(CRASH_ENV) == point:
        import signal
        log.warning("crash test: killing the kiosk after committing %s", point)
        os.kill(os.getpid(), signal.SIGKILL)


def card_hash(key: bytes, card_number: str) -> str:
    return hmac.new(key, b"gas-card:" + card_number.encode("ascii"), hashlib.sha256).hexdigest()[:32]


class Journal:
    """Reads and durably changes top-up rows. Each method is one committed transaction."""

    def __init__(self, sessionmaker, *, terminal_id: str, key: bytes, clock=None):
        self._sessions = sessionmaker
        self.terminal_id = terminal_id
        self.key = key
        self._now = clock.now if clock is not None else datetime.now
        self._engine = engine = sessionmaker.kw["bind"]
        Base.metadata.create_all(engine, tables=[Topup.__table__, TopupEvent.__table__])

    def create(self, *, card_number: str, card_masked: str, amount_yuan: Decimal, count_before: int,
               session_id: str | None = None) -> Topup:
        now = self._now()
        with self._sessions.begin() as db:
            row = Topup(created_at=now, updated_at=now, terminal_id=self.terminal_id, session_id=session_id,
                        state=TopupState.CREATED.value, card_hash=card_hash(self.key, card_number),
                        card_number=card_number,
                        card_masked=card_masked, amount_yuan=Decimal(amount_yuan), count_before=count_before,
                        pay_key=f"PAY-{uuid.uuid4().hex}", bill_key=f"BILL-{uuid.uuid4().hex}",
                        refund_key=f"RFD-{uuid.uuid4().hex}")
            row.events.append(TopupEvent(at=now, from_state=None, to_state=row.state, note=None))
            db.add(row)
            db.flush()
            log.info("top-up %d created: %s ￥%s", row.id, card_masked, amount_yuan)
        _crash_point(TopupState.CREATED.value)
        return row

    def advance(self, topup_id: int, state: TopupState | None = None, *, note: str | None = None, **fields) -> None:
        """Set ``fields`` and move to ``state`` (None: stay), recording the step in the history.

        One small Core transaction (read the state, update the row, add the history line) rather than the
        ORM's load-modify-flush: this commit stands before every side effect of a top-up, so it is kept cheap.
        """
        unknown = set(fields) - set(_TOPUPS.c.keys())
        if unknown:
            raise TypeError(f"not a top-up field: {', '.join(sorted(unknown))}")
        now = self._now()
        with self._engine.begin() as conn:
            current = conn.execute(_STATE_OF, {"tid": topup_id}).scalar_one_or_none()
            if current is None:
                raise KeyError(topup_id)
            values = dict(fields, updated_at=now, tid=topup_id)
            if state is not None and state.value != current:
                values["state"] = state.value
                conn.execute(_ADD_EVENT, {"topup_id": topup_id, "at": now, "from_state": current,
                                          "to_state": state.value, "note": note})
                log.info("top-up %d: %s -> %s%s", topup_id, current, state.value, f" ({note})" if note else "")
            elif note:
                conn.execute(_ADD_EVENT, {"topup_id": topup_id, "at": now, "from_state": current,
                                          "to_state": current, "note": note})
            conn.execute(_UPDATE, values)  # SET exactly the columns given (the statement is cached per column set)
        if state is not None:
            _crash_point(state.value)
        if "purchase_id" in fields:
            _crash_point("purchase")

    def get(self, topup_id: int) -> Topup | None:
        with self._sessions() as db:
            return db.get(Topup, topup_id)

    def all(self, *, pending_only: bool = False) -> list[Topup]:
        with self._sessions() as db:
            q = select(Topup).order_by(Topup.id)
            if pending_only:
                q = q.where(Topup.state.not_in([s.value for s in FINAL]))
            return list(db.scalars(q))

    def owed_for_card(self, card_number: str) -> Topup | None:
        """The newest top-up of this card that is paid, billed and not yet (known to be) on the card."""
        h = card_hash(self.key, card_number)
        with self._sessions() as db:
            rows = db.scalars(select(Topup).where(Topup.card_hash == h,
                                                  Topup.state.in_([s.value for s in GAS_OWED]),
                                                  Topup.purchase_id.is_not(None)).order_by(Topup.id.desc()))
            return next(iter(rows), None)
