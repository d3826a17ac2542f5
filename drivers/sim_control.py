"""A small HTTP control API on 127.0.0.1 for the simulated devices: play the resident, break the printer.

    GET  /                      every device's state and the actions it takes
    POST /<device>/<action>     JSON body with the action's arguments, e.g.
         /id_reader/insert {"card": "zhang_wei"}     /id_reader/remove
         /gas_reader/insert {"card": "ready"}        /gas_reader/take     /gas_reader/meter {"card": "ready"}
         /printer/paper {"remaining_mm": 0}          /printer/cover {"open": true}

Answers are JSON; an unknown device or action is 404, bad arguments 400, a simulator refusing 409.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger("kiosk.drivers.sim.control")


def _printer_actions(sim):
    return {
        "paper": lambda remaining_mm: sim.set_paper(float(remaining_mm)),
        "load_paper": lambda length_mm=None: sim.load_paper(length_mm),
        "cover": lambda open: sim.open_cover() if open else sim.close_cover(),
        "cutter": lambda jammed: sim.jam_cutter(True) if jammed else sim.clear_cutter_error(),
        "power": lambda on: sim.power_on() if on else sim.power_off(),
    }


def _id_reader_actions(sim):
    return {
        "insert": lambda card: sim.insert_card(card) and None,
        "remove": lambda: sim.remove_card(),
        "pull_during_read": lambda: sim.pull_card_during_read(),
        "power": lambda on: sim.power_on() if on else sim.power_off(),
        "self_test": lambda ok: sim.fail_self_test(not ok),
        "noise": lambda nbytes=16: sim.inject_noise(int(nbytes)),
    }


def _gas_reader_actions(sim):
    return {
        "insert": lambda card: sim.insert(card),
        "remove": lambda: sim.remove() and None,
        "take": lambda: sim.take() and None,
        "pull": lambda op="write", after_bytes=0: sim.pull_card_during_next(op, int(after_bytes)),
        "jam": lambda jammed=True: sim.jam(bool(jammed)),
        "power": lambda on: sim.set_answering(bool(on)),
        "meter": lambda card=None, used=0: _require(sim.insert_into_meter(card, int(used)), "the meter refused the card"),
    }


def _require(ok, message):
    if not ok:
        raise RuntimeError(message)


ACTIONS = {"printer": _printer_actions, "id_reader": _id_reader_actions, "gas_reader": _gas_reader_actions}


def describe(hardware) -> dict:
    """Each simulated device's state, for the panel, the API and `kiosk sim`."""
    out = {}
    for name, sim in hardware.simulators.items():
        state = sim.state() if hasattr(sim, "state") else {}
        out[name] = {"port": sim.port_url, "actions": sorted(ACTIONS[name](sim)), **state}
    return out


class _Handler(BaseHTTPRequestHandler):
    server_version = "kiosk-sim/1"

    def log_message(self, fmt, *args):  # route to our logger, not stderr
        log.debug("control %s", fmt % args)

    def _reply(self, code: int, body) -> None:
        data = json.dumps(body, ensure_ascii=False, default=str).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path.rstrip("/") in ("", "/state"):
            return self._reply(200, describe(self.server.hardware))
        self._reply(404, {"error": f"no such resource {self.path}"})

    def do_POST(self):
        parts = [p for p in self.path.split("/") if p]
        if len(parts) != 2:
            return self._reply(404, {"error": "use POST /<device>/<action>"})
        device, action = parts
        sim = self.server.hardware.simulators.get(device)
        if sim is None:
            return self._reply(404, {"error": f"no simulated device '{device}'"})
        actions = ACTIONS[device](sim)
        if action not in actions:
            return self._reply(404, {"error": f"'{device}' has no action '{action}'", "actions": sorted(actions)})
        try:
            length = int(self.headers.get("Content-Length") or 0)
            args = json.loads(self.rfile.read(length) or b"{}") if length else {}
            if not isinstance(args, dict):
                raise ValueError("the body must be a JSON object")
        except ValueError as exc:
            return self._reply(400, {"error": f"bad JSON: {exc}"})
        try:
            actions[action](**args)
        except TypeError as exc:
            return self._reply(400, {"error": f"bad arguments for {action}: {exc}"})
        except (KeyError, ValueError, RuntimeError) as exc:
            return self._reply(409, {"error": str(exc)})
        log.info("simulator control: %s %s", device, action)
        self._reply(200, describe(self.server.hardware).get(device, {}))


class ControlServer:
    """Serves the control API for ``hardware`` on 127.0.0.1:``port`` (0 picks a free port) in a thread."""

    def __init__(self, hardware, port: int = 0):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.hardware = hardware
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sim-control", daemon=True)

    def start(self) -> "ControlServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
