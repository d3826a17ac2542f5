"""A customer at a kiosk process of its own, for the crash test: `python -m tests.e2e.gas_player CONFIG MODE`.

The devices and back ends run in the test process (they outlive the kiosk, as hardware does); this
process plays the customer through the real UI and reaches the devices through the simulators'
HTTP control API. MODE "topup" pays for ￥100 of gas; MODE "reinsert" puts the card in again after a
restart and lets the kiosk finish whatever it owes. KIOSK_CRASH_AT kills it at a journal state.
"""

import json
import os
import sys
import time
import urllib.request
from datetime import datetime

os.environ["QT_QPA_PLATFORM"] = "offscreen"


def post(url, body=None):
    req = urllib.request.Request(url, data=json.dumps(body or {}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def main(config_dir, mode, control_url, backend_url):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.clock import ShiftedClock
    from ui.driving import run_events, shown_button
    from ui.driving import step as driving_step
    from ui.flow_runner import FlowRunner
    from ui.runtime import KioskRuntime

    FlowRunner.POLL_MS = 100
    rt = KioskRuntime(config_dir, ShiftedClock(datetime(2026, 11, 28, 10, 0)))
    w = rt.window
    w.resize(1080, 1920)
    w.show()

    def pump(seconds):
        run_events(int(seconds * 1000))  # runs the event loop meanwhile

    def step():
        return driving_step(w)

    def wait(cond, what, timeout=30):
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise SystemExit(f"timed out waiting for {what} (at {step()})")
            pump(0.02)

    def touch(name):
        btn = shown_button(w, name)
        if btn is None:
            raise SystemExit(f"no button {name} at {step()}")
        QTest.mouseClick(btn, Qt.LeftButton)
        pump(0.05)

    if mode == "reinsert" and rt.recovery.last is not None:
        rt.recovery.last.result(timeout=30)  # what the start-up recovery settles, before the customer acts
    pump(0.2)
    if mode == "reinsert":
        # the customer pulls the card out of the reader the crashed kiosk left it in, before touching the
        # screen (pulled while the new flow was already reading it, it would end that read as failed)
        post(control_url + "/gas_reader/remove")
    QTest.mouseClick(w.attract, Qt.LeftButton)
    QTest.mouseClick(w.home.tiles["gas"], Qt.LeftButton)
    wait(lambda: step() == "insert_card", "the insert prompt")
    post(control_url + "/gas_reader/insert", {"card": "ready"})  # … and puts it in again
    wait(lambda: step() in ("account", "take_card", "refused", "write_failed"), "the card to be read")
    if mode == "topup":
        touch("flow.amount.100")
        touch("flow.pay")
        wait(lambda: step() == "pay", "the QR code")
        post(backend_url + "/_control/pay", {"order_no": w.current_screen.runner.flow.order.order_no})
        wait(lambda: step() in ("take_card", "write_failed"), "the top-up to finish", timeout=60)
    elif step() == "account":
        touch("flow.home")  # nothing owed: the customer leaves
    wait(lambda: json.loads(urllib.request.urlopen(control_url + "/", timeout=10).read())["gas_reader"]["position"]
         in ("gate", "none"), "the card at the gate")
    post(control_url + "/gas_reader/take")
    wait(lambda: w.current_screen is w.home, "the home screen")
    (rt.recovery.run_now() or rt.recovery.last).result(timeout=30)  # settle what is left before leaving
    rt.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
