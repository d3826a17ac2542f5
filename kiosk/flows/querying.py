"""The steps after identification both ID-card services share: ask the back end, show, print, take the card."""

from __future__ import annotations

from kiosk.flows.base import (Button, CallService, Print, PrintFailed, Printed, Reprint, ServiceAnswered,
                              ServiceFailed, TimedOut, Touched)
from kiosk.flows.identify import HOME, IdentifiedFlow

#: After this long a slow back end gets a cancel button beside the spinner.
SLOW_AFTER = 3.0
VIEW_TIMEOUT = None  # viewing is bounded by the session's idle timeout, not by the step
DONE_TIMEOUT = 15.0


class QueryFlow(IdentifiedFlow):
    """identify → querying → (service_error | the subclass's result steps) → printing → (print_failed | done)."""

    call = "service.call"
    print_kind = "document"

    def __init__(self, *, document_builder, **kw):
        super().__init__(**kw)
        self.build_document = document_builder   # (flow) -> Receipt
        self.result = None
        self.job_id: int | None = None

    # ---------------------------------------------------------------- subclass hooks
    def call_args(self) -> dict:
        return {"id_number": self.identity.id_number, "name": self.identity.name}

    def answered(self) -> list:  # pragma: no cover - abstract
        """Show the result (the subclass's first result step)."""
        raise NotImplementedError

    def result_audit(self) -> dict:
        return {}

    def handle_result_step(self, event) -> list:
        return []

    # ---------------------------------------------------------------- steps
    def identified(self) -> list:
        return self._query()

    def _query(self) -> list:
        self.show("querying", "query.title", message="query.body", busy=True, timeout_s=SLOW_AFTER)
        return [CallService(self.call, self.call_args())]

    def handle_more(self, event) -> list:
        step = self.step
        if step == "querying":
            if isinstance(event, ServiceAnswered) and event.call == self.call:
                self.result = event.result
                return [self.audit("queried", **self.result_audit())] + self.answered()
            if isinstance(event, ServiceFailed) and event.call == self.call:
                self.show("service_error", "query.failed.title", message="query.failed.body", error=event.error,
                          buttons=[Button("retry", "nav.retry", primary=True), HOME])
                return [self.audit("service_failed", error=type(event.error).__name__)]
            if isinstance(event, TimedOut):
                self.show("querying", "query.title", message="query.slow", busy=True,
                          buttons=[Button("cancel", "nav.cancel")])
                return []
            if isinstance(event, Touched) and event.button == "cancel":
                return [self.audit("query_cancelled")] + self.leave("cancelled")
            return []
        if step == "service_error" and isinstance(event, Touched) and event.button == "retry":
            return self._query()
        if step in ("printing",):
            if isinstance(event, Printed):
                self.job_id = event.job_id
                return [self.audit("printed", kind=self.print_kind, job=event.job_id)] + self.done()
            if isinstance(event, PrintFailed):
                self.job_id = event.job_id
                self.show("print_failed", "print.failed.title", message="print.failed.body", error=event.error,
                          buttons=[Button("reprint", "print.again", primary=True), HOME])
                return [self.audit("print_failed", kind=self.print_kind, job=event.job_id,
                                   error=type(event.error).__name__)]
            return []
        if step == "print_failed" and isinstance(event, Touched) and event.button == "reprint":
            self.show("printing", "print.title", message="print.body", busy=True)
            if self.job_id is not None:
                return [self.audit("reprint_requested", kind=self.print_kind, job=self.job_id), Reprint(self.job_id)]
            return self._print()
        if step == "done" and isinstance(event, (TimedOut, Touched)):
            return self.leave("finished")
        return self.handle_result_step(event)

    def print_document(self) -> list:
        """The resident asked to print what is on screen."""
        self.show("printing", "print.title", message="print.body", busy=True)
        return [self.audit("print_requested", kind=self.print_kind)] + self._print()

    def _print(self) -> list:
        return [Print(self.build_document(self), self.print_kind)]

    def done(self) -> list:
        if self.card_present:
            return self.leave("finished")
        self.show("done", "print.done.title", message="print.done.body", buttons=[HOME], timeout_s=DONE_TIMEOUT)
        return []

    def take_card_fields(self) -> dict:
        return {"printed": self.job_id is not None and self.step in ("printing", "done")}

    def clear(self) -> None:
        self.result = None
        super().clear()
