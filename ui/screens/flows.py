"""Which screen a tile opens: a registry from flow name to screen factory, filled as services land; and the
services' first pages, drawn ahead while the kiosk is quiet (SpareScreens)."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Qt, QTimer

from ui.screens.info import InfoScreen
from ui.screens.unavailable import UnavailableScreen
from ui.widgets.common import delete_widget_soon


def _id_flow(window, flow_class, document):
    k = window.config.kiosk
    clock = window.ctx.clock

    def build(flow):
        return document(flow.result, terminal_id=k.terminal_id, printed_at=clock.now(), verify_url=k.verify_url)
    return flow_class(terminal_id=k.terminal_id, now=clock.now, audit_key=bytes.fromhex(k.audit_key),
                      document_builder=build)


def _credit_report_flow(window):
    from kiosk.flows.credit_report import CreditReportFlow
    from kiosk.flows.documents import credit_report_receipt
    return _id_flow(window, CreditReportFlow, credit_report_receipt)


def _property_lookup_flow(window):
    from kiosk.flows.documents import property_receipt
    from kiosk.flows.property_lookup import PropertyLookupFlow
    return _id_flow(window, PropertyLookupFlow, property_receipt)


def _gas_topup_flow(window):
    from kiosk.flows.documents import gas_receipt
    from kiosk.flows.gas_topup import GasTopupFlow
    from kiosk.services.gas_billing import max_amount, quote
    k = window.config.kiosk
    clock = window.ctx.clock

    def build(flow):
        return gas_receipt(flow, terminal_id=k.terminal_id, printed_at=clock.now(), einvoice_url=k.einvoice_url)
    return GasTopupFlow(terminal_id=k.terminal_id, now=clock.now, audit_key=bytes.fromhex(k.audit_key),
                        quote=quote, max_amount=max_amount, receipt_builder=build)


_renderers: dict = {}


def _id_renderers() -> dict:
    if "id" not in _renderers:
        from ui.screens.id_steps import ID_RENDERERS
        from ui.screens.result_steps import RESULT_RENDERERS
        _renderers["id"] = {**ID_RENDERERS, **RESULT_RENDERERS}
    return _renderers["id"]


def _gas_renderers() -> dict:
    from ui.screens.gas_steps import GAS_RENDERERS
    return GAS_RENDERERS


#: flow name → (its flow for a window, its steps' layouts, whether its runner keeps the gas journal)
_SERVICES = {
    "credit_report": (_credit_report_flow, _id_renderers, False),
    "property_lookup": (_property_lookup_flow, _id_renderers, False),
    "gas_topup": (_gas_topup_flow, _gas_renderers, True),
}


def _service_screen(name: str, window):
    """The screen of a visit to service ``name``: its flow, a runner wired to the window's devices and
    services, on the spare screen drawn for it ahead if it still fits (see SpareScreens), else a new one."""
    from ui.flow_runner import FlowRunner
    from ui.screens.flow_screen import FlowScreen
    make_flow, renderers, journal = _SERVICES[name]
    session = window.sessions.session
    extra = {"journal": window.journal} if journal else {}
    runner = FlowRunner(make_flow(window), devices=window.devices, services=window.services, audit=window.audit,
                        session_id=session.id if session else None, clock=window.ctx.clock, **extra)
    screen = SpareScreens.of(window).take(name)
    if screen is None:
        return FlowScreen(runner, renderers())
    screen.bind(runner)
    return screen


class SpareScreens(QObject):
    """A screen per service with its first page drawn ahead, while the kiosk is quiet, for the next visit.

    Building and styling a service's first page (the card prompt) was most of the touch that opens it.
    A spare is built QUIET_MS after the last press or change of screen, language or mode (so never under
    a touch), one per pass, as a hidden child of the window's screen stack (adding it to the stack later
    moves and restyles nothing), for the language, mode, size and style sheet of the moment. The visit
    that opens the service takes one and binds its runner; one that no longer fits is deleted and the
    visit builds its screen as before. A spare shows no one's data: it is the service's prompt.
    """

    QUIET_MS = 300     # after the last press or change: the resident is reading, not touching
    NEXT_MS = 30       # between two spares built
    #: Spares kept per service: a resident who backs out and comes straight back (a wrong tile, a second
    #: thought) finds the second one, before the kiosk has been quiet long enough to draw another.
    PER_SERVICE = 2

    _of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, window) -> SpareScreens:
        """The window's spares (made, and set to fill while quiet, by the first visit to a service)."""
        spares = cls._of.get(window)
        if spares is None:
            spares = cls._of[window] = cls(window)
        return spares

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._spares: dict[str, list[tuple]] = {}  # flow name → [(what it fits, its screen)], the oldest first
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fill)
        window.screen_changed.connect(self._later)
        window.header.language_toggled.connect(self._later)
        window.header.elder_toggled.connect(self._later)
        from ui.widgets.drag_scroll import app_input_filter
        app_input_filter().watch_presses(self)
        self._later()

    def pressed(self, _obj, _event) -> None:
        """Any press in the app: the resident is touching, build nothing now."""
        self._timer.start(self.QUIET_MS)

    def _later(self, *_args) -> None:
        self._timer.start(self.QUIET_MS)

    def _fit(self) -> tuple:
        """What a spare drawn now is drawn for."""
        from ui.theme import stylesheet
        w = self.window
        ctx = w.ctx
        return ctx.config, ctx.lang, ctx.elder, w.width(), w.height(), w.stack.currentWidget().geometry().getRect(), \
            stylesheet(ctx.theme)

    def _wanted(self) -> list[str]:
        flows = {t.flow for t in self.window.config.menu.visible_tiles()}
        return [name for name in _SERVICES if name in flows]

    def _fill(self) -> None:
        """Build the first spare missing or no longer fitting; come back for the next."""
        w = self.window
        # only where a service's screen would be: a visible window, a screen with the header (not the attract
        # screen: its stack is taller), no flow running (its own pages come first)
        if not w.isVisible() or not getattr(w.current_screen, "chrome", False) or w.flow_screen is not None:
            return
        fit = self._fit()
        for name in self._wanted():
            spares = self._fitting(name, fit)
            if len(spares) < self.PER_SERVICE:
                spares.append((fit, self._build(name, fit)))
                self._timer.start(self.NEXT_MS)
                return

    def _fitting(self, name: str, fit: tuple) -> list[tuple]:
        """Service ``name``'s spares, those drawn for something else (another language …) deleted first."""
        spares = self._spares.setdefault(name, [])
        for stale in [s for s in spares if s[0] != fit]:
            spares.remove(stale)
            self._delete(stale[1])
        return spares

    def _build(self, name: str, fit: tuple):
        from ui.screens.flow_screen import FlowScreen
        make_flow, renderers, _journal = _SERVICES[name]
        w = self.window
        screen = FlowScreen(None, renderers(), w.stack, name=name)  # hidden: not in the stack's layout yet
        screen.setGeometry(w.stack.currentWidget().geometry())
        screen.setStyleSheet(fit[-1])  # the window's, before its widgets: each is styled once
        flow = make_flow(w)
        flow.start()  # its first screen model; the effects are the visit's runner's to carry out
        screen.prepare(w.ctx, flow.screen)
        flow.clear()
        # shown once where nothing draws it, so its layout is done now, not when the visit shows it
        screen.setUpdatesEnabled(False)
        screen.setAttribute(Qt.WA_DontShowOnScreen, True)
        screen.show()
        screen.hide()
        screen.setAttribute(Qt.WA_DontShowOnScreen, False)
        screen.setUpdatesEnabled(True)
        return screen

    @staticmethod
    def _delete(screen) -> None:
        screen.clear()
        screen.setParent(None)
        delete_widget_soon(screen)

    def ready(self, name: str) -> bool:
        """Whether service ``name`` has all its spares drawn for the window as it is now."""
        fit = self._fit()
        return sum(1 for s in self._spares.get(name, ()) if s[0] == fit) >= self.PER_SERVICE

    def next_for(self, name: str):
        """The spare screen the next visit to service ``name`` would take, or None."""
        fit = self._fit()
        return next((screen for f, screen in self._spares.get(name, ()) if f == fit), None)

    def take(self, name: str):
        """A spare screen of service ``name`` that fits the window as it is now, else None."""
        self._later()  # its successor is built once the resident is quiet again
        spares = self._fitting(name, self._fit())
        return spares.pop(0)[1] if spares else None


#: flow name → factory(tile, window) returning a Screen with a ``home_requested`` signal.
FLOW_SCREENS: dict = {
    "info": lambda tile, window: InfoScreen(tile),
    "credit_report": lambda tile, window: _service_screen("credit_report", window),
    "property_lookup": lambda tile, window: _service_screen("property_lookup", window),
    "gas_topup": lambda tile, window: _service_screen("gas_topup", window),
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
