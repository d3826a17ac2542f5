"""The simulated back ends (credit, real-estate registry, gas billing, payment): one threaded HTTP server on 127.0.0.1.

Each service answers under its own prefix (``/credit/v1/…``, ``/property/v1/…``, ``/gas_billing/v1/…``,
``/payment/v1/…``). Credit and property answer from ``credit_records.yaml`` and ``property_records.yaml``
(config/sim/), keyed by the ID numbers of the virtual ID card deck; a resident not in the files is
answered like a real back end would: a clean report, no property. Gas billing and the payment gateway
keep a ledger (sim_gas_payment.py) seeded from ``gas_accounts.yaml`` and, given a ``state_dir``, kept
on disk across restarts. Formats: docs/services.md.

The resident's phone is ``pay(order_no)`` (or ``POST /_control/pay``): it pays a QR order.

Faults are real, per service, from Python (``set_fault``) or over HTTP (``POST /_control/fault``):

* ``slow``         – the answer comes after ``delay_s`` seconds;
* ``fail``         – HTTP ``status`` (default 503) with a JSON error;
* ``down``         – the connection is reset (RST) before any answer, as by a dead upstream;
* ``garbage``      – 200 with a body cut off in the middle of the JSON;
* ``wrong_schema`` – 200 with well-formed JSON of another API (``{"code": 0, "msg": "success", …}``);
* ``ok``           – back to normal.

``count`` limits a fault to the next N requests of the service (then ``ok`` again). A refused
connection needs no mode: stop the server, or point the kiosk at a closed port.

The back end is a second implementation, not the client's echo: it builds its JSON from its own
data and derives check codes with its own key (HMAC-SHA256 over the number, 8 characters).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import socket
import struct
import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import yaml

from kiosk.services.sim_gas_payment import GasPaymentLedger, SimRefusal

log = logging.getLogger("kiosk.services.sim")

SERVICES = ("credit", "property", "gas_billing", "payment")
FAULT_MODES = ("ok", "slow", "fail", "down", "garbage", "wrong_schema")
CHINA_TZ = timezone(timedelta(hours=8), "CST")
DEFAULT_KEY = b"xianning-sim-backend-verification-key"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_UNIT_RE = re.compile(r"^\d{12}[GJZ][A-Z]\d{5}[FLQW]\d{8}$")
_IDEMPOTENCY_MEMORY = 512


def default_records_dir() -> str:
    """The repository's config/sim folder (where the virtual ID card deck lives too)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "config", "sim")


def derive_check_code(key: bytes, number: str) -> str:
    """8 characters from HMAC-SHA256(key, number): 40 bits, 5 per character, no 0/O/1/I."""
    bits = int.from_bytes(hmac.new(key, number.encode("utf-8"), hashlib.sha256).digest()[:5], "big")
    return "".join(_ALPHABET[(bits >> (35 - 5 * i)) & 31] for i in range(8))


