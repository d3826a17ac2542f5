"""Property lookup: identify with the ID card, see one's real-estate records, print a proof or a no-property certificate."""

from __future__ import annotations

from kiosk.flows.base import Button, Touched
from kiosk.flows.identify import HOME
from kiosk.flows.querying import QueryFlow


class PropertyLookupFlow(QueryFlow):
    name = "property_lookup"
    call = "property.records"

    @property
    def print_kind(self) -> str:
        return "property_proof" if self.result is not None and self.result.properties else "no_property_certificate"

    def result_audit(self) -> dict:
        return {"query_no": self.result.header.query_number, "count": len(self.result.properties)}

    def answered(self) -> list:
        return self._list()

    def _list(self) -> list:
        if not self.result.properties:
            self.show("no_property", "property.none.title", message="property.none.body",
                      fields={"records": self.result},
                      buttons=[Button("print", "property.print_none", primary=True), HOME])
        else:
            self.show("property_list", "property.list.title", fields={"records": self.result},
                      buttons=[Button("print", "property.print", primary=True), HOME])
        return [self.audit("viewed", query_no=self.result.header.query_number)]

    def likely_touches(self) -> list:
        """On the list, each record's details (the page a resident most often opens next)."""
        if self.step == "property_list" and self.result is not None:
            return [Touched("detail", i) for i in range(len(self.result.properties))]
        return []

    def handle_result_step(self, event) -> list:
        if not isinstance(event, Touched):
            return []
        if self.step in ("property_list", "no_property", "property_detail") and event.button == "print":
            return self.print_document()
        if self.step == "property_list" and event.button == "detail":
            index = int(event.arg)
            if 0 <= index < len(self.result.properties):
                self.show("property_detail", "property.detail.title",
                          fields={"records": self.result, "index": index},
                          buttons=[Button("back", "nav.back"), Button("print", "property.print", primary=True), HOME])
            return []
        if self.step == "property_detail" and event.button == "back":
            self.show("property_list", "property.list.title", fields={"records": self.result},
                      buttons=[Button("print", "property.print", primary=True), HOME])
        return []
