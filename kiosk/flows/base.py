"""What every service flow is made of, as plain Python: events in, effects and a screen model out.

A flow never touches a device, a network or Qt. It receives events (a card was read, a back end
answered, a print finished, the resident touched a button, a step timed out), changes its step,
and asks for effects (read the ID card, call a service, print a document, audit something, end).
The UI renders ``flow.screen`` and runs the effects off the GUI thread, feeding their outcome back
as events. So every path, failures included, can be tested without a screen.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any


# ---------------------------------------------------------------- events (into a flow)

@dataclass(frozen=True)
class Touched:
    """The resident touched button ``button`` (``arg``: e.g. the index of a list item)."""
    button: str
    arg: Any = None


@dataclass(frozen=True)
class TimedOut:
    """The current step's timeout ran out (``step`` guards against a stale timer)."""
    step: str


@dataclass(frozen=True)
class CardPlaced:
    pass


@dataclass(frozen=True, repr=False)
class CardRead:
    identity: Any  # drivers.idcard.identity.Identity (masked repr)

    def __repr__(self):
        return f"CardRead({self.identity!r})"


@dataclass(frozen=True)
class CardFailed:
    error: Any  # a KioskError: refusal, read failure, reader fault


@dataclass(frozen=True)
class CardRemoved:
    pass


@dataclass(frozen=True)
class CardLeft:
    """The visit began on a card someone left on the reader. It is not read (it is not this resident's), and
    the reader reads no other card until it is taken away: the resident must be told to take it away first."""


@dataclass(frozen=True)
class ServiceAnswered:
    call: str
    result: Any


@dataclass(frozen=True)
class ServiceFailed:
    call: str
    error: Any


@dataclass(frozen=True)
class Printed:
    job_id: int


@dataclass(frozen=True)
class PrintFailed:
    job_id: int | None
    error: Any


# ---------------------------------------------------------------- effects (out of a flow)

@dataclass(frozen=True)
class WatchIdCard:
    """Start (or keep) looking for an ID card; outcomes come back as Card* events."""


@dataclass(frozen=True)
class StopIdCard:
    """Stop looking for cards (the reader is left idle)."""


@dataclass(frozen=True, repr=False)
class CallService:
    """Call ``call`` (e.g. "credit.report") with ``args``; ServiceAnswered/ServiceFailed come back."""
    call: str
    args: dict = field(default_factory=dict)

    def __repr__(self):  # args hold an ID number: never in a log line
        return f"CallService({self.call})"


@dataclass(frozen=True)
class Print:
    """Print ``receipt`` (a drivers.printer.document.Receipt) as a job of ``kind``; Printed/PrintFailed come back."""
    receipt: Any
    kind: str


@dataclass(frozen=True)
class Reprint:
    job_id: int


@dataclass(frozen=True)
class Audit:
    """Record an audit event; ``detail`` must hold no personal data (use the keyed ID hash)."""
    kind: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Finish:
    """The flow is over: back to the home screen (``reason`` for the audit)."""
    reason: str = "finished"


# ---------------------------------------------------------------- what the UI renders

@dataclass(frozen=True)
class Button:
    id: str
    text: str            # key into kiosk.texts
    primary: bool = False
    arg: Any = None


@dataclass
class ScreenModel:
    """One screen of a flow: ``step`` names its layout; ``fields`` hold only what may be shown (masked)."""

    step: str
    title: str                                   # key into kiosk.texts
    message: str | None = None                   # key into kiosk.texts, formatted with ``fields``
    fields: dict = field(default_factory=dict)
    buttons: list[Button] = field(default_factory=list)
    busy: bool = False                           # show a spinner
    timeout_s: float | None = None               # the step's own timeout (TimedOut comes back)
    error: Any = None                            # a KioskError whose user_message to show


