"""The identification part every ID-card service shares: place the card, read it, refuse it, take it back."""

from __future__ import annotations

import hashlib
import hmac

from drivers.idcard.errors import CardRefused, TextBlockInvalid
from kiosk.flows.base import (Audit, Button, CardFailed, CardLeft, CardPlaced, CardRead, CardRemoved, Finish, Flow,
                              ScreenModel, StopIdCard, TimedOut, Touched, WatchIdCard)

PLACE_CARD_TIMEOUT = 60.0
TAKE_CARD_TIMEOUT = 20.0
HOME = Button("home", "nav.home")


def id_hash(key: bytes, id_number: str) -> str:
    """The keyed hash that stands in for an ID number in the audit trail."""
    return hmac.new(key, id_number.encode("ascii"), hashlib.sha256).hexdigest()[:32]


class IdentifiedFlow(Flow):
    """A flow that starts by reading the resident's ID card; subclasses go on in ``identified()``.

    Steps here: place_card → reading → (refused | read_failed | the subclass's steps) … → take_card.
    The flow is not over while the card is still on the reader: it asks for it back, and after
    a timeout raises the "please take your card" alert before giving up.

    A card the last resident left on the reader is never read: place_card → card_left asks for it to be
    taken away (and handed to the staff), then back to place_card. It is nobody's card in this visit
    (``card_present`` stays False), so leaving never asks for it back.
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.identity = None
        self.card_present = False
        self._take_card_alerts = 0
        self._ending_reason = "finished"

    # ---------------------------------------------------------------- subclass hooks
    def identified(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def handle_more(self, event) -> list:
        """Events of the subclass's own steps."""
        return []

    # ---------------------------------------------------------------- helpers
    @property
    def id_hash(self) -> str | None:
        return id_hash(self.audit_key, self.identity.id_number) if self.identity else None

    def audit(self, event: str, /, **detail) -> Audit:
        if self.identity is not None:
            detail.setdefault("id_hash", self.id_hash)
        return Audit(event, {"service": self.name, **detail})

    def subject(self) -> dict:
        """The masked identity every screen may show."""
        if self.identity is None:
            return {}
        return {"name": self.identity.masked_name, "id_number": self.identity.masked_id}

    def show(self, step: str, title: str, **kw) -> None:
        fields = kw.pop("fields", {})
        self.screen = ScreenModel(step=step, title=title, fields={**self.subject(), **fields}, **kw)

    # ---------------------------------------------------------------- life
    def start(self) -> list:
        self._ask_for_card()
        return [WatchIdCard(), Audit("service_started", {"service": self.name})]

    def _ask_for_card(self) -> None:
        self.show("place_card", "id.place.title", message="id.place.body", buttons=[HOME],
                  timeout_s=PLACE_CARD_TIMEOUT)

    def handle(self, event) -> list:
        if self.finished:
            return []
        if isinstance(event, CardRemoved):
            self.card_present = False
            if self.step == "take_card":
                return self.finish(self._ending_reason)
            if self.step == "card_left":
                self._ask_for_card()  # the reader is free: now the resident's own card, with a fresh timeout
            return []
        if isinstance(event, Touched) and event.button == "home":
            return self.leave("cancelled")
        if isinstance(event, TimedOut) and event.step != self.step:
            return []  # a timer from a step already left
        if self.identity is None:
            return self._identify(event)
        if isinstance(event, (CardPlaced, CardRead, CardFailed)):
            return []  # the resident put the card down again: we already know who it is
        if self.step == "take_card" and isinstance(event, TimedOut):
            return self._take_card_timed_out()
        return self.handle_more(event)

    def _identify(self, event) -> list:
        if isinstance(event, CardLeft):
            if self.step != "place_card":
                return []
            # not read, so not this resident's: card_present stays False (leaving must not ask for it back)
            self.show("card_left", "id.card_left.title", message="id.card_left.body", buttons=[HOME],
                      timeout_s=PLACE_CARD_TIMEOUT)
            return [Audit("card_found_on_reader", {"service": self.name})]
        if isinstance(event, CardPlaced):
            self.card_present = True
            self.show("reading", "id.reading.title", message="id.reading.body", busy=True)
            return []
        if isinstance(event, CardRead):
            self.identity = event.identity
            self.card_present = True
            return [self.audit("identified")] + self.identified()
        if isinstance(event, CardFailed):
            error = event.error
            refused = isinstance(error, CardRefused) and not isinstance(error, TextBlockInvalid)
            self.show("refused" if refused else "read_failed",
                      "id.refused.title" if refused else "id.read_failed.title",
                      message="id.refused.body" if refused else "id.read_failed.body",
                      error=error, buttons=[HOME], timeout_s=PLACE_CARD_TIMEOUT)
            return [Audit("identify_refused" if refused else "identify_failed",
                          {"service": self.name, "reason": type(error).__name__})]
        if isinstance(event, TimedOut) and self.step in ("place_card", "card_left", "refused", "read_failed"):
            return self.finish("no_card")
        return []

    def leave(self, reason: str) -> list:
        """The resident is done (or gave up): ask for the card back if it is still there, else finish."""
        self._ending_reason = reason
        if self.card_present:
            self._take_card_alerts = 0
            self.show("take_card", "id.take.title", message="id.take.body", timeout_s=TAKE_CARD_TIMEOUT,
                      fields=self.take_card_fields())
            return []
        return self.finish(reason)

    def take_card_fields(self) -> dict:
        return {}

    def _take_card_timed_out(self) -> list:
        self._take_card_alerts += 1
        if self._take_card_alerts >= 2:
            return [self.audit("card_left_on_reader")] + self.finish(self._ending_reason)
        self.show("take_card", "id.take.title", message="id.take.alert", timeout_s=TAKE_CARD_TIMEOUT,
                  fields={"alert": True, **self.take_card_fields()})
        return []

    def finish(self, reason: str) -> list:
        self.finished = True
        effects = [StopIdCard(), Audit("service_ended", {"service": self.name, "reason": reason})]
        self.clear()
        return effects + [Finish(reason)]

    def clear(self) -> None:
        self.identity = None
        super().clear()

