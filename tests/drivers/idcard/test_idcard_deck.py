"""The virtual card deck (config/sim/id_cards.yaml): what it must hold, and how it reports mistakes."""

import pytest

from drivers.idcard.deck import load_deck
from drivers.idcard.identity import NATIONS, id_number_valid
from kiosk.errors import ConfigError


def residents(deck):
    return [c for c in deck if c.kind == "resident"]


def test_deck_holds_at_least_a_dozen_residents_men_and_women_of_several_nations(deck):
    people = residents(deck)
    assert len(people) >= 12
    assert {c["sex"] for c in people} == {"1", "2"}
    assert len({c["nation"] for c in people}) >= 5
    assert all(c["nation"] in NATIONS for c in people)


def test_deck_has_long_addresses_a_long_term_card_and_a_card_for_every_refusal(deck):
    assert sum(len(c["address"]) >= 30 for c in residents(deck)) >= 3
    assert any(c["valid_to"] == "长期" for c in deck)
    assert {"expired", "bad_check_digit", "sex_mismatch", "foreigner_card"} <= {c.expect for c in deck}
    assert [c.kind for c in deck if c.expect == "foreigner_card"] == ["foreigner"]


def test_deck_numbers_are_xianning_numbers_with_right_check_digits_except_the_bad_one(deck):
    for card in residents(deck):
        assert card["number"].startswith("4212"), card.key
        assert id_number_valid(card["number"]) == (card.expect != "bad_check_digit"), card.key


def test_deck_card_repr_is_only_its_key(deck):
    assert repr(deck[0]) == f"DeckCard({deck[0].key}, resident, expect=accepted)"


def test_a_broken_deck_reports_every_problem_at_once(tmp_path):
    path = tmp_path / "cards.yaml"
    path.write_text("""
cards:
  - key: a
    name: 一二三四五六七八九十一二三四五六
    sex: 3
    nation: 1
    birth: 1990-01-01
    address: 湖北
    number: "421202199001010011"
    authority: 局
    valid_from: "20200101"
    valid_to: 永久
    colour: red
  - key: a
    kind: alien
""", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_deck(str(path))
    text = "\n".join(caught.value.problems)
    for expected in ("name has 16 characters", "sex should be", "nation should be", "birth should be YYYYMMDD",
                     "valid_to should be YYYYMMDD or 长期", "unknown field 'colour'", "kind 'alien'"):
        assert expected in text


def test_a_missing_deck_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_deck(str(tmp_path / "none.yaml"))


def test_a_config_folder_without_a_deck_uses_the_shipped_one(tmp_path):
    from drivers.idcard.deck import SHIPPED_DECK, default_deck_path
    assert default_deck_path(str(tmp_path)) == SHIPPED_DECK
    (tmp_path / "sim").mkdir()
    (tmp_path / "sim" / "id_cards.yaml").write_text("cards: []\n", encoding="utf-8")
    assert default_deck_path(str(tmp_path)) == str(tmp_path / "sim" / "id_cards.yaml")
