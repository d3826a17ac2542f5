"""Which screen a tile opens: a registry from flow name to screen factory, filled as services land."""

from __future__ import annotations

from ui.screens.info import InfoScreen
from ui.screens.unavailable import UnavailableScreen

def _id_card_service(flow_class, document):
    """A factory for an ID-card service: its flow, a runner wired to the window's devices and services."""
    def make(tile, window):
        from ui.flow_runner import FlowRunner
        from ui.screens.flow_screen import FlowScreen
        from ui.screens.id_steps import ID_RENDERERS
        from ui.screens.result_steps import RESULT_RENDERERS
        k = window.config.kiosk
        clock = window.ctx.clock

        def build(flow):
            return document(flow.result, terminal_id=k.terminal_id, printed_at=clock.now(), verify_url=k.verify_url)
        flow = flow_class(terminal_id=k.terminal_id, now=clock.now, audit_key=bytes.fromhex(k.audit_key),
                          document_builder=build)
        session = window.sessions.session
        runner = FlowRunner(flow, devices=window.devices, services=window.services, audit=window.audit,
                            session_id=session.id if session else None, clock=clock)
        return FlowScreen(runner, {**ID_RENDERERS, **RESULT_RENDERERS})
    return make


def _credit_report(tile, window):
    from kiosk.flows.credit_report import CreditReportFlow
    from kiosk.flows.documents import credit_report_receipt
    return _id_card_service(CreditReportFlow, credit_report_receipt)(tile, window)


def _property_lookup(tile, window):
    from kiosk.flows.documents import property_receipt
    from kiosk.flows.property_lookup import PropertyLookupFlow
    return _id_card_service(PropertyLookupFlow, property_receipt)(tile, window)


def _gas_topup(tile, window):
    from kiosk.flows.documents import gas_receipt
    from kiosk.flows.gas_topup import GasTopupFlow
    from kiosk.services.gas_billing import max_amount, quote
    from ui.flow_runner import FlowRunner
    from ui.screens.flow_screen import FlowScreen
    from ui.screens.gas_steps import GAS_RENDERERS
    k = window.config.kiosk
    clock = window.ctx.clock

    def build(flow):
        return gas_receipt(flow, terminal_id=k.terminal_id, printed_at=clock.now(), einvoice_url=k.einvoice_url)
    flow = GasTopupFlow(terminal_id=k.terminal_id, now=clock.now, audit_key=bytes.fromhex(k.audit_key),
                        quote=quote, max_amount=max_amount, receipt_builder=build)
    session = window.sessions.session
    runner = FlowRunner(flow, devices=window.devices, services=window.services, audit=window.audit,
                        session_id=session.id if session else None, clock=clock, journal=window.journal)
    return FlowScreen(runner, GAS_RENDERERS)


#: flow name → factory(tile, window) returning a Screen with a ``home_requested`` signal.
FLOW_SCREENS: dict = {
    "info": lambda tile, window: InfoScreen(tile),
    "credit_report": _credit_report,
    "property_lookup": _property_lookup,
    "gas_topup": _gas_topup,
}


def register_flow_screen(flow: str, factory) -> None:
    FLOW_SCREENS[flow] = factory


def screen_for_tile(tile, window, is_open: bool = True):
    """The first screen of ``tile``'s flow, or the page saying why it cannot be used now."""
    if window.ctx.tile_state(tile)[0] is not None:
        return UnavailableScreen(tile, "device")
    if not is_open:
        return UnavailableScreen(tile, "closed")
    factory = FLOW_SCREENS.get(tile.flow)
    if factory is None:
        return UnavailableScreen(tile, "not_built")
    return factory(tile, window)
