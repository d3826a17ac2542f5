"""The kiosk window: header, a stack of screens, footer, the idle countdown, and the session's life."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.config.loader import load_menu
from kiosk.errors import ConfigError
from kiosk.memory import release_free_memory
from kiosk.session import EndReason, SessionManager
from ui.config_watcher import ConfigWatcher
from ui.context import UiContext
from ui.screens.attract import AttractScreen
from ui.screens.home import HomeScreen
from ui.theme import WINDOW_STYLE, stylesheet
from ui.widgets.common import delete_widget_soon
from ui.widgets.drag_scroll import app_input_filter
from ui.widgets.footer import Footer
from ui.widgets.header import Header
from ui.widgets.idle_overlay import IdleOverlay

log = logging.getLogger("kiosk.ui")


class _TouchFilter(QObject):
    """Told of every press anywhere in the app (by the app's one input filter, ui.widgets.drag_scroll):
    each one keeps the session alive."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def pressed(self, obj, event) -> None:
        """A mouse press or a touch begin on ``obj``."""
        self.window.sessions.touch()
        if event.type() == QEvent.MouseButtonPress and obj.isWidgetType() and obj.window() is self.window:
            pos = self.window.mapFromGlobal(event.globalPosition().toPoint())
            self.window.on_press(pos.x(), pos.y())


class KioskWindow(QWidget):
    screen_changed = Signal(str)
    session_started = Signal(str)
    session_ended = Signal(str, str)   # session id, reason
    menu_applied = Signal()
    menu_refused = Signal(list)        # problems as strings

    def __init__(self, config, clock, audit=None, *, devices=None, services=None, journal=None, tick_ms: int = 500,
                 watch_config: bool = True, parent=None):
        super().__init__(parent)
        self.devices = devices      # ui.devices.KioskDevices, or None (previews, shell tests)
        self.services = services    # kiosk.services.Services, or None
        self.journal = journal      # kiosk.gas.journal.Journal, or None
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet(WINDOW_STYLE)  # the rest of the theme is held by each part (see _restyle)
        self._css = ""
        self.audit = audit
        k = config.kiosk
        self.ctx = UiContext(config=config, clock=clock, lang=k.default_language)
        self.sessions = SessionManager(clock, idle_seconds=k.timeouts.idle_seconds,
                                       countdown_seconds=k.timeouts.countdown_seconds,
                                       elder_factor=k.timeouts.elder_factor, default_language=k.default_language)
        self.sessions.on_started.append(self._on_session_started)
        self.sessions.on_countdown.append(self._on_countdown)
        self.sessions.on_resumed.append(self._on_resumed)
        self.sessions.on_ended.append(self._on_session_ended)
        self.pending_menu = None
        self.maintenance_actions = None  # set by the runtime: what maintenance mode can do
        from kiosk.maintenance import CornerTaps, PinGate
        m = k.maintenance
        self.corner_taps = CornerTaps(clock, corner=m.corner, taps=m.taps, within_seconds=m.within_seconds)
        self.pin_gate = PinGate(k.technician_pin_hash, clock, max_tries=m.max_pin_tries,
                                lockout_minutes=m.lockout_minutes, audit=audit)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.header = Header()
        self.stack = QStackedWidget()
        self.footer = Footer()
        lay.addWidget(self.header)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.footer)
        self.attract = AttractScreen()
        self.home = HomeScreen()
        self.flow_screen = None
        self._kept_screens: dict = {}  # tile id → a screen kept hidden for the next visit (information pages)
        self.stack.addWidget(self.attract)
        self.stack.addWidget(self.home)
        self.overlay = IdleOverlay(self)

        self.attract.touched.connect(self.start_session)
        self.home.tile_chosen.connect(self.open_tile)
        self.home.exit_requested.connect(lambda: self.sessions.end(EndReason.FINISHED))
        self.header.language_toggled.connect(self.toggle_language)
        self.header.elder_toggled.connect(self.toggle_elder)
        self.overlay.continue_requested.connect(self.sessions.touch)
        self.overlay.exit_requested.connect(lambda: self.sessions.end(EndReason.CANCELLED))

        self.watcher = None
        if watch_config:
            # before the touch filter: Qt's private file-watch objects passing through a Python event
            # filter make PySide build every enum of Qt at once (about 50 ms before the first paint)
            self.watcher = ConfigWatcher(config.directory, parent=self)
            self.watcher.changed.connect(self.reload_menu)
        self._touch_filter = _TouchFilter(self)
        app_input_filter().watch_presses(self._touch_filter)
        self.ticker = QTimer(self)
        self.ticker.setInterval(tick_ms)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        from ui.voice import attach_voice
        self.voice = attach_voice(self)  # spoken prompts (kiosk.yaml voice:), off by default
        self.render_all()
        self.show_screen(self.attract)

    def attach(self, audit, *, devices=None, services=None, journal=None) -> None:
        """What the runtime opens after the first paint: the audit trail, devices, back ends, journal."""
        self.audit = audit
        self.pin_gate.audit = audit
        self.devices, self.services, self.journal = devices, services, journal
        session = self.sessions.session if self.sessions.active else None
        if audit and session is not None:  # a session started before the audit trail was open
            audit.session_started(session.id, session.language, session.elder_mode)

    # ---------------------------------------------------------------- rendering
    @property
    def config(self):
        return self.ctx.config

    def render_all(self) -> None:
        self._css = stylesheet(self.ctx.theme)
        # the parts on show take a new theme now; a hidden screen (the attract screen) when it is shown
        for part in (self.header, self.footer, self.stack.currentWidget()):
            self._restyle(part)
        self.header.render(self.ctx)
        self.footer.render(self.ctx)
        # the attract screen belongs to no session: always the default language and normal size
        self.attract.render(UiContext(config=self.config, clock=self.ctx.clock, lang=self.config.kiosk.default_language))
        self.home.render(self.ctx)
        if self.flow_screen is not None:
            self.flow_screen.render(self.ctx)
        self.overlay.render(self.ctx)
        if self.overlay.isVisible():
            self.overlay.show_seconds(self.sessions.seconds_left())

    def _restyle(self, part) -> None:
        """Give ``part`` (header, footer, a screen, the countdown) the window's theme, if it has another.

        Each part holds the style sheet itself, not the window: a switch of size then restyles only what is
        on show (restyling a widget costs whether it is seen or not), and a hidden part is restyled when
        shown, if the theme changed meanwhile (the attract screen is only shown in the standard size). The
        home screen (a page kept per size) and the countdown (styled when it shows) style themselves."""
        if not getattr(part, "styles_itself", False) and part.styleSheet() != self._css:
            part.setStyleSheet(self._css)

    def show_screen(self, screen) -> None:
        self._restyle(screen)
        self.stack.setCurrentWidget(screen)
        self.header.setVisible(screen.chrome)
        self.footer.setVisible(True)
        log.debug("screen %s", screen.name)
        self.screen_changed.emit(screen.name)

    @property
    def current_screen(self):
        return self.stack.currentWidget()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())

    # ---------------------------------------------------------------- session
    def start_session(self) -> None:
        self.sessions.start()

    def _on_session_started(self, session) -> None:
        if self.audit:
            self.audit.session_started(session.id, session.language, session.elder_mode)
        self.home.render(self.ctx)  # opening hours are judged at the moment the session starts
        self.show_screen(self.home)
        self.session_started.emit(session.id)

    def _on_countdown(self, seconds_left: int) -> None:
        self.overlay.show_seconds(seconds_left)

    def _on_resumed(self) -> None:
        self.overlay.hide()

    def _on_session_ended(self, session, reason) -> None:
        if self.audit:
            self.audit.session_ended(session.id, reason.value, session.language, session.elder_mode)
        self.overlay.hide()
        self._drop_flow_screen()
        self.ctx.lang = self.config.kiosk.default_language
        self.ctx.elder = False
        self.home.page = 0
        if self.pending_menu is not None:
            self._apply_menu(self.pending_menu)
        self.render_all()
        self.show_screen(self.attract)
        self.session_ended.emit(session.id, reason.value)
        # once the last screen's widgets are deleted (posted events go first): the freed heap back to the system
        QTimer.singleShot(0, release_free_memory)

    def end_session(self, reason: EndReason = EndReason.FINISHED) -> None:
        self.sessions.end(reason)

    def tick(self) -> None:
        self.sessions.tick()
        flow_tick = getattr(self.flow_screen, "tick", None)
        if flow_tick is not None:
            flow_tick()
        now = self.ctx.clock.now()
        self.header.update_clock(now)
        self.attract.update_clock(now)

    # ---------------------------------------------------------------- navigation
    def open_tile(self, tile_id: str) -> None:
        if not self.sessions.active:
            return
        tile = self.config.menu.tile(tile_id)
        is_open = tile.is_open(self.ctx.clock.now())
        if self.audit:
            self.audit.event("tile_chosen", session_id=self.sessions.session.id, tile=tile.id, flow=tile.flow,
                             open=is_open)
        self._drop_flow_screen()
        kept = self._kept_screens.get(tile.id)
        if kept is not None and kept.tile is tile and is_open and self.ctx.tile_state(tile)[0] is None:
            screen = kept
            if screen.styleSheet() != self._css:
                screen.drop_page()  # of the other size: built again below, not restyled first
        else:
            if kept is not None:
                self._forget_kept(tile.id)
            from ui.screens.flows import screen_for_tile  # the flows' modules load after the first paint
            screen = screen_for_tile(tile, self, is_open)
            screen.home_requested.connect(self.go_home)
            if getattr(screen, "reusable", False):
                self._kept_screens[tile.id] = screen
            self.stack.addWidget(screen)
        self.flow_screen = screen
        self._restyle(screen)  # before its page is built: each widget is then styled once
        screen.render(self.ctx)
        self.show_screen(screen)

    def go_home(self) -> None:
        self._drop_flow_screen()
        self.home.render(self.ctx)
        self.show_screen(self.home)

    def _drop_flow_screen(self) -> None:
        screen, self.flow_screen = self.flow_screen, None
        if screen is not None:
            if self.stack.currentWidget() is screen:
                self.stack.setCurrentWidget(self.home)
            if any(screen is kept for kept in self._kept_screens.values()):
                return  # an information page, kept (hidden) for the next visit
            self._delete_screen(screen)

    def _forget_kept(self, tile_id: str) -> None:
        screen = self._kept_screens.pop(tile_id)
        if screen is self.flow_screen:
            self.flow_screen = None
        if self.stack.currentWidget() is screen:
            self.stack.setCurrentWidget(self.home)
        self._delete_screen(screen)

    def _delete_screen(self, screen) -> None:
        self.stack.removeWidget(screen)
        screen.clear()
        screen.setParent(None)
        delete_widget_soon(screen)

    def toggle_language(self) -> None:
        self.ctx.lang = "en" if self.ctx.lang == "zh" else "zh"
        if self.sessions.session:
            self.sessions.session.language = self.ctx.lang
        self._drop_pages()
        self.render_all()

    def toggle_elder(self) -> None:
        self.ctx.elder = not self.ctx.elder
        if self.sessions.session:
            self.sessions.session.elder_mode = self.ctx.elder
        self._drop_pages()
        self.render_all()

    def _drop_pages(self) -> None:
        """The pages a switch of language or size rebuilds, deleted first (the touch was on the header,
        not on them): else the new style sheet restyles every old widget just before it goes."""
        for screen in (self.home, self.flow_screen):
            if screen is not None:
                screen.drop_page()

    # ---------------------------------------------------------------- maintenance mode
    def on_press(self, x: int, y: int) -> None:
        if self.corner_taps.touch(x, y, self.width(), self.height()):
            self.open_maintenance()

    def open_maintenance(self) -> None:
        """The hidden gesture was made: ask for the PIN (the resident's session, if any, ends first)."""
        if self.maintenance_actions is None:
            return
        from ui.screens.maintenance import MaintenancePinScreen
        if self.sessions.active:
            self.sessions.end(EndReason.CANCELLED)
        self.sessions.start()
        self._show_special(MaintenancePinScreen(self.pin_gate))
        self.flow_screen.entered.connect(self._enter_maintenance)

    def _enter_maintenance(self) -> None:
        from ui.screens.maintenance import MaintenanceScreen
        self._show_special(MaintenanceScreen(self.maintenance_actions))
        self.flow_screen.guide_requested.connect(self._open_guide)

    def _open_guide(self, device: str) -> None:
        from ui.screens.maintenance_guide import MaintenanceGuideScreen
        self._show_special(MaintenanceGuideScreen(device, self.maintenance_actions))
        self.flow_screen.done.connect(self._enter_maintenance)

    def _show_special(self, screen) -> None:
        self._drop_flow_screen()
        screen.home_requested.connect(lambda: self.sessions.end(EndReason.FINISHED))
        self.flow_screen = screen
        self._restyle(screen)
        self.stack.addWidget(screen)
        screen.render(self.ctx)
        self.show_screen(screen)

    # ---------------------------------------------------------------- devices
    def on_devices_checked(self, reports: dict) -> None:
        """The device watcher's latest reports: tiles follow them (never under a resident's finger)."""
        changed = {n: r.state for n, r in reports.items()} != \
            {n: r.state for n, r in (self.ctx.device_health or {}).items()}
        self.ctx.device_health = dict(reports)
        if changed and not self.sessions.active:
            self.home.render(self.ctx)
        if getattr(self.flow_screen, "name", None) == "maintenance":
            self.flow_screen.render(self.ctx)  # live device states for the technician

    # ---------------------------------------------------------------- live config
    def reload_menu(self) -> None:
        """menu.yaml changed on disk: refuse it if broken, else apply it now or when the session ends."""
        try:
            menu = load_menu(self.config.directory)
        except ConfigError as exc:
            problems = [str(p) for p in exc.problems]
            for p in problems:
                log.error("menu.yaml refused, keeping the last good menu: %s", p)
            if self.audit:
                self.audit.event("config_refused", file="menu.yaml", problems=problems)
            self.menu_refused.emit(problems)
            return
        if self.sessions.active:
            log.info("menu.yaml changed; applying it when the current session ends")
            self.pending_menu = menu
            return
        self._apply_menu(menu)
        self.render_all()

    def _apply_menu(self, menu) -> None:
        self.pending_menu = None
        for tile_id in list(self._kept_screens):  # pages of the old menu's tiles
            self._forget_kept(tile_id)
        self.ctx.config = self.config.model_copy(update={"menu": menu})
        log.info("menu.yaml applied: %d tiles shown", len(menu.visible_tiles()))
        if self.audit:
            self.audit.event("config_reloaded", file="menu.yaml", tiles=len(menu.visible_tiles()))
        self.menu_applied.emit()

    # ---------------------------------------------------------------- shutdown
    def shutdown(self) -> None:
        self.ticker.stop()
        app_input_filter().unwatch_presses(self._touch_filter)
        self.sessions.end(EndReason.SHUTDOWN)
        self.voice.close()
