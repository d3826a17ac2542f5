"""The simulator's deck of virtual gas cards: config/sim/gas_cards.yaml turned into card memories."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import yaml

from drivers.gascard.card import AREA_START, CardStatus, CardType, GasCard, encode

MEMORY_SIZE = 256
#: SLE4442 factory area 00–1F: ATR header, then the chip maker's data; frozen on every card.
FACTORY_HEAD = bytes.fromhex("A2131091") + b"\xFF\x23\x10\x84" + b"SIEMENS-SLE4442\x00"


def default_deck_path() -> str:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(root, "config", "sim", "gas_cards.yaml")


@dataclass
class DeckCard:
    """One virtual card as the deck describes it, before the simulator gives it a life."""

    id: str
    label_zh: str
    label_en: str
    memory: bytes = bytes(MEMORY_SIZE)
    card_number: str | None = None
    tries_left: int = 3
    factory_password: bool = False
    memory_card: bool = True
    extra: dict = field(default_factory=dict)


def _factory_area(card_id: str) -> bytes:
    serial = hashlib.sha256(card_id.encode()).digest()[:8]
    head = FACTORY_HEAD + serial
    return head[:32].ljust(32, b"\x00")


def _enum(value, enum_cls, what: str) -> int:
    if isinstance(value, int):
        return value
    try:
        return enum_cls[str(value).upper()].value
    except KeyError:
        raise ValueError(f"unknown {what} '{value}'") from None


def build_card(entry: dict, default_area: str) -> DeckCard:
    cid = str(entry["id"])
    label = entry.get("label") or {}
    deck = DeckCard(cid, label.get("zh", cid), label.get("en", cid))
    deck.memory_card = bool(entry.get("memory_card", True))
    deck.factory_password = entry.get("password", "derived") == "factory"
    deck.tries_left = int(entry.get("tries_left", 3))
    if not deck.memory_card:
        return deck
    memory = bytearray(_factory_area(cid) + b"\xFF" * (MEMORY_SIZE - 32))
    if "raw_area" in entry:
        fill = bytes.fromhex(str(entry["raw_area"]))
        memory[AREA_START:AREA_START + 48] = (fill * 48)[:48]
    else:
        card = GasCard(
            tag=str(entry.get("tag", "GAS1")).encode("ascii"),
            area_code=str(entry.get("area", default_area)),
            card_number=str(entry["card_number"]),
            card_type=_enum(entry.get("type", "household"), CardType, "card type"),
            status=_enum(entry.get("status", "in_use"), CardStatus, "status"),
            purchase_count=int(entry.get("purchase_count", 0)),
            volume=int(entry.get("volume", 0)),
            meter_flag=int(entry.get("meter_flag", 1)),
            meter_remaining=int(entry.get("meter_remaining", 0)),
            meter_cumulative=int(entry.get("meter_cumulative", 0)),
            meter_status=int(entry.get("meter_status", 0)),
            reissue_count=int(entry.get("reissue_count", 0)),
        )
        area = bytearray(encode(card))
        torn = entry.get("torn_write")
        if torn:
            # What a cut top-up leaves: the first bytes of 31–37 new, the rest and 4F old.
            new = encode(GasCard(**{**card.__dict__, "purchase_count": int(torn["purchase_count"]),
                                    "volume": int(torn["volume"]), "meter_flag": 0, "check": None}))
            for i in range(int(torn.get("bytes_written", 3))):
                area[0x11 + i] = new[0x11 + i]
        memory[AREA_START:AREA_START + 48] = area
        deck.card_number = card.card_number
    deck.memory = bytes(memory)
    return deck


def load_deck(path: str | None = None) -> dict[str, DeckCard]:
    """Cards by id, in the deck's order."""
    with open(path or default_deck_path(), encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    area = str(doc.get("area", "421200"))
    cards: dict[str, DeckCard] = {}
    for entry in doc.get("cards", []):
        card = build_card(entry, area)
        if card.id in cards:
            raise ValueError(f"duplicate gas card id '{card.id}' in the deck")
        cards[card.id] = card
    return cards
