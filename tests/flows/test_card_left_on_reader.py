"""A card the last resident left on the ID reader: the next resident is told to take it away, then reads their own."""

from datetime import date, datetime

import pytest

from drivers.idcard.identity import Identity
from kiosk.flows import base as fb
from kiosk.flows.credit_report import CreditReportFlow
from kiosk.flows.identify import PLACE_CARD_TIMEOUT
from kiosk.flows.property_lookup import PropertyLookupFlow
from kiosk.texts import t
from kiosk.voice import prompt_for_step, prompt_text

NEXT_RESIDENT = Identity(name="马军", sex="1", nation_code="03", birth_date=date(1969, 3, 2),
                         address="湖北省咸宁市咸安区永安大道88号", id_number="421202196903020031",
                         authority="咸宁市公安局咸安分局", valid_from=date(2015, 6, 1), valid_to=date(2035, 6, 1))


def make(cls=CreditReportFlow):
    return cls(terminal_id="T-1", now=lambda: datetime(2026, 11, 28, 10), audit_key=b"k" * 16,
               document_builder=lambda f: "RECEIPT")


def kinds(effects):
    return [type(e).__name__ for e in effects]


def found_on_reader(cls=CreditReportFlow):
    flow = make(cls)
    flow.start()
    effects = flow.handle(fb.CardLeft())
    assert flow.step == "card_left"
    return flow, effects


@pytest.mark.parametrize("cls", [CreditReportFlow, PropertyLookupFlow])
def test_a_card_found_on_the_reader_asks_to_take_it_away_first(cls):
    flow, effects = found_on_reader(cls)
    screen = flow.screen
    assert screen.step == "card_left"
    assert (screen.title, screen.message) == ("id.card_left.title", "id.card_left.body")
    assert [b.id for b in screen.buttons] == ["home"] and screen.timeout_s == PLACE_CARD_TIMEOUT
    assert not flow.card_present and flow.identity is None  # not read: it is nobody's card in this visit
    assert effects == [fb.Audit("card_found_on_reader", {"service": flow.name})]


def test_the_card_left_texts_say_take_it_away_then_place_yours_and_hand_it_to_the_staff():
    zh = t("id.card_left.title", "zh") + t("id.card_left.body", "zh")
    assert "已有" in zh and "拿走" in zh and "您自己的身份证" in zh and "工作人员" in zh
    en = t("id.card_left.title", "en") + " " + t("id.card_left.body", "en")
    assert "already" in en and "take" in en and "your own" in en and "staff" in en


def test_once_the_left_card_is_taken_away_the_prompt_comes_back_with_a_fresh_timeout():
    flow, _ = found_on_reader()
    left_screen = flow.screen
    assert flow.handle(fb.CardRemoved()) == []
    assert flow.step == "place_card" and flow.screen.title == "id.place.title"
    assert flow.screen is not left_screen and flow.screen.timeout_s == PLACE_CARD_TIMEOUT  # a new screen: new timer


def test_after_the_left_card_is_gone_the_residents_own_card_is_read():
    flow, _ = found_on_reader()
    flow.handle(fb.CardRemoved())
    flow.handle(fb.CardPlaced())
    effects = flow.handle(fb.CardRead(NEXT_RESIDENT))
    assert kinds(effects) == ["Audit", "CallService"] and effects[0].kind == "identified"
    assert flow.step == "querying" and flow.screen.fields["name"] == "马*"


def test_leaving_with_the_left_card_still_there_does_not_ask_to_take_it_back():
    flow, _ = found_on_reader()
    effects = flow.handle(fb.Touched("home"))
    assert kinds(effects) == ["StopIdCard", "Audit", "Finish"] and effects[-1].reason == "cancelled"
    assert flow.finished


def test_nobody_taking_the_left_card_away_ends_the_visit_like_no_card():
    flow, _ = found_on_reader()
    effects = flow.handle(fb.TimedOut("card_left"))
    assert effects[-1] == fb.Finish("no_card") and flow.finished


def test_the_place_card_timer_no_longer_counts_once_the_left_card_is_shown():
    flow, _ = found_on_reader()
    assert flow.handle(fb.TimedOut("place_card")) == []
    assert flow.step == "card_left" and not flow.finished


def test_a_left_card_is_told_once_and_never_once_the_resident_is_being_read():
    flow, _ = found_on_reader()
    assert flow.handle(fb.CardLeft()) == [] and flow.step == "card_left"  # audited once
    flow.handle(fb.CardRemoved())
    flow.handle(fb.CardPlaced())
    assert flow.handle(fb.CardLeft()) == [] and flow.step == "reading"


def test_the_card_left_step_has_its_own_spoken_prompt_in_both_languages():
    flow, _ = found_on_reader()
    assert prompt_for_step(flow.screen) == "id.card_left"
    assert prompt_text("id.card_left", "en").startswith("There is already a card on the reader. Please take")
    assert "工作人员" in prompt_text("id.card_left", "zh")
