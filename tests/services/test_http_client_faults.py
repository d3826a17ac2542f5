"""Every way a back end can fail ends in the right ServiceError, within the client's timeout, retried only when safe."""

import threading

import pytest

from kiosk.services.credit import HttpCreditService
from kiosk.services.errors import (ServiceBadResponse, ServiceCancelled, ServiceError, ServiceTimeout,
                                   ServiceUnavailable)
from kiosk.services.http_client import MAX_BODY_BYTES, JsonHttpClient
from kiosk.services.property import HttpPropertyService

from conftest import NORMAL_TIMEOUT, SHORT_TIMEOUT

WANG = ("421202196203120038", "王建国")


def short_credit(url, retries=1):
    return HttpCreditService(url, timeout_s=SHORT_TIMEOUT, terminal_id="T1", retries=retries)


def short_registry(url, retries=1):
    return HttpPropertyService(url, timeout_s=SHORT_TIMEOUT, terminal_id="T1", retries=retries)


# ------------------------------------------------------------------ each fault mode, both services

FAULTS = [
    ("slow", {"delay_s": 30}, ServiceTimeout),
    ("fail", {}, ServiceUnavailable),
    ("fail", {"status": 500}, ServiceUnavailable),
    ("fail", {"status": 429}, ServiceUnavailable),
    ("fail", {"status": 404}, ServiceBadResponse),
    ("down", {}, ServiceUnavailable),
    ("garbage", {}, ServiceBadResponse),
    ("wrong_schema", {}, ServiceBadResponse),
]


@pytest.mark.parametrize("mode,args,error", FAULTS, ids=[f"{m}-{a.get('status', '')}" for m, a, _ in FAULTS])
def test_credit_fault_maps_to_its_error(backend, mode, args, error):
    backend.set_fault("credit", mode, **args)
    with pytest.raises(error) as info:
        short_credit(backend.service_url("credit")).report(*WANG)
    assert info.value.service == "credit"
    assert "信用信息服务" in info.value.user_message("zh") and "credit information service" in info.value.user_message("en")


@pytest.mark.parametrize("mode,args,error", FAULTS, ids=[f"{m}-{a.get('status', '')}" for m, a, _ in FAULTS])
def test_property_fault_maps_to_its_error(backend, mode, args, error):
    backend.set_fault("property", mode, **args)
    with pytest.raises(error) as info:
        short_registry(backend.service_url("property")).records(*WANG)
    assert info.value.service == "property"
    assert "不动产登记" in info.value.user_message("zh") and "real-estate registry" in info.value.user_message("en")


def test_slow_answer_is_a_timeout_long_before_the_answer_would_come(backend):
    # The answer would come after 30 s; getting ServiceTimeout at all proves the 0.3 s deadline fired first.
    backend.set_fault("credit", "slow", delay_s=30)
    with pytest.raises(ServiceTimeout):
        short_credit(backend.service_url("credit")).report(*WANG)
    assert backend.requests_seen("credit") == 1  # a timeout is never retried


def test_slow_answer_within_the_timeout_is_an_answer(backend):
    backend.set_fault("credit", "slow", delay_s=0.05)
    report = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").report(*WANG)
    assert report.commendations


def test_fault_on_one_service_leaves_the_other_working(backend, registry):
    backend.set_fault("credit", "down")
    assert registry.records(*WANG).has_property
    with pytest.raises(ServiceUnavailable):
        short_credit(backend.service_url("credit")).report(*WANG)


def test_refused_connection_is_unavailable(closed_port):
    with pytest.raises(ServiceUnavailable) as info:
        short_credit(f"http://127.0.0.1:{closed_port}/credit").report(*WANG)
    assert "暂时无法连接" in info.value.user_message("zh")
    assert "cannot be reached" in info.value.user_message("en")


def test_stopped_back_end_is_unavailable():
    from kiosk.services.sim_backend import SimBackend
    sim = SimBackend().start()
    url = sim.service_url("property")
    sim.stop()
    with pytest.raises(ServiceUnavailable):
        short_registry(url).records(*WANG)


def test_ok_mode_ends_a_fault(backend, credit):
    backend.set_fault("credit", "fail")
    backend.set_fault("credit", "ok")
    assert credit.report(*WANG).header.report_number


# ------------------------------------------------------------------ retries only where safe

def test_one_failed_answer_is_retried_and_the_retry_answers(backend, credit):
    backend.set_fault("credit", "fail", count=1)
    report = credit.report(*WANG)
    assert report.commendations
    assert backend.requests_seen("credit") == 2


def test_one_reset_connection_is_retried_for_a_deduplicated_request(backend, registry):
    backend.set_fault("property", "down", count=1)
    assert len(registry.records(*WANG).properties) == 3
    assert backend.requests_seen("property") == 2


