"""Public credit report: identify with the ID card, see the report, print it with a verification QR code."""

from __future__ import annotations

from kiosk.flows.base import Button, Touched
from kiosk.flows.identify import HOME
from kiosk.flows.querying import QueryFlow


class CreditReportFlow(QueryFlow):
    name = "credit_report"
    call = "credit.report"
    print_kind = "credit_report"

    def call_args(self) -> dict:
        return {**super().call_args(), "purpose": "self_query"}

    def result_audit(self) -> dict:
        return {"report_no": self.result.header.report_number}

    def answered(self) -> list:
        self.show("report", "credit.report.title", fields={"report": self.result},
                  buttons=[Button("print", "credit.print", primary=True), HOME])
        return [self.audit("viewed", report_no=self.result.header.report_number)]

    def handle_result_step(self, event) -> list:
        if self.step == "report" and isinstance(event, Touched) and event.button == "print":
            return self.print_document()
        return []
