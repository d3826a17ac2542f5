"""The credit report flow as a plain state machine: every path, failures included, without a screen."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from drivers.idcard.errors import CardExpired, CardReadFailed
from drivers.idcard.identity import Identity
from kiosk.errors import DeviceError, ServiceError
from kiosk.flows import base as fb
from kiosk.flows.credit_report import CreditReportFlow
from kiosk.flows.property_lookup import PropertyLookupFlow

IDENTITY = Identity(name="李秀英", sex="2", nation_code="01", birth_date=date(1978, 11, 5),
                    address="湖北省咸宁市嘉鱼县鱼岳镇沿湖大道南段168号", id_number="421221197811050049",
                    authority="嘉鱼县公安局", valid_from=date(2019, 4, 10), valid_to=date(2039, 4, 10))
REPORT = SimpleNamespace(header=SimpleNamespace(report_number="XN20261128-000123"))


def make(cls=CreditReportFlow):
    printed = []
    flow = cls(terminal_id="T-1", now=lambda: datetime(2026, 11, 28, 10), audit_key=b"k" * 16,
               document_builder=lambda f: printed.append(f.result) or "RECEIPT")
    return flow, printed


def kinds(effects):
    return [type(e).__name__ for e in effects]


def audits(effects):
    return [e.kind for e in effects if isinstance(e, fb.Audit)]


def identify(flow):
    flow.start()
    flow.handle(fb.CardPlaced())
    return flow.handle(fb.CardRead(IDENTITY))


def test_start_asks_for_the_card_and_watches_the_reader():
    flow, _ = make()
    effects = flow.start()
    assert kinds(effects) == ["WatchIdCard", "Audit"]
    assert flow.step == "place_card" and flow.screen.timeout_s


def test_a_read_card_is_audited_by_keyed_hash_and_queried():
    flow, _ = make()
    effects = identify(flow)
    assert kinds(effects) == ["Audit", "CallService"]
    audit = effects[0]
    assert audit.kind == "identified" and len(audit.detail["id_hash"]) == 32
    assert IDENTITY.id_number not in repr(effects) and "李秀英" not in repr(effects)
    assert effects[1].args["id_number"] == IDENTITY.id_number
    assert flow.step == "querying" and flow.screen.busy
    assert flow.screen.fields["name"] == "李*英" and flow.screen.fields["id_number"] == "4212**********0049"


def test_the_report_is_shown_then_printed_then_the_card_asked_back():
    flow, printed = make()
    identify(flow)
    effects = flow.handle(fb.ServiceAnswered("credit.report", REPORT))
    assert audits(effects) == ["queried", "viewed"] and flow.step == "report"
    effects = flow.handle(fb.Touched("print"))
    assert flow.step == "printing" and kinds(effects)[-1] == "Print" and printed == [REPORT]
    effects = flow.handle(fb.Printed(7))
    assert audits(effects) == ["printed"] and flow.step == "take_card"
    assert flow.screen.fields["printed"]
    effects = flow.handle(fb.CardRemoved())
    assert kinds(effects)[-1] == "Finish" and effects[-1].reason == "finished"
    assert flow.identity is None and flow.result is None


def test_a_slow_back_end_offers_cancel_after_three_seconds():
    flow, _ = make()
    identify(flow)
    assert flow.screen.timeout_s == 3
    flow.handle(fb.TimedOut("querying"))
    assert [b.id for b in flow.screen.buttons] == ["cancel"] and flow.screen.busy
    effects = flow.handle(fb.Touched("cancel"))
    assert "query_cancelled" in audits(effects) and flow.step == "take_card"


def test_a_failing_back_end_says_so_and_can_be_retried():
    flow, _ = make()
    identify(flow)
    error = ServiceError("down")
    effects = flow.handle(fb.ServiceFailed("credit.report", error))
    assert flow.step == "service_error" and flow.screen.error is error
    assert audits(effects) == ["service_failed"]
    effects = flow.handle(fb.Touched("retry"))
    assert flow.step == "querying" and kinds(effects) == ["CallService"]


def test_a_failed_print_keeps_the_job_and_prints_it_again():
    flow, _ = make()
    identify(flow)
    flow.handle(fb.ServiceAnswered("credit.report", REPORT))
    flow.handle(fb.Touched("print"))
    effects = flow.handle(fb.PrintFailed(9, DeviceError("paper out")))
    assert flow.step == "print_failed" and audits(effects) == ["print_failed"]
    effects = flow.handle(fb.Touched("reprint"))
    assert kinds(effects) == ["Audit", "Reprint"] and effects[1].job_id == 9
    flow.handle(fb.Printed(9))
    assert flow.step == "take_card"


def test_a_refused_card_says_why_and_the_flow_ends_when_it_is_taken():
    flow, _ = make()
    flow.start()
    flow.handle(fb.CardPlaced())
    effects = flow.handle(fb.CardFailed(CardExpired("expired")))
    assert flow.step == "refused" and audits(effects) == ["identify_refused"]
    assert "过有效期" in flow.screen.error.user_message("zh")
    effects = flow.handle(fb.Touched("home"))
    assert flow.step == "take_card"
    assert kinds(flow.handle(fb.CardRemoved()))[-1] == "Finish"


def test_a_card_pulled_mid_read_asks_to_place_it_again():
    flow, _ = make()
    flow.start()
    flow.handle(fb.CardPlaced())
    flow.handle(fb.CardFailed(CardReadFailed("pulled")))
    assert flow.step == "read_failed"
    flow.handle(fb.CardRemoved())
    flow.handle(fb.CardPlaced())
    flow.handle(fb.CardRead(IDENTITY))
    assert flow.step == "querying"


def test_a_card_left_on_the_reader_raises_the_alert_then_gives_up():
    flow, _ = make()
    identify(flow)
    flow.handle(fb.Touched("home"))
    assert flow.step == "take_card"
    flow.handle(fb.TimedOut("take_card"))
    assert flow.screen.fields["alert"] and flow.screen.message == "id.take.alert"
    effects = flow.handle(fb.TimedOut("take_card"))
    assert "card_left_on_reader" in audits(effects) and kinds(effects)[-1] == "Finish"


def test_home_without_a_card_finishes_at_once():
    flow, _ = make()
    flow.start()
    effects = flow.handle(fb.Touched("home"))
    assert kinds(effects) == ["StopIdCard", "Audit", "Finish"] and effects[-1].reason == "cancelled"


def test_no_card_within_the_timeout_returns_home():
    flow, _ = make()
    flow.start()
    effects = flow.handle(fb.TimedOut("place_card"))
    assert effects[-1] == fb.Finish("no_card")


def test_a_stale_timeout_is_ignored():
    flow, _ = make()
    identify(flow)
    assert flow.handle(fb.TimedOut("place_card")) == []
    assert flow.step == "querying"


@pytest.mark.parametrize("props,step,kind", [([], "no_property", "no_property_certificate"),
                                             (["flat"], "property_list", "property_proof")])
def test_property_flow_shows_records_or_offers_the_no_property_certificate(props, step, kind):
    flow, printed = make(PropertyLookupFlow)
    identify(flow)
    records = SimpleNamespace(header=SimpleNamespace(query_number="BDC-1"), properties=props)
    flow.handle(fb.ServiceAnswered("property.records", records))
    assert flow.step == step
    effects = flow.handle(fb.Touched("print"))
    assert effects[-1].kind == kind and printed == [records]


def test_property_detail_and_back():
    flow, _ = make(PropertyLookupFlow)
    identify(flow)
    flow.handle(fb.ServiceAnswered("property.records", SimpleNamespace(header=SimpleNamespace(query_number="Q"), properties=["a", "b"])))
    flow.handle(fb.Touched("detail", 1))
    assert flow.step == "property_detail" and flow.screen.fields["index"] == 1
    flow.handle(fb.Touched("back"))
    assert flow.step == "property_list"