def test_no_retry_when_retries_are_off(backend):
    backend.set_fault("credit", "fail", count=1)
    client = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1", retries=0)
    with pytest.raises(ServiceUnavailable):
        client.report(*WANG)
    assert backend.requests_seen("credit") == 1


def test_a_plain_post_is_not_repeated_after_a_failure(backend):
    backend.set_fault("credit", "fail", count=1)
    client = JsonHttpClient(backend.service_url("credit"), service="credit", timeout_s=NORMAL_TIMEOUT)
    with pytest.raises(ServiceUnavailable):
        client.post("/v1/reports", {"request_id": "r1", "id_number": WANG[0], "name": WANG[1],
                                    "purpose": "本人查询", "terminal_id": "T1"})
    assert backend.requests_seen("credit") == 1


def test_a_get_is_retried_after_a_failure(backend):
    backend.set_fault("credit", "fail", count=1)
    client = JsonHttpClient(backend.service_url("credit"), service="credit", timeout_s=NORMAL_TIMEOUT)
    assert client.get("/v1/health") == {"service": "credit", "status": "ok"}
    assert backend.requests_seen("credit") == 2


def test_a_persistent_failure_is_tried_at_most_twice(backend):
    backend.set_fault("property", "fail")
    with pytest.raises(ServiceUnavailable):
        HttpPropertyService(backend.service_url("property"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").records(*WANG)
    assert backend.requests_seen("property") == 2


def test_a_repeated_request_id_gets_the_same_report(backend):
    client = JsonHttpClient(backend.service_url("credit"), service="credit", timeout_s=NORMAL_TIMEOUT)
    body = {"request_id": "same", "id_number": WANG[0], "name": WANG[1], "purpose": "本人查询", "terminal_id": "T1"}
    first = client.post("/v1/reports", body)
    again = client.post("/v1/reports", body)
    other = client.post("/v1/reports", {**body, "request_id": "other"})
    assert first == again
    assert other["header"]["report_number"] != first["header"]["report_number"]


# ------------------------------------------------------------------ answers the simulator never gives

@pytest.mark.parametrize("answer", [
    (200, "text/html; charset=utf-8", b"<html><body>502 Bad Gateway</body></html>"),
    (200, None, b"{}"),
    (200, "application/json", b"\xff\xfe not utf-8"),
    (200, "application/json", b"[1, 2, 3]"),
    (200, "application/json", b'{"header": {}}'),
    (302, "text/html", b""),
], ids=["html", "untyped", "not-utf8", "a-list", "empty-header", "redirect"])
def test_unusable_answer_is_a_bad_response(canned, answer):
    canned.answer = answer
    with pytest.raises(ServiceBadResponse):
        short_credit(canned.url).report(*WANG)


def test_oversized_answer_is_a_bad_response(canned):
    canned.answer = (200, "application/json", b'"' + b"x" * (MAX_BODY_BYTES + 10) + b'"')
    with pytest.raises(ServiceBadResponse):
        HttpCreditService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T1").report(*WANG)


def test_back_end_error_text_reaches_the_message(backend):
    backend.set_fault("credit", "fail", status=500)
    with pytest.raises(ServiceUnavailable) as info:
        short_credit(backend.service_url("credit")).report(*WANG)
    assert info.value.status == 500
    assert "SERVICE_FAILURE" in str(info.value)


def test_every_service_error_is_a_kiosk_error():
    from kiosk.errors import KioskError
    for cls in (ServiceUnavailable, ServiceTimeout, ServiceBadResponse, ServiceCancelled):
        assert issubclass(cls, ServiceError) and issubclass(cls, KioskError)
        err = cls("x", service="property")
        assert err.user_message("zh").strip() and err.user_message("en").strip()
        assert err.user_message("zh") != err.user_message("en") and "{" not in err.user_message("en")


def test_not_an_http_url_is_refused_at_construction():
    with pytest.raises(ValueError):
        JsonHttpClient("ftp://127.0.0.1/credit", service="credit", timeout_s=1)


# ------------------------------------------------------------------ abort (the resident pressed cancel)

def _call_in_thread(fn):
    outcome = {}

    def run():
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="service-call")
    thread.start()
    return thread, outcome


def test_abort_ends_a_slow_call_with_cancelled(backend):
    backend.set_fault("credit", "slow", delay_s=60)
    client = HttpCreditService(backend.service_url("credit"), timeout_s=30, terminal_id="T1")
    thread, outcome = _call_in_thread(lambda: client.report(*WANG))
    assert backend.wait_for_requests("credit", 1, timeout=5)
    client.abort()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), ServiceCancelled)
    assert outcome["error"].user_message("en") == "The query was cancelled."


def test_abort_with_nothing_in_flight_does_not_break_the_next_call(backend, credit):
    credit.abort()
    assert credit.report(*WANG).commendations