def _plain(value):
    """YAML values as JSON values: dates to ISO strings, recursively."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _load_yaml(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        # The C loader when present: the tests start a back end per test.
        doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("people", []), list):
        raise ValueError(f"{path}: expected a mapping with a 'people' list")
    return _plain(doc)


class _Fault:
    def __init__(self, mode="ok", delay_s=5.0, status=503, count=None):
        self.mode, self.delay_s, self.status, self.count = mode, float(delay_s), int(status), count

    def as_dict(self) -> dict:
        return {"mode": self.mode, "delay_s": self.delay_s, "status": self.status, "count": self.count}


class SimBackend:
    """The simulated back ends on 127.0.0.1:``port`` (0: any free port); ``url`` is the server's base.

    ``state_dir``: where the gas billing and payment ledger is kept (None: in memory only).
    """

    def __init__(self, records_dir: str | None = None, port: int = 0, *, key: bytes = DEFAULT_KEY, clock=None,
                 state_dir: str | None = None):
        self.records_dir = records_dir or default_records_dir()
        self._credit = _load_yaml(os.path.join(self.records_dir, "credit_records.yaml"))
        self._property = _load_yaml(os.path.join(self.records_dir, "property_records.yaml"))
        self._credit_people = {p["id_number"]: p for p in self._credit.get("people", [])}
        self._property_people = {p["id_number"]: p for p in self._property.get("people", [])}
        self._check_data()
        self._key = key
        self._clock_source = clock or (lambda: datetime.now(CHINA_TZ))
        self.state_dir = state_dir
        self._ledger = GasPaymentLedger(self.records_dir, state_dir, self._clock)
        self._lock = threading.Condition()
        self._faults = {s: _Fault() for s in SERVICES}
        self._seen = {s: 0 for s in SERVICES}
        self._seq: dict[tuple[str, str], int] = {}
        self._answers: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._issued: dict[str, str] = {}  # number -> service
        self._stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.backend = self
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ life

    def start(self) -> "SimBackend":
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="sim-backend", daemon=True)
        self._thread.start()
        log.info("simulated back ends on %s (credit: %d people, property: %d people, gas billing: %d accounts)",
                 self.url, len(self._credit_people), len(self._property_people), self._ledger.account_count())
        return self

    def stop(self) -> None:
        """Stop serving, wake slow answers, join every thread, close the socket."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()  # joins the request threads (block_on_close)

    def __enter__(self) -> "SimBackend":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def service_url(self, service: str) -> str:
        """Base URL of one service, as put in kiosk.yaml (``http://127.0.0.1:PORT/credit``)."""
        return f"{self.url}/{service}"

    # ------------------------------------------------------------------ control (thread-safe)

    def set_fault(self, service: str, mode: str, *, delay_s: float = 5.0, status: int = 503,
                  count: int | None = None) -> None:
        """Break ``service`` (one of SERVICES, or 'all') the way ``mode`` says (see module docstring)."""
        targets = SERVICES if service == "all" else (service,)
        if any(t not in SERVICES for t in targets):
            raise ValueError(f"unknown service '{service}' ({', '.join(SERVICES)}, all)")
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode '{mode}' ({', '.join(FAULT_MODES)})")
        if not 0 <= float(delay_s) <= 600:
            raise ValueError("delay_s must be between 0 and 600")
        if not 400 <= int(status) <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if count is not None and int(count) < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            for t in targets:
                self._faults[t] = _Fault(mode, delay_s, status, None if count is None else int(count))
        log.info("simulated %s back end: fault %s", service, mode)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults = {s: _Fault() for s in SERVICES}

    def state(self) -> dict:
        with self._lock:
            return {"url": self.url, "faults": {s: f.as_dict() for s, f in self._faults.items()},
                    "requests": dict(self._seen)}

    def requests_seen(self, service: str) -> int:
        """How many requests reached ``service`` (faulty or not) since start."""
        with self._lock:
            return self._seen[service]

    def wait_for_requests(self, service: str, n: int, timeout: float) -> bool:
        """Block until ``service`` has seen ``n`` requests; False after ``timeout`` seconds."""
        with self._lock:
            return self._lock.wait_for(lambda: self._seen[service] >= n, timeout)

    # ------------------------------------------------------------------ gas billing and payment (thread-safe)

    def pay(self, order_no: str | None = None) -> dict:
        """The resident's phone pays ``order_no`` (None: the newest unpaid order); the order (wire format).

        An unknown, closed or refunded order raises SimRefusal (a ValueError); paying a paid order
        again changes nothing (the phone says it is paid).
        """
        return self._ledger.pay(order_no)

    def orders(self) -> list[dict]:
        """Every payment order (wire format), oldest first."""
        return self._ledger.orders()

    def purchases(self) -> list[dict]:
        """Every gas purchase billing made (wire format, full card numbers), oldest first."""
        return self._ledger.purchases()

    def gas_account(self, card_number: str) -> dict:
        """The billing account of a card (wire format); SimRefusal if there is none."""
        return self._ledger.account_of(card_number)

    def check_code(self, number: str) -> str:
        return derive_check_code(self._key, number)

    def verify(self, number: str, code: str) -> bool:
        """Whether this back end issued ``number`` and ``code`` is its check code."""
        with self._lock:
            issued = number in self._issued
        return issued and hmac.compare_digest(self.check_code(number), code)

    # ------------------------------------------------------------------ used by the handler

    def _clock(self) -> datetime:
        """Now, with the time zone: a naive clock (the kiosk's) is taken as the hall's local China time."""
        now = self._clock_source()
        return now if now.tzinfo is not None else now.replace(tzinfo=CHINA_TZ)

    def _enter(self, service: str) -> _Fault:
        with self._lock:
            self._seen[service] += 1
            self._lock.notify_all()
            fault = self._faults[service]
            current = _Fault(fault.mode, fault.delay_s, fault.status)
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self._faults[service] = _Fault()
            return current

    def _next_number(self, prefix: str, today: date) -> str:
        with self._lock:
            key = (prefix, today.strftime("%Y%m%d"))
            self._seq[key] = self._seq.get(key, 0) + 1
            number = f"{prefix}{key[1]}-{self._seq[key]:06d}"
            return number

    def _remembered(self, service: str, request_id: str, make) -> dict:
        """The answer to ``request_id``: made once, repeated for a retried request."""
        key = (service, request_id)
        with self._lock:
            if key in self._answers:
                return self._answers[key]
        answer = make()
        with self._lock:
            answer = self._answers.setdefault(key, answer)
            while len(self._answers) > _IDEMPOTENCY_MEMORY:
                self._answers.popitem(last=False)
        return answer

    def _region(self, id_number: str) -> str | None:
        regions = self._credit.get("regions", {})
        return regions.get(id_number[:6]) or regions.get(id_number[:4] + "00")

    def make_credit_report(self, req: dict) -> dict:
        """The credit service's answer to a valid request (wire format)."""
        now = self._clock()
        number = self._next_number(self._credit.get("number_prefix", "XN"), now.date())
        person = self._credit_people.get(req["id_number"], {})

        def entries(section, date_key):
            return sorted((dict(e) for e in person.get(section, [])), key=lambda e: e[date_key], reverse=True)

        report = {
            "header": {
                "report_number": number,
                "generated_at": now.isoformat(timespec="seconds"),
                "valid_until": (now.date() + timedelta(days=int(self._credit.get("report_valid_days", 30)))).isoformat(),
                "issuer": self._credit["issuer"],
                "terminal_id": req["terminal_id"],
                "purpose": req["purpose"],
                "data_sources": list(self._credit.get("data_sources", [])),
            },
            "basic_info": {"name": person.get("name", req["name"]), "id_number": req["id_number"],
                           "region": self._region(req["id_number"])},
            "licences": entries("licences", "decision_date"),
            "penalties": entries("penalties", "decision_date"),
            "dishonesty": entries("dishonesty", "listed_on"),
            "commendations": entries("commendations", "granted_on"),
            "commitments": entries("commitments", "committed_on"),
            "check_code": self.check_code(number),
        }
        with self._lock:
            self._issued[number] = "credit"
        return report

    def make_property_records(self, req: dict) -> dict:
        """The registry's answer to a valid request (wire format)."""
        now = self._clock()
        number = self._next_number(self._property.get("number_prefix", "CX"), now.date())
        person = self._property_people.get(req["id_number"], {})
        answer = {
            "header": {
                "query_number": number,
                "queried_at": now.isoformat(timespec="seconds"),
                "issuer": self._property["issuer"],
                "scope": self._property.get("scope", "咸宁市"),
                "terminal_id": req["terminal_id"],
                "purpose": req["purpose"],
            },
            "subject": {"name": person.get("name", req["name"]), "id_number": req["id_number"]},
            "properties": [dict(p) for p in person.get("properties", [])],
            "check_code": self.check_code(number),
        }
        with self._lock:
            self._issued[number] = "property"
        return answer

    def _check_data(self) -> None:
        """Refuse data files a real back end could never have answered from."""
        for what, people in (("credit", self._credit.get("people", [])), ("property", self._property.get("people", []))):
            for p in people:
                if not _ID_RE.match(str(p.get("id_number", ""))) or not p.get("name"):
                    raise ValueError(f"{what}_records.yaml: an entry needs a valid id_number and a name ({p.get('card')})")
        for p in self._property.get("people", []):
            for prop in p.get("properties", []):
                if not _UNIT_RE.match(str(prop.get("unit_number", ""))):
                    raise ValueError(f"property_records.yaml: {p.get('card')}: bad unit number {prop.get('unit_number')}")


