"""Property records for the deck's residents, from the simulated registry over HTTP."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from kiosk.services.errors import ServiceBadResponse
from kiosk.services.property import UNIT_NUMBER_RE, PropertyRecords
from kiosk.services.verification import is_check_code

from conftest import NORMAL_TIMEOUT


def records_for(registry, deck, key):
    card = deck[key]
    return registry.records(card["number"], card["name"])


def test_header_has_query_number_scope_and_check_code(registry, deck):
    rec = records_for(registry, deck, "li_xiuying")
    assert re.fullmatch(r"CX\d{8}-\d{6}", rec.header.query_number)
    assert rec.header.issuer == "咸宁市不动产登记中心" and rec.header.scope.startswith("咸宁市")
    assert rec.header.terminal_id == "XN-ZWZX-0001"
    assert is_check_code(rec.check_code)
    assert rec.verification_url("https://v/x") == f"https://v/x?no={rec.header.query_number}&code={rec.check_code}"


def test_one_flat_held_jointly(registry, deck):
    rec = records_for(registry, deck, "li_xiuying")
    (flat,) = rec.properties
    assert flat.certificate_number == "鄂(2017)嘉鱼县不动产权第0004512号"
    assert len(flat.unit_number) == 28 and UNIT_NUMBER_RE.match(flat.unit_number)
    assert flat.location == "咸宁市嘉鱼县鱼岳镇沿湖大道南段168号阳光花园7栋1单元602室"
    assert flat.sharing == "joint" and flat.sharing_zh == "共同共有"
    assert [h.masked_name for h in flat.holders] == ["李*英", "陈*华"]
    assert [h.id_masked for h in flat.holders] == ["4212**********0049", "4212**********0016"]
    assert flat.right_type == "国有建设用地使用权/房屋所有权" and flat.nature == "出让/市场化商品房"
    assert flat.use == "城镇住宅用地/住宅"
    assert flat.land_area_m2 == Decimal("19.84") and flat.building_area_m2 == Decimal("112.36")
    assert (flat.land_term_from, flat.land_term_to) == (date(2012, 9, 10), date(2082, 9, 9))
    assert not flat.restricted


def test_several_properties_one_mortgaged_one_seized(registry, deck):
    home, shop, off_plan = records_for(registry, deck, "ma_jun").properties
    (mortgage,) = home.mortgages
    assert mortgage.mortgagee == "中国建设银行股份有限公司赤壁支行"
    assert mortgage.amount_yuan == Decimal("420000.00")
    assert mortgage.certificate_number == "鄂(2018)赤壁市不动产证明第0015234号"
    assert (mortgage.term_from, mortgage.term_to) == (date(2018, 9, 20), date(2038, 9, 19))
    assert [s.kind for s in shop.seizures] == ["seizure", "waiting_seizure"]
    assert [s.kind_zh for s in shop.seizures] == ["查封", "轮候查封"]
    assert shop.seizures[0].court == "湖北省赤壁市人民法院" and shop.seizures[0].document_number == "(2024)鄂1281执1876号"
    assert shop.seizures[1].term_from is None
    assert [s.kind for s in off_plan.seizures] == ["pre_seizure"]
    assert off_plan.advance_notices[0].kind == "预购商品房预告登记"
    assert all(p.restricted for p in (home, shop, off_plan))


def test_several_properties_with_a_parking_space_without_land_area(registry, deck):
    props = records_for(registry, deck, "wang_jianguo").properties
    assert len(props) == 3
    assert props[0].certificate_number == "鄂(2019)咸宁市不动产权第0023456号"
    assert props[1].certificate_number == "鄂(2021)咸宁市不动产权第0012345号"
    assert props[1].mortgages[0].kind == "最高额抵押"
    assert props[2].land_area_m2 is None and props[2].use == "城镇住宅用地/车位"


def test_objection_and_a_homestead_without_land_term(registry, deck):
    flat, house = records_for(registry, deck, "hu_guiying").properties
    (objection,) = flat.objections
    assert objection.valid_until == date(2026, 12, 5) and "异议" in objection.matter
    assert flat.restricted
    assert house.right_type == "宅基地使用权/房屋所有权"
    assert house.land_term_from is None and house.land_term_to is None and not house.restricted


def test_ownership_by_shares(registry, deck):
    (flat,) = records_for(registry, deck, "wei_chunyan").properties
    assert flat.sharing == "by_shares" and [h.share for h in flat.holders] == ["50%", "50%"]


def test_advance_notice_for_a_buyer(registry, deck):
    _, shop = records_for(registry, deck, "jin_meishan").properties
    assert shop.advance_notices[0].holder == "咸宁市桂乡源农业发展有限公司" and shop.restricted


@pytest.mark.parametrize("key", ["tian_xiaohong", "ayiguli", "zhou_hao", "zhang_zihan"])
def test_no_property_is_an_answer_for_the_no_property_certificate(registry, deck, key):
    rec = records_for(registry, deck, key)
    assert not rec.has_property and rec.properties == ()
    assert rec.masked_id == deck[key]["number"][:4] + "**********" + deck[key]["number"][-4:]
    assert is_check_code(rec.check_code) and rec.header.query_number.startswith("CX")


def test_stranger_keeps_the_name_they_gave(registry):
    rec = registry.records("420106198501012345", "刘德华")
    assert not rec.has_property and rec.masked_name == "刘*华"


@pytest.mark.parametrize("key", ["wang_jianguo", "li_xiuying", "ma_jun", "hu_guiying", "wei_chunyan", "jin_meishan",
                                 "ouyang_xiaoming", "tian_xiaohong"])
def test_records_survive_a_json_round_trip_with_only_masked_numbers(registry, deck, key):
    rec = records_for(registry, deck, key)
    text = json.dumps(rec.to_dict(), ensure_ascii=False)
    assert PropertyRecords.from_dict(json.loads(text)) == rec
    assert not re.search(r"\d{17}[\dX]", text)  # no full ID number of anyone, holders included


def test_every_unit_number_is_28_characters(registry, deck):
    for key in ("wang_jianguo", "li_xiuying", "ma_jun", "hu_guiying", "wei_chunyan", "jin_meishan", "ouyang_xiaoming"):
        for prop in records_for(registry, deck, key).properties:
            assert len(prop.unit_number) == 28 and prop.unit_number[19] in "FLQW"


def _answer(backend, card):
    from kiosk.services.property import HttpPropertyService
    return HttpPropertyService(backend.service_url("property"), timeout_s=NORMAL_TIMEOUT, terminal_id="T1").client.post(
        "/v1/queries", {"request_id": "q", "id_number": card["number"], "name": card["name"], "purpose": "本人查询",
                        "terminal_id": "T1"})


@pytest.mark.parametrize("breakage", [
    lambda d: d["properties"][0].update(unit_number="421281004002GB00077F0002050"),
    lambda d: d["properties"][0].update(unit_number="421281004002GB00077X00020501"),
    lambda d: d["properties"][0].update(sharing="mostly"),
    lambda d: d["properties"][1]["seizures"][0].update(kind="arrest"),
    lambda d: d["properties"][0]["mortgages"][0].pop("mortgagee"),
    lambda d: d["subject"].update(id_number="421202196203120038"),
    lambda d: d.pop("properties"),
], ids=["short-unit", "bad-unit-kind", "bad-sharing", "bad-seizure", "no-mortgagee", "other-person", "no-list"])
def test_broken_registry_answer_is_refused(canned, backend, deck, breakage):
    from kiosk.services.property import HttpPropertyService
    ma = deck["ma_jun"]
    doc = _answer(backend, ma)
    breakage(doc)
    canned.answer = (200, "application/json", json.dumps(doc, ensure_ascii=False).encode())
    with pytest.raises(ServiceBadResponse) as info:
        HttpPropertyService(canned.url, timeout_s=NORMAL_TIMEOUT, terminal_id="T1").records(ma["number"], ma["name"])
    assert ma["number"] not in str(info.value)
