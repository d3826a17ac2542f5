"""`kiosk tour`: every screen a resident can meet, the happy paths and the faults, one PNG each.

It plays the services on simulated hardware like `kiosk demo`, then breaks things the way a hall does
(an expired card, a card lifted mid-read, a slow or failing back end, no paper, a locked gas card, the
payment gateway down, a card pulled during the write) so the docs show, and the layout check measures,
the screens nobody photographs by hand. With ``--check`` it reports each screen's layout problems
(clipped text, touch targets under 80 px, text under 24 px) and exits 1 if there are any.
"""

from __future__ import annotations

import os
import sys

from kiosk.commands.demo import DemoFailed, Player
from kiosk.commands.screen_size import screen_size


def register(sub) -> None:
    p = sub.add_parser("tour", help="photograph every screen (happy paths and faults) on simulated hardware")
    p.add_argument("--config", metavar="DIR", help="config folder (its devices must be simulated)")
    p.add_argument("--size", type=screen_size, default="1080x1920", help="WIDTHxHEIGHT")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--elder", action="store_true", help="elder mode (larger text, fewer choices)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNGs")
    p.add_argument("--only", nargs="*", metavar="SCENE", help=f"only these scenes ({', '.join(SCENES)})")
    p.add_argument("--check", action="store_true", help="check every screen's layout; exit 1 on a problem")
    p.add_argument("--check-all", action="store_true",
                   help="check every screen in both orientations, both languages, normal and elder mode")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each step")
    p.add_argument("--fast", action="store_true", help="short pauses between touches (for checks; photos may "
                                                        "then miss a screen that passes quickly)")
    p.set_defaults(func=tour)


