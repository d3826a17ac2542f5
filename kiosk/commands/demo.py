"""`kiosk demo`: play a resident through a service on the real UI (offscreen), a PNG of every screen in order.

It keeps the docs' screenshots current and lets a hall check a new terminal end to end: with simulated
devices it places the deck card given; with real ones it waits for the card on the reader.
"""

from __future__ import annotations

import os
import sys
import time

from kiosk.commands.screen_size import screen_size

DEFAULT_CARDS = {"credit_report": "li_xiuying", "property_lookup": "wang_jianguo", "gas_topup": "ready"}
TILE_FLOWS = ("credit_report", "property_lookup", "gas_topup")
FLOWS = TILE_FLOWS + ("maintenance",)


def register(sub) -> None:
    p = sub.add_parser("demo", help="play a resident through a service, saving a PNG of every screen")
    p.add_argument("--flow", required=True, choices=FLOWS)
    p.add_argument("--pin", default="246810", help="maintenance: the technician PIN (default: the shipped demo PIN)")
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--card", metavar="DECK_ID", help="simulated card to use (default: a resident with records, "
                                                       "or a gas card ready for a top-up)")
    p.add_argument("--amount", default="100",
                   help="gas top-up: the preset amount to choose (default 100), or keypad:N to type N on the keypad")
    p.add_argument("--pull-card", action="store_true",
                   help="gas top-up: pull the card during the write (shows what the customer is told)")
    p.add_argument("--size", type=screen_size, default="1080x1920", help="WIDTHxHEIGHT")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--elder", action="store_true", help="touch the elder-mode switch first (larger text, fewer choices)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNGs")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each step")
    p.add_argument("--time", help="run the kiosk's clock from this time, 'YYYY-MM-DD HH:MM' (e.g. inside a tile's hours)")
    p.set_defaults(func=demo)


class DemoFailed(Exception):
    pass


