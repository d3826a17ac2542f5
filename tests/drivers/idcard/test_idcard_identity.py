"""The identity record: parsing the UCS-2 text block, ID number checks, refusals, masking."""

from datetime import date

import pytest
from idcard_support import TODAY

from drivers.idcard import errors
from drivers.idcard.identity import (NATIONS, Identity, accept, card_kind, id_check_char, id_number_valid, mask_id,
                                     mask_name, parse_text_block, refusals)
from drivers.idcard.simulator import build_photo, build_text_block


def ucs2(text: str, size: int) -> bytes:
    raw = text.encode("utf-16-le")
    return raw + b"\x20\x00" * ((size - len(raw)) // 2)


def hand_made_block(**over) -> bytes:
    """A text block laid out by hand from the spec's table (independent of the simulator's builder)."""
    f = dict(name="王建国", sex="1", nation="01", birth="19620312", address="湖北省咸宁市咸安区温泉街道金桂路88号",
             number="421202196203120038", authority="咸宁市公安局咸安分局", valid_from="20120820", valid_to="长期",
             reserved="")
    f.update(over)
    block = (ucs2(f["name"], 30) + ucs2(f["sex"], 2) + ucs2(f["nation"], 4) + ucs2(f["birth"], 16)
             + ucs2(f["address"], 70) + ucs2(f["number"], 36) + ucs2(f["authority"], 30)
             + ucs2(f["valid_from"], 16) + ucs2(f["valid_to"], 16) + ucs2(f["reserved"], 36))
    assert len(block) == 256
    return block


def make(**over) -> Identity:
    base = dict(name="李秀英", sex="2", nation_code="01", birth_date=date(1978, 11, 5), address="湖北省咸宁市嘉鱼县",
                id_number="421221197811050049", authority="嘉鱼县公安局", valid_from=date(2019, 4, 10),
                valid_to=date(2039, 4, 10), photo=b"\x01" * 1024)
    base.update(over)
    return Identity(**base)


# ------------------------------------------------------------------ the ID number

def test_check_character_of_the_spec_example_is_x():
    assert id_check_char("11010519491231002") == "X"
    assert id_number_valid("11010519491231002X")


@pytest.mark.parametrize("number", ["11010519491231002x", "110105194912310021", "1101051949123100", "",
                                    "11010519491231002X0", "１１010519491231002X"])
def test_malformed_or_wrong_numbers_fail_the_check(number):
    assert not id_number_valid(number)


def test_check_character_uses_every_weight():
    # Changing any one of the 17 digits changes the check character (MOD 11-2 catches single errors).
    base = "42120219620312003"
    for i in range(17):
        changed = base[:i] + str((int(base[i]) + 1) % 10) + base[i + 1:]
        assert id_check_char(changed) != id_check_char(base)


# ------------------------------------------------------------------ masking

@pytest.mark.parametrize("name, masked", [("张三", "张*"), ("张小三", "张*三"), ("欧阳晓明", "欧**明"), ("李", "*"),
                                          ("", "")])
def test_mask_name_keeps_first_and_last_character(name, masked):
    assert mask_name(name) == masked


def test_mask_id_keeps_first_four_and_last_four():
    assert mask_id("420102199001011234") == "4201**********1234"
    assert mask_id("1234") == "****"


def test_repr_and_str_never_show_the_full_name_number_or_photo():
    ident = make()
    for text in (repr(ident), str(ident), f"{ident}", repr([ident])):
        assert "李秀英" not in text and "421221197811050049" not in text
        assert "\\x01" not in text and "photo" not in text
        assert "李*英" in text and "4212**********0049" in text


def test_masked_summary_holds_masked_values_and_validity():
    assert make(valid_to=None).masked_summary() == {"name": "李*英", "id_number": "4212**********0049",
                                                    "valid_from": "2019-04-10", "valid_to": "长期"}


# ------------------------------------------------------------------ nations

def test_nation_table_has_all_56_nations_and_the_two_extra_codes():
    assert [f"{i:02d}" for i in range(1, 57)] + ["97", "98"] == list(NATIONS)
    assert (NATIONS["01"], NATIONS["15"], NATIONS["56"], NATIONS["98"]) == ("汉", "土家", "基诺", "外国血统中国籍人士")
    assert len(set(NATIONS.values())) == 58


def test_unknown_nation_code_shows_the_code():
    assert make(nation_code="77").nation == "77"


# ------------------------------------------------------------------ parsing

def test_hand_made_block_parses_into_every_field():
    ident = parse_text_block(hand_made_block(), b"\x05" * 1024)
    assert ident.name == "王建国" and ident.sex == "1" and ident.sex_name() == "男" and ident.sex_name("en") == "male"
    assert ident.nation == "汉" and ident.birth_date == date(1962, 3, 12)
    assert ident.address == "湖北省咸宁市咸安区温泉街道金桂路88号"
    assert ident.id_number == "421202196203120038" and ident.authority == "咸宁市公安局咸安分局"
    assert ident.valid_from == date(2012, 8, 20) and ident.valid_to is None and ident.long_term
    assert ident.validity_text() == "2012.08.20-长期"
    assert ident.photo == b"\x05" * 1024


def test_a_35_character_address_and_15_character_name_fill_their_fields_exactly():
    address = "湖北省咸宁市嘉鱼县鱼岳镇沿湖大道南段168号阳光花园7栋1单元602室"
    name = "阿依古丽·买买提阿依古丽·买买"
    assert len(address) == 35 and len(name) == 15
    ident = parse_text_block(hand_made_block(address=address, name=name))
    assert ident.address == address and ident.name == name


def test_every_deck_resident_parses_back_to_its_fields(deck):
    for card in deck:
        if card.kind != "resident":
            continue
        ident = parse_text_block(build_text_block(card), build_photo(card))
        f = card.fields
        assert (ident.name, ident.sex, ident.nation_code, ident.address, ident.id_number, ident.authority) == \
            (f["name"], f["sex"], f["nation"], f["address"], f["number"], f["authority"])
        assert ident.birth_date.strftime("%Y%m%d") == f["birth"]
        assert (ident.valid_to.strftime("%Y%m%d") if ident.valid_to else "长期") == f["valid_to"]
        assert len(ident.photo) == 1024


def test_foreigners_card_is_recognised_by_its_kind_mark_and_refused_politely(deck_keys):
    block = build_text_block(deck_keys["emily_johnson"])
    assert block[248:250] == b"I\x00" and card_kind(block) == "I"
    with pytest.raises(errors.ForeignerCard) as caught:
        parse_text_block(block)
    assert "外国人永久居留身份证" in caught.value.user_message("zh") and "Permanent Residence" in caught.value.user_message("en")
    assert caught.value.identity is None


def test_other_card_kinds_are_refused_as_unsupported():
    block = bytearray(hand_made_block())
    block[248:250] = b"J\x00"
    with pytest.raises(errors.UnsupportedCardKind):
        parse_text_block(bytes(block))


@pytest.mark.parametrize("damage", [
    dict(birth="1962031X"), dict(birth="19620230"), dict(valid_from=""), dict(valid_to="永久"), dict(sex="3"),
    dict(nation="A1"), dict(name=""), dict(number=""),
])
def test_unreadable_fields_raise_text_block_invalid_without_quoting_them(damage):
    with pytest.raises(errors.TextBlockInvalid) as caught:
        parse_text_block(hand_made_block(**damage))
    assert "王建国" not in str(caught.value) and "421202196203120038" not in str(caught.value)
    assert caught.value.user_message("zh") == "身份证读取失败，请重新放置"


def test_a_block_of_the_wrong_size_or_not_ucs2_is_invalid():
    with pytest.raises(errors.TextBlockInvalid):
        parse_text_block(b"\x20\x00" * 100)
    with pytest.raises(errors.TextBlockInvalid):
        parse_text_block(b"\x00\xd8" + hand_made_block()[2:])  # a lone surrogate


# ------------------------------------------------------------------ refusals

def test_a_valid_card_is_accepted_on_its_last_day_and_refused_the_day_after():
    ident = make()
    assert refusals(ident, date(2039, 4, 10)) == []
    assert accept(ident, date(2039, 4, 10)) is ident
    (problem,) = refusals(ident, date(2039, 4, 11))
    assert isinstance(problem, errors.CardExpired) and problem.reason == "expired"
    assert "过有效期" in problem.user_message("zh") and "expired" in problem.user_message("en")


def test_a_long_term_card_never_expires():
    assert refusals(make(valid_to=None), date(2099, 1, 1)) == []


def test_a_card_not_yet_valid_is_refused():
    with pytest.raises(errors.CardNotYetValid):
        accept(make(), date(2019, 4, 9))


def test_a_number_failing_its_check_is_refused_saying_so():
    with pytest.raises(errors.IdNumberInvalid) as caught:
        accept(make(id_number="421221197811050040"), TODAY)
    assert "校验" in caught.value.user_message("zh") and "check" in caught.value.user_message("en")
    assert "421221197811050040" not in str(caught.value)


def test_a_birth_date_disagreeing_with_the_number_is_refused():
    with pytest.raises(errors.BirthDateMismatch) as caught:
        accept(make(birth_date=date(1978, 11, 6)), TODAY)
    assert "出生日期" in caught.value.user_message("zh")


@pytest.mark.parametrize("sex, ok", [("1", False), ("2", True), ("0", True), ("9", True)])
def test_sex_must_agree_with_the_parity_of_the_sequence(sex, ok):
    # sequence 004 is even: a woman
    found = [type(p) for p in refusals(make(sex=sex), TODAY)]
    assert found == ([] if ok else [errors.SexMismatch])


def test_refusal_carries_the_identity_and_every_problem_is_listed():
    ident = make(id_number="421221197811050040", valid_to=date(2020, 1, 1))
    problems = refusals(ident, TODAY)
    assert {p.reason for p in problems} == {"bad_check_digit", "expired"}
    assert all(p.identity is ident for p in problems)


def test_every_deck_card_gets_the_verdict_the_deck_expects(deck):
    for card in deck:
        try:
            ident = parse_text_block(build_text_block(card))
        except errors.CardRefused as exc:
            verdict = exc.reason
        else:
            problems = refusals(ident, TODAY)
            verdict = problems[0].reason if problems else "accepted"
        assert verdict == card.expect, card.key