class Flow:
    """Base of the service flows: a step, a screen model, and ``handle(event) -> effects``."""

    name = "flow"
    #: A card the flow's motorised reader holds inside: when the session ends from outside (it timed out), the
    #: flow had no chance to give it back, so the runner has it put out at the gate. Only the gas flow has one.
    card_inside = False

    def __init__(self, *, terminal_id: str, now, audit_key: bytes):
        self.terminal_id = terminal_id
        self.now = now                  # callable returning a datetime (the kiosk's clock)
        self.audit_key = audit_key
        self.screen: ScreenModel = ScreenModel(step="start", title="flow.starting")
        self.finished = False

    @property
    def step(self) -> str:
        return self.screen.step

    def start(self) -> list:
        raise NotImplementedError

    def handle(self, event) -> list:
        raise NotImplementedError

    def likely_touches(self) -> list:
        """Touches a resident may well make next on this step whose screens only show what the flow already
        holds (no effect is needed to draw them): the UI may draw their pages ahead, while nobody touches.
        A flow lists only touches whose handling assigns its attributes and changes nothing in place
        (``preview`` runs them on a shallow copy)."""
        return []

    def preview(self, event) -> ScreenModel:
        """The screen ``event`` (one of ``likely_touches``) would lead to; this flow is left as it was and the
        effects are dropped: nothing is run, audited or written."""
        twin = copy.copy(self)
        twin.handle(event)
        return twin.screen

    def clear(self) -> None:
        """Forget everything personal (the session ended or the resident left)."""
        self.screen = ScreenModel(step="cleared", title="flow.starting")


# ---------------------------------------------------------------- gas card and top-up journal

@dataclass(frozen=True)
class GasCardInserted:
    pass


@dataclass(frozen=True)
class GasCardRead:
    card: Any  # drivers.gascard.card.GasCard (its repr is masked)


@dataclass(frozen=True)
class GasCardFailed:
    error: Any


@dataclass(frozen=True)
class GasCardRemoved:
    pass


@dataclass(frozen=True)
class GasCardWritten:
    card: Any


@dataclass(frozen=True)
class GasCardWriteFailed:
    error: Any


@dataclass(frozen=True)
class GasCardChecked:
    """How many password tries the card has left (0: locked forever: it can never be written)."""
    tries_left: int


@dataclass(frozen=True)
class GasCardEjected:
    ok: bool = True
    error: Any = None


@dataclass(frozen=True)
class PaymentUpdate:
    """What the gateway says about the order being paid for (from polling)."""
    order: Any


@dataclass(frozen=True)
class JournalRow:
    """The journal row the flow works on from now: created for it, or found owed to the card (None: none)."""
    topup_id: int | None
    keys: dict = field(default_factory=dict)   # the row's idempotency keys


@dataclass(frozen=True)
class WatchGasCard:
    pass


@dataclass(frozen=True)
class StopGasCard:
    pass


@dataclass(frozen=True)
class WriteGasCard:
    """Write a top-up onto the card in the reader; GasCardWritten/GasCardWriteFailed come back."""
    card: Any
    purchase_count: int
    volume_units: int
    repair: bool = False


@dataclass(frozen=True)
class CheckGasCard:
    """Read the card's security memory; GasCardChecked (or GasCardFailed) comes back."""


@dataclass(frozen=True)
class EjectGasCard:
    """Move the card to the gate where the customer can take it; GasCardEjected comes back."""


@dataclass(frozen=True, repr=False)
class JournalCreate:
    """Create the durable top-up row. JournalRow comes back when it is written (the runner writes it off the GUI
    thread); the effects after this one run only then. A failure comes back as ServiceFailed("journal.create")."""
    fields: dict

    def __repr__(self):
        return "JournalCreate()"


@dataclass(frozen=True, repr=False)
class JournalFindOwed:
    """Find the row whose gas is owed to this card (JournalRow comes back at once)."""
    card_number: str

    def __repr__(self):
        return "JournalFindOwed()"


@dataclass(frozen=True)
class JournalAdvance:
    """Durably move the top-up row to ``state`` (a TopupState value) with ``fields``; runs before later effects.
    With ``topup_id`` None (a re-write with no row at this kiosk) there is nothing to record."""
    topup_id: int | None
    state: str | None
    fields: dict = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class PollPayment:
    """Ask the gateway about ``order_no`` every few seconds until StopPolling; PaymentUpdate comes back."""
    order_no: str


@dataclass(frozen=True)
class StopPolling:
    pass
