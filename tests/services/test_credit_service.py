"""Credit reports for the deck's residents, from the simulated service over HTTP, as records the screens can show."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from kiosk.services.credit import SECTIONS, CreditReport
from kiosk.services.errors import ServiceBadResponse
from kiosk.services.verification import is_check_code

from conftest import NORMAL_TIMEOUT


def report_for(credit, deck, key, purpose="本人查询"):
    card = deck[key]
    return credit.report(card["number"], card["name"], purpose)


def test_header_has_number_time_sources_terminal_and_purpose(credit, deck):
    report = report_for(credit, deck, "wang_jianguo", purpose="贷款审批")
    h = report.header
    assert re.fullmatch(r"XN\d{8}-\d{6}", h.report_number)
    assert h.generated_at.utcoffset().total_seconds() == 8 * 3600
    assert h.valid_until > h.generated_at.date()
    assert h.issuer == "咸宁市公共信用信息中心"
    assert h.terminal_id == "XN-ZWZX-0001" and h.purpose == "贷款审批"
    assert "信用中国（湖北咸宁）" in h.data_sources
    assert is_check_code(report.check_code)


def test_subject_is_masked_and_region_comes_from_the_id_number(credit, deck):
    report = report_for(credit, deck, "ouyang_xiaoming")
    assert report.masked_id == "4212**********1231"
    assert report.masked_name == "欧**明"
    assert report.basic_info.region == "湖北省咸宁市通城县"


def test_commendations_and_commitments_for_a_model_citizen(credit, deck):
    report = report_for(credit, deck, "wang_jianguo")
    assert report.summary() == {"licences": 0, "penalties": 0, "dishonesty": 0, "commendations": 2, "commitments": 1}
    assert report.commendations[0].title.startswith("咸宁市第八届道德模范")
    assert report.commendations[0].granted_on == date(2023, 9, 26)  # newest first
    assert report.commitments[0].accepted_by == "咸宁市咸安区住房和城乡建设局"
    assert report.is_clean


def test_licences_and_a_penalty_for_a_restaurant_owner(credit, deck):
    report = report_for(credit, deck, "li_xiuying")
    assert [lic.authority for lic in report.licences] == ["嘉鱼县卫生健康局", "嘉鱼县市场监督管理局", "嘉鱼县住房和城乡建设局"]
    assert report.licences[1].valid_until == date(2027, 4, 17)
    (penalty,) = report.penalties
    assert penalty.decision_number == "嘉市监处罚〔2026〕56号"
    assert penalty.amount_yuan == Decimal("2000.00")
    assert penalty.penalty_type == "警告、罚款"
    assert penalty.publication_until == date(2027, 7, 10)
    assert not report.is_clean


def test_dishonesty_list_in_force_and_removed(credit, deck):
    report = report_for(credit, deck, "ma_jun")
    in_force, removed = report.dishonesty
    assert in_force.kind == "失信被执行人" and in_force.status == "in_force"
    assert in_force.case_number == "(2024)鄂1281执1876号" and in_force.authority == "湖北省赤壁市人民法院"
    assert removed.status == "removed" and removed.removed_on == date(2023, 1, 16)
    assert not report.is_clean


def test_removed_dishonesty_record_alone_is_clean(credit, deck):
    report = report_for(credit, deck, "hu_guiying")
    assert [d.status for d in report.dishonesty] == ["removed"]
    assert report.is_clean and report.commitments[0].content.startswith("信用修复承诺")


def test_warning_without_money_has_no_amount(credit, deck):
    report = report_for(credit, deck, "jin_meishan")
    assert len(report.penalties) == 4 and len(report.licences) == 3
    warning = next(p for p in report.penalties if p.penalty_type == "警告")
    assert warning.amount_yuan is None


def test_known_resident_with_a_clean_record(credit, deck):
    report = report_for(credit, deck, "tian_xiaohong")
    assert sum(report.summary().values()) == 0 and report.is_clean
    assert report.basic_info.region == "湖北省咸宁市崇阳县"


def test_resident_unknown_to_the_service_gets_a_clean_report(credit, deck):
    report = report_for(credit, deck, "zhang_zihan")
    assert sum(report.summary().values()) == 0
    assert report.masked_name == "张*涵" and report.masked_id == "4212**********0075"
    assert report.basic_info.region == "湖北省咸宁市通山县"
    assert is_check_code(report.check_code)


def test_resident_from_elsewhere_has_no_region(credit):
    report = credit.report("110101199003074512", "张三")
    assert report.basic_info.region is None and report.masked_name == "张*"


def test_every_section_is_listed_in_the_summary(credit, deck):
    assert tuple(report_for(credit, deck, "jin_meishan").summary()) == SECTIONS


def test_verification_url_carries_number_and_check_code(credit, deck):
    report = report_for(credit, deck, "ayiguli")
    url = report.verification_url("https://xy.xianning.gov.cn/verify")
    assert url == f"https://xy.xianning.gov.cn/verify?no={report.header.report_number}&code={report.check_code}"


@pytest.mark.parametrize("key", ["wang_jianguo", "li_xiuying", "ma_jun", "ouyang_xiaoming", "ayiguli", "zhou_hao",
                                 "hu_guiying", "wei_chunyan", "jin_meishan", "tian_xiaohong", "zhang_zihan"])
def test_report_survives_a_json_round_trip(credit, deck, key):
    report = report_for(credit, deck, key)
    doc = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert CreditReport.from_dict(doc) == report
    assert deck[key]["number"] not in json.dumps(doc, ensure_ascii=False)  # only the masked number is kept


def test_records_keep_names_out_of_their_repr(credit, deck):
    report = report_for(credit, deck, "ayiguli")
    assert "阿依古丽" not in repr(report) and deck["ayiguli"]["number"] not in repr(report)


def test_answer_about_another_person_is_refused(canned, backend, deck):
    from kiosk.services.credit import HttpCreditService
    # A real report, but for wang_jianguo, served to a kiosk asking about li_xiuying.
    wang = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").client.post(
        "/v1/reports", {"request_id": "x", "id_number": deck["wang_jianguo"]["number"], "name": "王建国",
                        "purpose": "本人查询", "terminal_id": "T1"})
    canned.answer = (200, "application/json", json.dumps(wang, ensure_ascii=False).encode())
    client = HttpCreditService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T1")
    with pytest.raises(ServiceBadResponse, match=r"4212\*+0038, not for 4212\*+0049"):
        client.report(deck["li_xiuying"]["number"], deck["li_xiuying"]["name"])


@pytest.mark.parametrize("breakage", [
    lambda d: d["header"].pop("report_number"),
    lambda d: d.update(check_code="0000OOOO"),
    lambda d: d["penalties"].append({"decision_number": "x"}),
    lambda d: d["dishonesty"][0].update(status="maybe"),
    lambda d: d["header"].update(generated_at="yesterday"),
    lambda d: d["basic_info"].pop("id_number"),
], ids=["no-number", "bad-check-code", "half-penalty", "unknown-status", "bad-time", "no-subject"])
def test_answer_with_a_broken_schema_is_refused(canned, backend, deck, breakage):
    from kiosk.services.credit import HttpCreditService
    ma = deck["ma_jun"]
    doc = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").client.post(
        "/v1/reports", {"request_id": "y", "id_number": ma["number"], "name": ma["name"],
                        "purpose": "本人查询", "terminal_id": "T1"})
    breakage(doc)
    canned.answer = (200, "application/json", json.dumps(doc, ensure_ascii=False).encode())
    with pytest.raises(ServiceBadResponse) as info:
        HttpCreditService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T1").report(ma["number"], ma["name"])
    assert ma["number"] not in str(info.value) and ma["name"] not in str(info.value)


def test_unknown_extra_fields_are_ignored(canned, backend, deck):
    from kiosk.services.credit import HttpCreditService
    wang = deck["wang_jianguo"]
    doc = HttpCreditService(backend.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").client.post(
        "/v1/reports", {"request_id": "z", "id_number": wang["number"], "name": wang["name"],
                        "purpose": "本人查询", "terminal_id": "T1"})
    doc["header"]["api_version"] = "1.3"
    doc["commendations"][0]["level"] = "市级"
    canned.answer = (200, "application/json", json.dumps(doc, ensure_ascii=False).encode())
    report = HttpCreditService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T1").report(wang["number"], wang["name"])
    assert len(report.commendations) == 2


def test_purpose_codes_become_the_words_in_the_header(credit, registry, deck):
    card = deck["zhou_hao"]
    assert credit.report(card["number"], card["name"]).header.purpose == "本人查询"
    assert credit.report(card["number"], card["name"], purpose="loan").header.purpose == "贷款审批"
    assert registry.records(card["number"], card["name"], purpose="housing").header.purpose == "住房保障申请"
    from kiosk.services.purposes import purpose_in
    assert purpose_in("贷款审批", "en") == "Loan application" and purpose_in("某用途", "en") == "某用途"
    assert purpose_in("贷款审批", "zh") == "贷款审批"


def test_kiosk_clock_without_time_zone_is_china_time(deck):
    from datetime import datetime
    from kiosk.services.credit import HttpCreditService
    from kiosk.services.sim_backend import SimBackend
    with SimBackend(clock=lambda: datetime(2026, 11, 28, 9, 30)) as sim:
        card = deck["wang_jianguo"]
        report = HttpCreditService(sim.service_url("credit"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").report(
            card["number"], card["name"])
    assert report.header.generated_at.isoformat() == "2026-11-28T09:30:00+08:00"
    assert report.header.report_number == "XN20261128-000001"
