"""`kiosk demo`: play a resident through a service on the real UI (offscreen), a PNG of every screen in order.

It keeps the docs' screenshots current and lets a hall check a new terminal end to end: with simulated
devices it places the deck card given; with real ones it waits for the card on the reader.
"""

from __future__ import annotations

import os
import re
import sys
import time

DEFAULT_CARDS = {"credit_report": "li_xiuying", "property_lookup": "wang_jianguo"}
TILE_FLOWS = ("credit_report", "property_lookup")


def register(sub) -> None:
    p = sub.add_parser("demo", help="play a resident through a service, saving a PNG of every screen")
    p.add_argument("--flow", required=True, choices=TILE_FLOWS)
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--card", metavar="DECK_ID", help="simulated ID card to place (default: a resident with records)")
    p.add_argument("--size", default="1080x1920", help="WIDTHxHEIGHT")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNGs")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each step")
    p.set_defaults(func=demo)


class DemoFailed(Exception):
    pass


def demo(args) -> int:
    m = re.fullmatch(r"(\d{3,5})x(\d{3,5})", args.size)
    if not m:
        print(f"--size must look like 1080x1920, not {args.size!r}", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config.loader import default_config_dir
    from ui.runtime import KioskRuntime

    rt = KioskRuntime(args.config or default_config_dir(), log_to_file=False)
    if rt.out_of_service:
        for p in rt.problems:
            print(p, file=sys.stderr)
        rt.close()
        return 2
    player = Player(rt, (int(m[1]), int(m[2])), args.out, args.timeout)
    try:
        player.play(args.flow, args.card or DEFAULT_CARDS[args.flow], args.lang)
    except DemoFailed as exc:
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1
    finally:
        rt.close()
    print(f"{args.flow}: completed, paper printed; {len(player.shots)} screens in {args.out}")
    return 0


class Player:
    """Touches what a resident would touch, and photographs each new screen."""

    def __init__(self, rt, size, out, timeout):
        from PySide6.QtWidgets import QApplication
        self.rt, self.out, self.timeout = rt, out, timeout
        self.app = QApplication.instance()
        self.window = rt.window
        self.window.resize(*size)
        self.window.show()
        os.makedirs(out, exist_ok=True)
        self.shots: list[str] = []
        self._last = None

    # ---------------------------------------------------------------- helpers
    def key(self):
        screen = self.window.current_screen
        runner = getattr(screen, "runner", None)
        step = runner.flow.step if runner is not None and not runner._closed else None
        overlay = self.window.overlay.isVisible()
        return (screen.name, step, overlay)

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            self.snap()
            time.sleep(0.01)

    def snap(self) -> None:
        key = self.key()
        if key == self._last or key[1] in ("cleared",):
            return
        self._last = key
        self.app.processEvents()
        name = key[0] if key[1] is None else f"{key[0]}-{key[1]}"
        path = os.path.join(self.out, f"{len(self.shots) + 1:02d}-{name}.png")
        self.window.grab().save(path)
        self.shots.append(path)

    def wait(self, cond, what: str) -> None:
        end = time.monotonic() + self.timeout
        while not cond():
            if time.monotonic() > end:
                raise DemoFailed(f"timed out waiting for {what} (on screen: {self.key()})")
            self.pump(0.05)

    def step(self):
        runner = getattr(self.window.current_screen, "runner", None)
        return runner.flow.step if runner is not None else None

    def touch(self, name: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QPushButton
        btn = self.window.findChild(QPushButton, name)
        if btn is None:
            raise DemoFailed(f"no '{name}' button on screen {self.key()}")
        QTest.mouseClick(btn, Qt.LeftButton)
        self.pump(0.3)

    # ---------------------------------------------------------------- the visit
    def play(self, flow: str, card: str, lang: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        rt, w = self.rt, self.window
        self.pump(0.3)
        QTest.mouseClick(w.attract, Qt.LeftButton)
        self.pump(0.3)
        if lang != w.ctx.lang:
            QTest.mouseClick(w.header.lang_button, Qt.LeftButton)
            self.pump(0.3)
        tile = next((t for t in w.config.menu.visible_tiles() if t.flow == flow), None)
        if tile is None or tile.id not in w.home.tiles:
            raise DemoFailed(f"no tile on the home screen starts {flow}")
        QTest.mouseClick(w.home.tiles[tile.id], Qt.LeftButton)
        self.wait(lambda: self.step() == "place_card", "the place-card prompt")
        self.pump(0.5)
        simulated = rt.hardware is not None and rt.hardware.id_reader is not None
        if simulated:
            rt.hardware.id_reader.insert_card(card)
        results = ("report", "property_list", "no_property", "refused", "read_failed", "service_error")
        self.wait(lambda: self.step() in results, "the card to be read and the records to arrive")
        self.pump(0.5)
        if self.step() in ("refused", "read_failed", "service_error"):
            raise DemoFailed(f"the flow stopped at {self.step()}")
        if self.step() == "property_list":
            self.touch("flow.detail.0")
            self.touch("flow.back")
        printer = rt.hardware.printer if rt.hardware else None
        printed_before = len(printer.receipts) if printer else 0
        self.touch("flow.print")
        self.wait(lambda: self.step() in ("take_card", "done", "print_failed"), "the paper to be printed")
        self.pump(0.5)
        if self.step() == "print_failed":
            raise DemoFailed("printing failed: " + w.current_screen.runner.flow.screen.error.user_message("en"))
        if printer is not None:
            printer.wait_for_receipts(printed_before + 1, timeout=10)
            png = printer.receipts[-1][0]
            target = os.path.join(self.out, f"{len(self.shots) + 1:02d}-receipt.png")
            import shutil
            shutil.copyfile(png, target)
            self.shots.append(target)
        if simulated:
            rt.hardware.id_reader.remove_card()
        self.wait(lambda: w.current_screen is w.home, "the card to be taken and the home screen")
        self.pump(0.3)
