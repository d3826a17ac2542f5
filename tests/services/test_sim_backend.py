"""The simulated back ends over plain HTTP: routes, request checks, numbering, check codes, fault control."""

import http.client
import json
import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.services.sim_backend import FAULT_MODES, SimBackend, derive_check_code
from kiosk.services.verification import is_check_code

WANG = {"request_id": "r-1", "id_number": "421202196203120038", "name": "王建国", "purpose": "本人查询",
        "terminal_id": "XN-ZWZX-0001"}


def call(sim, method, path, body=None, raw=None):
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    try:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        payload = resp.read()
        return resp.status, resp.getheader("Content-Type"), json.loads(payload) if payload else None
    finally:
        conn.close()


def test_health_of_both_services(backend):
    assert call(backend, "GET", "/credit/v1/health")[2] == {"service": "credit", "status": "ok"}
    assert call(backend, "GET", "/property/v1/health")[2] == {"service": "property", "status": "ok"}


def test_answers_are_json_in_utf8(backend):
    status, ctype, doc = call(backend, "POST", "/credit/v1/reports", WANG)
    assert status == 200 and ctype == "application/json; charset=utf-8"
    assert doc["basic_info"]["name"] == "王建国"


@pytest.mark.parametrize("path", ["/", "/bank/v1/reports", "/credit/v1/nothing", "/credit/v1/queries",
                                  "/property/v1/reports"])
def test_unknown_routes_are_404(backend, path):
    status, _, doc = call(backend, "POST", path, WANG)
    assert status == 404 and doc["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("change", [
    {"id_number": "42120219620312003"},
    {"id_number": "4212021962031200XX"},
    {"name": ""},
    {"request_id": None},
    {"terminal_id": 5},
], ids=["short-id", "bad-id", "no-name", "no-request-id", "terminal-not-text"])
def test_bad_requests_are_400(backend, change):
    status, _, doc = call(backend, "POST", "/property/v1/queries", {**WANG, **change})
    assert status == 400 and doc["error"]["code"] == "BAD_REQUEST"


def test_body_that_is_not_json_is_400(backend):
    assert call(backend, "POST", "/credit/v1/reports", raw=b"id=421202196203120038")[0] == 400
    assert call(backend, "POST", "/credit/v1/reports", raw=b"[1]")[0] == 400


def test_report_numbers_count_up_per_day_in_china_time():
    moment = datetime(2026, 11, 28, 23, 59, tzinfo=timezone(timedelta(hours=8)))
    with SimBackend(clock=lambda: moment) as sim:
        numbers = [call(sim, "POST", "/credit/v1/reports", {**WANG, "request_id": str(i)})[2]["header"]["report_number"]
                   for i in range(3)]
        query = call(sim, "POST", "/property/v1/queries", WANG)[2]["header"]["query_number"]
    assert numbers == ["XN20261128-000001", "XN20261128-000002", "XN20261128-000003"]
    assert query == "CX20261128-000001"


def test_issued_check_codes_verify_and_others_do_not(backend):
    doc = call(backend, "POST", "/credit/v1/reports", WANG)[2]
    number, code = doc["header"]["report_number"], doc["check_code"]
    assert code == backend.check_code(number)
    assert call(backend, "GET", f"/credit/v1/verify?no={number}&code={code}")[2] == {"no": number, "valid": True}
    assert call(backend, "GET", f"/credit/v1/verify?no={number}&code=AAAAAAAA")[2]["valid"] is False
    assert call(backend, "GET", f"/credit/v1/verify?no=XN20990101-000001&code={code}")[2]["valid"] is False


def test_check_codes_depend_on_the_key():
    assert derive_check_code(b"key-a", "XN20261128-000123") != derive_check_code(b"key-b", "XN20261128-000123")
    assert derive_check_code(b"key-a", "XN20261128-000123") == derive_check_code(b"key-a", "XN20261128-000123")


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=32), st.text(min_size=1, max_size=40))
def test_every_check_code_is_eight_unambiguous_characters(key, number):
    code = derive_check_code(key, number)
    assert is_check_code(code)
    assert not set(code) & set("01OI")


def test_fault_control_over_http(backend):
    status, _, state = call(backend, "POST", "/_control/fault", {"service": "credit", "mode": "slow", "delay_s": 2})
    assert status == 200
    assert state["faults"]["credit"] == {"mode": "slow", "delay_s": 2.0, "status": 503, "count": None}
    assert state["faults"]["property"]["mode"] == "ok"
    call(backend, "POST", "/_control/fault", {"service": "all", "mode": "fail", "status": 502, "count": 2})
    assert {f["mode"] for f in backend.state()["faults"].values()} == {"fail"}
    status, _, state = call(backend, "POST", "/_control/reset", {})
    assert {f["mode"] for f in state["faults"].values()} == {"ok"}
    assert call(backend, "GET", "/_control/state")[2]["url"] == backend.url


@pytest.mark.parametrize("body", [
    {"service": "bank", "mode": "fail"},
    {"service": "credit", "mode": "broken"},
    {"service": "credit", "mode": "slow", "delay_s": -1},
    {"service": "credit", "mode": "fail", "status": 200},
    {"service": "credit", "mode": "fail", "count": 0},
    {"service": "credit", "mode": "slow", "delay_s": "soon"},
])
def test_bad_fault_requests_are_400(backend, body):
    status, _, doc = call(backend, "POST", "/_control/fault", body)
    assert status == 400 and doc["error"]["code"] == "BAD_REQUEST"


def test_control_works_while_the_service_is_down(backend):
    backend.set_fault("all", "down")
    assert call(backend, "GET", "/_control/state")[0] == 200


def test_counted_fault_wears_off(backend):
    backend.set_fault("credit", "fail", status=503, count=2)
    assert call(backend, "GET", "/credit/v1/health")[0] == 503
    assert call(backend, "GET", "/credit/v1/health")[0] == 503
    assert call(backend, "GET", "/credit/v1/health")[0] == 200


def test_every_fault_mode_is_accepted(backend):
    for mode in FAULT_MODES:
        backend.set_fault("property", mode)
        assert backend.state()["faults"]["property"]["mode"] == mode


def test_stop_ends_a_slow_answer_in_progress():
    sim = SimBackend().start()
    sim.set_fault("credit", "slow", delay_s=120)
    outcome = {}

    def client():
        try:
            call(sim, "POST", "/credit/v1/reports", WANG)
        except (OSError, http.client.HTTPException) as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=client, name="slow-client")
    thread.start()
    assert sim.wait_for_requests("credit", 1, timeout=5)
    sim.stop()  # must not wait out the 120 s: the no-leaked-threads fixture checks it joined
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert "error" in outcome  # the connection was dropped, not answered


def test_data_files_with_a_bad_unit_number_are_refused(tmp_path):
    import shutil
    from kiosk.services.sim_backend import default_records_dir
    for name in ("credit_records.yaml", "property_records.yaml"):
        shutil.copy(f"{default_records_dir()}/{name}", tmp_path / name)
    path = tmp_path / "property_records.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("421202003005GB00128F00030215", "42120200300"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="unit number"):
        SimBackend(records_dir=str(tmp_path))


def test_report_number_format(backend):
    doc = call(backend, "POST", "/credit/v1/reports", WANG)[2]
    assert re.fullmatch(r"XN\d{8}-\d{6}", doc["header"]["report_number"])