def tour(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from datetime import datetime

    from kiosk.clock import ShiftedClock
    from kiosk.config.loader import default_config_dir
    from ui.runtime import KioskRuntime

    scenes = args.only or list(SCENES)
    unknown = [s for s in scenes if s not in SCENES]
    if unknown:
        print(f"unknown scene(s) {', '.join(unknown)}; scenes: {', '.join(SCENES)}", file=sys.stderr)
        return 2
    # inside every tile's opening hours, so no service shows as closed
    rt = KioskRuntime(args.config or default_config_dir(), ShiftedClock(datetime(2026, 11, 28, 10, 0)),
                      log_to_file=False)
    if rt.out_of_service or rt.hardware is None or rt.backend is None:
        for p in rt.problems:
            print(p, file=sys.stderr)
        if not rt.out_of_service:
            print("the tour needs simulated devices and back ends ('port: sim', 'url: sim')", file=sys.stderr)
        rt.close()
        return 2
    guide = Guide(rt, args.size, args.out, args.timeout, elder=args.elder,
                  check="all" if args.check_all else args.check)
    guide.lang = args.lang
    if args.fast:
        guide.pace = 0.2
    failed = []
    try:
        for scene in scenes:
            try:
                guide.scene = scene
                getattr(guide, "scene_" + scene)(args.lang)
            except DemoFailed as exc:
                failed.append(f"{scene}: {exc}")
                print(f"scene {scene} failed: {exc}", file=sys.stderr)
            finally:
                guide.reset()
    finally:
        rt.close()
    for path, problems in guide.problems.items():
        for p in problems:
            print(f"{path}: {p}")
    print(f"{len(guide.shots)} screens in {args.out}; {len(failed)} scene(s) failed; "
          f"{sum(map(len, guide.problems.values()))} layout problem(s)")
    return 1 if failed or ((args.check or args.check_all) and guide.problems) else 0


class Guide(Player):
    """A Player that names each photo after its scene and takes each distinct screen once."""

    def __init__(self, rt, size, out, timeout, *, elder: bool, check: bool):
        super().__init__(rt, size, out, timeout, elder=elder)
        self.scene = ""
        self.seen: set = set()
        self.check = check
        self.problems: dict[str, list[str]] = {}

    lang = "zh"

    def snap(self) -> None:
        w = self.window
        if w.sessions.session is not None and (w.ctx.lang, w.ctx.elder) != (self.lang, self.elder):
            return  # the moment before the person switches language or size: not this variant's photo
        key = self.key()
        if key == self._last or key[1] in ("cleared",):
            return
        self._last = key
        if key in self.seen:
            return
        self.seen.add(key)
        self.app.processEvents()
        name = key[0] if key[1] is None else f"{key[0]}-{key[1]}"
        if key[2]:
            name += "-countdown"
        path = os.path.join(self.out, f"{len(self.shots) + 1:02d}-{self.scene}-{name}.png")
        self.window.grab().save(path)
        self.shots.append(path)
        if self.check:
            self.check_layout(path, overlay=key[2])

    VARIANTS = [(size, lang, elder) for size in ((1080, 1920), (1920, 1080))
                for lang in ("zh", "en") for elder in (False, True)]

    def check_layout(self, path: str, *, overlay: bool) -> None:
        """This screen as it is, or (check="all") in every orientation, language and mode, then as it was."""
        from PySide6.QtCore import QSize
        from ui.layout_check import layout_problems
        w = self.window
        root = w.overlay if overlay else w
        if self.check != "all":
            found = layout_problems(root, scrolling_ok=True)
            if found:
                self.problems[path] = found
            return
        was = (w.size(), w.ctx.lang, w.ctx.elder)
        in_session = w.sessions.session is not None
        for size, lang, elder in self.VARIANTS:
            if not in_session and (lang, elder) != (w.ctx.lang, w.ctx.elder):
                continue  # the attract screen has no session: its language and size are the default
            w.resize(*size)
            w.ctx.lang, w.ctx.elder = lang, elder
            w.render_all()
            self.settle()
            for p in layout_problems(root, scrolling_ok=True):
                self.problems.setdefault(path, []).append(f"{size[0]}x{size[1]} {lang}{' elder' if elder else ''}: {p}")
        w.ctx.lang, w.ctx.elder = was[1], was[2]
        w.resize(was[0] if isinstance(was[0], QSize) else QSize(*was[0]))
        w.render_all()
        self.settle()

    def settle(self) -> None:
        """Let the old widgets go (deleteLater) and the new layout take its size before measuring."""
        from PySide6.QtCore import QCoreApplication, QEvent
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
            self.app.processEvents()

    def snap_again(self) -> None:
        self.snap()

    def reset(self) -> None:
        """Back to the attract screen with every device as it was, whatever the scene left behind."""
        hw, w = self.rt.hardware, self.window
        self.rt.backend.set_fault("all", "ok")
        if hw.printer is not None:
            hw.printer.set_paper(10_000)
        if hw.id_reader is not None:
            hw.id_reader.remove_card()
        if hw.gas_reader is not None and hw.gas_reader.card_in_reader is not None:
            hw.gas_reader.remove()
        if w.sessions.session is not None:
            w.end_session()
        self.wait(lambda: w.current_screen is w.attract, "the attract screen")
        self.pump(0.3)

    def id_card(self, flow: str, lang: str, card: str, until: tuple) -> str:
        self.open_tile(flow, lang, "place_card")
        self.pump(0.3)
        self.rt.hardware.id_reader.insert_card(card)
        self.wait(lambda: self.step() in until, f"one of {', '.join(until)}")
        self.pump(0.5)
        return self.step()

    # ---------------------------------------------------------------- the scenes
    def scene_credit(self, lang: str) -> None:
        self.play("credit_report", "li_xiuying", lang)

    def scene_property(self, lang: str) -> None:
        self.play("property_lookup", "wang_jianguo", lang)

    def scene_no_property(self, lang: str) -> None:
        self.play("property_lookup", "tian_xiaohong", lang)

    def scene_expired_card(self, lang: str) -> None:
        self.id_card("credit_report", lang, "chen_zhiqiang", ("refused",))

    def scene_card_lifted(self, lang: str) -> None:
        self.rt.hardware.id_reader.pull_card_during_read()
        self.id_card("credit_report", lang, "li_xiuying", ("read_failed",))

    def scene_card_left(self, lang: str) -> None:
        """The last resident walked away from their card: the next one is asked to take it away first."""
        w, reader = self.window, self.rt.hardware.id_reader
        self.id_card("credit_report", lang, "li_xiuying", ("report",))
        w.end_session()  # they go; their card stays on the reader
        self.wait(lambda: w.current_screen is w.attract, "the attract screen")
        self.open_tile("credit_report", lang, "card_left")
        self.pump(0.5)
        reader.remove_card()
        self.wait(lambda: self.step() == "place_card", "the prompt for the resident's own card")
        self.pump(0.3)

    def scene_slow_backend(self, lang: str) -> None:
        from kiosk.flows.querying import SLOW_AFTER
        self.rt.backend.set_fault("credit", "slow", delay_s=SLOW_AFTER + 3, count=1)
        self.id_card("credit_report", lang, "li_xiuying", ("querying",))
        self.wait(lambda: self.window.current_screen.runner.flow.screen.message == "query.slow",
                  "the 'taking longer' message")
        self._last = None
        self.seen.discard(self.key())
        self.pump(0.3)

    def scene_backend_down(self, lang: str) -> None:
        self.rt.backend.set_fault("credit", "fail")
        self.id_card("credit_report", lang, "li_xiuying", ("service_error",))

    def scene_no_paper(self, lang: str) -> None:
        step = self.id_card("credit_report", lang, "li_xiuying", ("report",))
        if step != "report":
            raise DemoFailed(f"stopped at {step}")
        self.rt.hardware.printer.set_paper(0)
        self.touch("flow.print")
        self.wait(lambda: self.step() == "print_failed", "the printing failure")
        self.pump(0.5)

    def scene_gas(self, lang: str) -> None:
        self.play_gas("ready", lang, "keypad:88")

    def scene_gas_refused(self, lang: str) -> None:
        self.open_tile("gas_topup", lang, "insert_card")
        self.rt.hardware.gas_reader.insert("waiting")
        self.wait(lambda: self.step() in ("refused", "account"), "the refusal")
        self.pump(0.5)

    def scene_gas_gateway_down(self, lang: str) -> None:
        self.rt.backend.set_fault("payment", "down")
        self.open_tile("gas_topup", lang, "insert_card")
        self.rt.hardware.gas_reader.insert("ready")
        self.wait(lambda: self.step() == "account", "the account")
        self.pump(0.3)
        self.touch("flow.amount.100")
        self.touch("flow.pay")
        self.wait(lambda: self.step() == "pay_unavailable", "the payment failure")
        self.pump(0.5)

    def scene_gas_card_pulled(self, lang: str) -> None:
        try:
            self.play_gas("fresh", lang, "100", pull_card=True)
        except DemoFailed:
            if self.step() != "write_failed":
                raise

    def scene_countdown(self, lang: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        w = self.window
        QTest.mouseClick(w.attract, Qt.LeftButton)
        self.pump(0.3)
        if lang != w.ctx.lang:
            QTest.mouseClick(w.header.lang_button, Qt.LeftButton)
        if self.elder != w.ctx.elder:
            QTest.mouseClick(w.header.elder_button, Qt.LeftButton)
        self.pump(0.3)
        w.overlay.show_seconds(30)
        self.pump(0.3)

    def scene_info(self, lang: str) -> None:
        """The tiles that are not services (opening hours, notices …): one photo each."""
        self.scene_countdown(lang)
        w = self.window
        w.overlay.hide()
        for tile in w.config.menu.visible_tiles():
            if tile.flow in ("credit_report", "property_lookup", "gas_topup"):
                continue
            saved, self.scene = self.scene, f"tile_{tile.id}"
            self.seen.discard(("info", None, False))  # every tile's page is its own photo
            w.open_tile(tile.id)
            self.pump(0.3)
            self.scene = saved
            w.go_home()
            self.pump(0.2)


SCENES = tuple(name[len("scene_"):] for name in vars(Guide) if name.startswith("scene_"))