class _Server(ThreadingHTTPServer):
    daemon_threads = False   # request threads are joined on server_close(): nothing outlives stop()
    block_on_close = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout, abort) makes the answer's write fail: expected, not a crash.
        log.debug("simulated back end: a request ended early", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server_version = "xianning-sim-backend/1"
    timeout = 10  # a client that connects and never sends cannot hold a thread for long

    def log_message(self, fmt, *args):  # paths only (never bodies: they hold ID numbers)
        log.debug("%s", fmt % args)

    @property
    def backend(self) -> SimBackend:
        return self.server.backend

    # ------------------------------------------------------------------ replies

    def _send(self, code: int, body: bytes, ctype: str = "application/json; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, doc) -> None:
        self._send(code, json.dumps(doc, ensure_ascii=False).encode("utf-8"))

    def _error(self, code: int, err: str, message: str) -> None:
        self._json(code, {"error": {"code": err, "message": message}})

    def _reset(self) -> None:
        """Drop the connection with an RST, as a dead upstream behind a gateway does."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 64 * 1024:
            raise ValueError("request body too large")
        raw = self.rfile.read(length) if length else b""
        doc = json.loads(raw.decode("utf-8")) if raw else {}
        if not isinstance(doc, dict):
            raise ValueError("the body must be a JSON object")
        return doc

    # ------------------------------------------------------------------ routing

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def _route(self, method: str) -> None:
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["_control"]:
            return self._control(method, parts[1:])
        if not parts or parts[0] not in SERVICES:
            return self._error(404, "NOT_FOUND", f"no service at {url.path}")
        service, rest = parts[0], parts[1:]
        fault = self.backend._enter(service)
        if fault.mode == "slow":
            if self.backend._stopping.wait(fault.delay_s):
                return self._reset()
        elif fault.mode == "down":
            return self._reset()
        elif fault.mode == "fail":
            return self._error(fault.status, "SERVICE_FAILURE", f"simulated {service} back end failure")
        elif fault.mode == "garbage":
            return self._send(200, b'{"header": {"report_number": "XN2026\xe5\x92')
        elif fault.mode == "wrong_schema":
            return self._json(200, {"code": 0, "msg": "success", "data": {"list": [], "total": 0}})
        if service in ("gas_billing", "payment"):
            return self._ledger_call(service, method, rest)
        handlers = {
            ("GET", "v1/health"): self._health,
            ("GET", "v1/verify"): self._verify,
            ("POST", "v1/reports"): self._credit_report if service == "credit" else None,
            ("POST", "v1/queries"): self._property_query if service == "property" else None,
        }
        handler = handlers.get((method, "/".join(rest)))
        if handler is None:
            return self._error(404, "NOT_FOUND", f"{service} has no {method} /{'/'.join(rest)}")
        handler(service, url)

    def _health(self, service, url):
        self._json(200, {"service": service, "status": "ok"})

    def _verify(self, service, url):
        q = parse_qs(url.query)
        number, code = q.get("no", [""])[0], q.get("code", [""])[0]
        self._json(200, {"no": number, "valid": self.backend.verify(number, code)})

    def _request(self):
        """The validated query request, or None after answering 400."""
        try:
            req = self._body()
        except (ValueError, UnicodeDecodeError) as exc:
            self._error(400, "BAD_REQUEST", f"bad JSON: {exc}")
            return None
        problems = []
        if not isinstance(req.get("id_number"), str) or not _ID_RE.match(req["id_number"]):
            problems.append("id_number must be an 18-character resident ID number")
        for key in ("name", "request_id", "terminal_id", "purpose"):
            if not isinstance(req.get(key), str) or not req[key].strip():
                problems.append(f"{key} must be a non-empty string")
        if problems:
            self._error(400, "BAD_REQUEST", "; ".join(problems))
            return None
        return req

    def _credit_report(self, service, url):
        req = self._request()
        if req is not None:
            self._json(200, self.backend._remembered(service, req["request_id"],
                                                     lambda: self.backend.make_credit_report(req)))

    def _property_query(self, service, url):
        req = self._request()
        if req is not None:
            self._json(200, self.backend._remembered(service, req["request_id"],
                                                     lambda: self.backend.make_property_records(req)))

    def _ledger_call(self, service: str, method: str, rest: list[str]) -> None:
        """Gas billing and payment routes (docs/services.md); refusals as 4xx with an error code."""
        ledger = self.backend._ledger
        path = "/".join(rest)
        try:
            if method == "GET" and path == "v1/health":
                return self._json(200, {"service": service, "status": "ok"})
            if method == "POST":
                body = self._body()
                if service == "gas_billing":
                    if path == "v1/accounts/lookup":
                        return self._json(200, ledger.account(body))
                    if path == "v1/purchases":
                        return self._json(200, ledger.create_purchase(body))
                    if path == "v1/purchases/pending":
                        return self._json(200, ledger.pending_purchase(body))
                    if len(rest) == 4 and rest[:2] == ["v1", "purchases"] and rest[3] == "confirm":
                        return self._json(200, ledger.confirm_purchase(rest[2], body))
                else:
                    if path == "v1/orders":
                        return self._json(200, ledger.create_order(body))
                    if len(rest) == 4 and rest[:2] == ["v1", "orders"] and rest[3] == "close":
                        return self._json(200, ledger.close(rest[2]))
                    if len(rest) == 4 and rest[:2] == ["v1", "orders"] and rest[3] == "refund":
                        return self._json(200, ledger.refund(rest[2], body))
            if method == "GET" and service == "payment" and len(rest) == 3 and rest[:2] == ["v1", "orders"]:
                return self._json(200, ledger.query(rest[2]))
        except SimRefusal as exc:
            return self._error(exc.status, exc.code, exc.message)
        except (ValueError, UnicodeDecodeError) as exc:
            return self._error(400, "BAD_REQUEST", f"bad JSON: {exc}")
        self._error(404, "NOT_FOUND", f"{service} has no {method} /{path}")

    def _control(self, method: str, parts: list[str]) -> None:
        if method == "GET" and parts in ([], ["state"]):
            return self._json(200, self.backend.state())
        if method == "GET" and parts == ["orders"]:
            return self._json(200, {"orders": self.backend.orders()})
        if method == "GET" and parts == ["purchases"]:
            return self._json(200, {"purchases": self.backend.purchases()})
        if method == "POST" and parts == ["pay"]:
            try:
                order_no = self._body().get("order_no")
                if order_no is not None and not isinstance(order_no, str):
                    raise ValueError("order_no must be a string")
                return self._json(200, self.backend.pay(order_no))
            except SimRefusal as exc:
                return self._error(exc.status, exc.code, exc.message)
            except (ValueError, UnicodeDecodeError) as exc:
                return self._error(400, "BAD_REQUEST", str(exc))
        if method == "POST" and parts == ["reset"]:
            self.backend.clear_faults()
            return self._json(200, self.backend.state())
        if method == "POST" and parts == ["fault"]:
            try:
                args = self._body()
                self.backend.set_fault(str(args.get("service", "")), str(args.get("mode", "")),
                                       delay_s=float(args.get("delay_s", 5.0)), status=int(args.get("status", 503)),
                                       count=None if args.get("count") is None else int(args["count"]))
            except (ValueError, TypeError, UnicodeDecodeError) as exc:
                return self._error(400, "BAD_REQUEST", str(exc))
            return self._json(200, self.backend.state())
        self._error(404, "NOT_FOUND", "use GET /_control/state, /_control/orders, /_control/purchases, "
                                      "POST /_control/fault, /_control/reset or /_control/pay")


__all__ = ["SimBackend", "SimRefusal", "SERVICES", "FAULT_MODES", "derive_check_code", "default_records_dir"]
