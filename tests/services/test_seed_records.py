"""The simulated back ends' data files match the virtual ID card deck and cover every kind of resident."""

import os
import re

import pytest
import yaml

from kiosk.services.property import UNIT_NUMBER_RE
from kiosk.services.sim_backend import default_records_dir


def _load(name):
    with open(os.path.join(default_records_dir(), name), encoding="utf-8") as f:
        return yaml.safe_load(f)


CREDIT = _load("credit_records.yaml")
PROPERTY = _load("property_records.yaml")


@pytest.mark.parametrize("doc", [CREDIT, PROPERTY], ids=["credit", "property"])
def test_everyone_is_a_resident_of_the_deck_with_their_card_name_and_number(doc, deck):
    for person in doc["people"]:
        card = deck[person["card"]]
        assert card["expect"] == "accepted", person["card"]
        assert (person["id_number"], person["name"]) == (card["number"], card["name"])


def test_credit_covers_clean_licences_penalties_dishonesty_and_commendations():
    people = CREDIT["people"]
    assert any(not any(p.get(s) for s in ("licences", "penalties", "dishonesty", "commendations")) for p in people)
    assert any(p.get("licences") for p in people)
    assert any(p.get("penalties") for p in people)
    assert any(d["status"] == "in_force" and d["kind"] == "失信被执行人" for p in people for d in p.get("dishonesty", []))
    assert any(p.get("commendations") for p in people)
    assert any(p.get("commitments") for p in people)


def test_property_covers_none_one_and_several_with_mortgage_and_seizure():
    counts = {p["card"]: len(p["properties"]) for p in PROPERTY["people"]}
    assert 0 in counts.values() and 1 in counts.values()
    several = [p for p in PROPERTY["people"] if len(p["properties"]) > 1]
    assert any(any(x.get("mortgages") for x in p["properties"]) and any(x.get("seizures") for x in p["properties"])
               for p in several)
    kinds = {s["kind"] for p in PROPERTY["people"] for x in p["properties"] for s in x.get("seizures", [])}
    assert kinds == {"seizure", "pre_seizure", "waiting_seizure"}
    assert any(x.get("objections") for p in PROPERTY["people"] for x in p["properties"])
    assert any(x.get("advance_notices") for p in PROPERTY["people"] for x in p["properties"])


def test_some_deck_residents_are_unknown_to_both_back_ends(deck):
    known = {p["card"] for p in CREDIT["people"]} | {p["card"] for p in PROPERTY["people"]}
    assert "zhang_zihan" in set(deck) - known


def test_unit_numbers_and_certificates_look_real():
    cert = re.compile(r"^鄂\(20\d\d\)\S+?不动产(权|证明)第\d{7}号$")
    for person in PROPERTY["people"]:
        for prop in person["properties"]:
            assert UNIT_NUMBER_RE.match(prop["unit_number"]), prop["unit_number"]
            assert cert.match(prop["certificate_number"]), prop["certificate_number"]
            assert any(h["id_number"] == person["id_number"] for h in prop["holders"])
            for m in prop.get("mortgages", []):
                assert cert.match(m["certificate_number"])


def test_co_holders_have_valid_id_numbers():
    from drivers.idcard.identity import id_check_char
    for person in PROPERTY["people"]:
        for prop in person["properties"]:
            for h in prop["holders"]:
                assert h["id_number"][-1] == id_check_char(h["id_number"][:17]), h["name"]