def demo(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config.loader import default_config_dir
    from ui.runtime import KioskRuntime

    clock = None
    if args.time:
        from datetime import datetime
        from kiosk.clock import ShiftedClock
        clock = ShiftedClock(datetime.strptime(args.time, "%Y-%m-%d %H:%M"))
    rt = KioskRuntime(args.config or default_config_dir(), clock, log_to_file=False)
    if rt.out_of_service:
        for p in rt.problems:
            print(p, file=sys.stderr)
        rt.close()
        return 2
    player = Player(rt, args.size, args.out, args.timeout, elder=args.elder)
    try:
        if args.flow == "maintenance":
            player.play_maintenance(args.pin)
        elif args.flow == "gas_topup":
            player.play_gas(args.card or DEFAULT_CARDS[args.flow], args.lang, args.amount, args.pull_card)
        else:
            player.play(args.flow, args.card or DEFAULT_CARDS[args.flow], args.lang)
    except DemoFailed as exc:
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:  # a card the simulator's deck does not have
        print(f"demo failed: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    finally:
        rt.close()
    done = {"gas_topup": "gas on the card, receipt printed",
            "maintenance": "diagnostics receipt printed"}.get(args.flow, "paper printed")
    print(f"{args.flow}: completed, {done}; {len(player.shots)} screens in {args.out}")
    return 0


class Player:
    """Touches what a resident would touch, and photographs each new screen."""

    def __init__(self, rt, size, out, timeout, elder: bool = False):
        from PySide6.QtWidgets import QApplication
        self.rt, self.out, self.timeout, self.elder = rt, out, timeout, elder
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
        step = runner.flow.step if runner is not None and not runner.closed else None
        overlay = self.window.overlay.isVisible()
        return (screen.name, step, overlay)

    pace = 1.0  # < 1: shorter pauses between touches (a check, not a photo session)

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds * self.pace
        while True:
            self.app.processEvents()
            self.snap()
            if time.monotonic() >= end:
                break
            time.sleep(0.01)

    def snap(self) -> None:
        # events first, then what is on show: an answer handled in these events changes the screen, and a page
        # built in them has its layout requests queued behind it (a photo taken then showed the page before its
        # layout, named after the step before it)
        self.app.processEvents()
        key = self.key()
        if key == self._last or key[1] in ("cleared",):
            return
        self._last = key
        self.app.processEvents()
        name = key[0] if key[1] is None else f"{key[0]}-{key[1]}"
        path = os.path.join(self.out, f"{len(self.shots) + 1:02d}-{name}.png")
        self.window.grab().save(path)
        self.shots.append(path)

    def snap_again(self) -> None:
        """A photo of the same screen after the person changed its language or size."""
        self._last = None
        self.snap()

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
        from ui.driving import shown_button
        btn = shown_button(self.window, name)  # hidden pages (kept, drawn ahead) hold buttons of the same names
        if btn is None:
            raise DemoFailed(f"no '{name}' button on screen {self.key()}")
        QTest.mouseClick(btn, Qt.LeftButton)
        self.pump(0.3)

    # ---------------------------------------------------------------- the visit
    def open_tile(self, flow: str, lang: str, first_step: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        w = self.window
        self.pump(0.3)
        QTest.mouseClick(w.attract, Qt.LeftButton)
        self.pump(0.3)
        if lang != w.ctx.lang:
            QTest.mouseClick(w.header.lang_button, Qt.LeftButton)
            self.pump(0.3)
        if self.elder != w.ctx.elder:
            QTest.mouseClick(w.header.elder_button, Qt.LeftButton)
            self.pump(0.3)
        if lang != "zh" or self.elder:
            self.snap_again()
        tile = next((t for t in w.config.menu.visible_tiles() if t.flow == flow), None)
        if tile is None:
            raise DemoFailed(f"no tile on the home screen starts {flow}")
        while tile.id not in w.home.tiles:  # elder mode: fewer tiles a page
            from ui.driving import shown_button
            nxt = shown_button(w.home, "NextPage")  # the home page of the other size holds one too
            if nxt is None or not nxt.isEnabled():
                raise DemoFailed(f"no tile on the home screen starts {flow}")
            QTest.mouseClick(nxt, Qt.LeftButton)
            self.pump(0.3)
            self.snap_again()
        QTest.mouseClick(w.home.tiles[tile.id], Qt.LeftButton)
        self.wait(lambda: self.step() == first_step, f"the first screen of {flow}")

    def play_maintenance(self, pin: str) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        w = self.window
        self.pump(0.5)
        for _ in range(w.corner_taps.taps):  # the hidden gesture
            target = w.childAt(10, 10) or w
            QTest.mouseClick(target, Qt.LeftButton, pos=target.mapFrom(w, QPoint(10, 10)))
            self.pump(0.05)
        self.wait(lambda: w.current_screen.name == "maintenance_pin", "the PIN keypad")
        for key in list(pin) + ["ok"]:
            self.touch(f"pin.{key}")
        if w.current_screen.name != "maintenance":
            raise DemoFailed("the PIN was not accepted")
        self.wait(lambda: bool(w.maintenance_actions.reports()), "the device checks")
        self.pump(0.5)
        self._last = None
        self.snap()
        printer = self.rt.hardware.printer if self.rt.hardware else None
        before = len(printer.receipts) if printer else 0
        self.touch("maint.diagnostics")
        if printer is not None and printer.wait_for_receipts(before + 1, timeout=10):
            import shutil
            target = os.path.join(self.out, f"{len(self.shots) + 1:02d}-receipt.png")
            shutil.copyfile(printer.receipts[-1][0], target)
            self.shots.append(target)
        self.touch("HomeButton")
        self.wait(lambda: w.current_screen is w.attract, "the attract screen")

    def play_gas(self, card: str, lang: str, amount: str, pull_card: bool = False) -> None:
        rt, w = self.rt, self.window
        self.open_tile("gas_topup", lang, "insert_card")
        self.pump(0.5)
        simulated = rt.hardware is not None and rt.hardware.gas_reader is not None
        if simulated:
            rt.hardware.gas_reader.insert(card)
        self.wait(lambda: self.step() in ("account", "refused", "read_failed", "service_error", "take_card"),
                  "the gas card to be read and the account to arrive")
        self.pump(0.5)
        if self.step() != "account":
            raise DemoFailed(f"the flow stopped at {self.step()}")
        if amount.startswith("keypad:"):
            self.touch("flow.keypad")
            for digit in amount.split(":", 1)[1]:
                self.touch(f"flow.key.{digit}")
            self.pump(0.3)
            self.touch("flow.ok")
        else:
            self.touch(f"flow.amount.{amount}")
        self.touch("flow.pay")
        self.wait(lambda: self.step() in ("pay", "pay_unavailable"), "the payment QR code")
        self.pump(0.5)
        if self.step() != "pay":
            raise DemoFailed("the payment gateway is not available")
        order_no = w.current_screen.runner.flow.order.order_no
        if pull_card and simulated:
            rt.hardware.gas_reader.pull_card_during_next("write", after_bytes=3)
        if rt.backend is not None:
            rt.backend.pay(order_no)  # the customer's phone
        else:
            print(f"pay order {order_no} with the phone now", file=sys.stderr)
        self.wait(lambda: self.step() in ("take_card", "write_failed"), "the payment, the card write and the receipt")
        ended_at = self.step()
        flow = w.current_screen.runner.flow
        self.pump(0.5)
        if ended_at != "take_card" or flow.written is None:
            self.pump(1.0)
            raise DemoFailed(f"the top-up stopped at {ended_at}")
        printer = rt.hardware.printer if rt.hardware else None
        if printer is not None and printer.wait_for_receipts(1, timeout=10):  # written on the simulator's thread
            import shutil
            target = os.path.join(self.out, f"{len(self.shots) + 1:02d}-receipt.png")
            shutil.copyfile(printer.receipts[-1][0], target)
            self.shots.append(target)
        if simulated:
            self.wait(lambda: rt.hardware.gas_reader.card_position == "gate", "the card at the gate")
            rt.hardware.gas_reader.take()
        self.wait(lambda: w.current_screen is w.home, "the card to be taken and the home screen")
        if simulated:  # the customer goes home and puts the card into the meter, ready for the next top-up
            rt.hardware.gas_reader.insert_into_meter(card)
        self.pump(0.3)

    def play(self, flow: str, card: str, lang: str) -> None:
        rt, w = self.rt, self.window
        self.open_tile(flow, lang, "place_card")
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
