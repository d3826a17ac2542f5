"""Fixtures for the back-end service tests: the simulated back ends on 127.0.0.1, clients, the card deck."""

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from kiosk.services.credit import HttpCreditService
from kiosk.services.gas_billing import HttpGasBillingService
from kiosk.services.payment import HttpPaymentGateway
from kiosk.services.property import HttpPropertyService
from kiosk.services.sim_backend import SimBackend, default_records_dir

#: Timeout of the clients in fault tests: short, so a test that waits it out stays fast.
SHORT_TIMEOUT = 0.3
#: Timeout for healthy-path tests: generous, so a loaded machine does not fail them.
NORMAL_TIMEOUT = 5.0


@pytest.fixture(scope="session")
def deck():
    """The virtual ID cards by key."""
    with open(os.path.join(default_records_dir(), "id_cards.yaml"), encoding="utf-8") as f:
        return {c["key"]: c for c in yaml.safe_load(f)["cards"]}


@pytest.fixture
def backend():
    sim = SimBackend().start()
    yield sim
    sim.stop()


@pytest.fixture
def credit(backend):
    client = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="XN-ZWZX-0001")
    yield client
    client.close()


@pytest.fixture
def registry(backend):
    client = HttpPropertyService(backend.service_url("property"), timeout_s=NORMAL_TIMEOUT, terminal_id="XN-ZWZX-0001")
    yield client
    client.close()


@pytest.fixture
def billing(backend):
    client = HttpGasBillingService(backend.service_url("gas_billing"), timeout_s=NORMAL_TIMEOUT,
                                   terminal_id="XN-ZWZX-0001")
    yield client
    client.close()


@pytest.fixture
def gateway(backend):
    client = HttpPaymentGateway(backend.service_url("payment"), timeout_s=NORMAL_TIMEOUT, terminal_id="XN-ZWZX-0001")
    yield client
    client.close_client()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class _Canned(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, ctype, body = self.server.answer
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST


@pytest.fixture
def canned():
    """A real HTTP server on 127.0.0.1 that answers every request with ``server.answer`` (status, type, body).

    For answers the simulated back ends never give (a page of HTML, another person's report…).
    """
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    httpd.daemon_threads = False
    httpd.answer = (200, "application/json", b"{}")
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="canned-http")
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)
