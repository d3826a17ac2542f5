"""The deck of virtual ID cards the simulator can hold, loaded from config/sim/id_cards.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from kiosk.errors import ConfigError

DECK_FILE = os.path.join("sim", "id_cards.yaml")

#: Longest value (in characters) each text-block field can hold.
_LIMITS = {"name": 15, "address": 35, "authority": 15, "number": 18}
_FOREIGNER_LIMITS = {"name": 15, "name_en": 60, "number": 15, "nationality": 3, "authority": 4}
_RESIDENT_KEYS = ("name", "sex", "nation", "birth", "address", "number", "authority", "valid_from", "valid_to")
_FOREIGNER_KEYS = ("name", "name_en", "sex", "nationality", "birth", "number", "authority", "valid_from", "valid_to")
_OPTIONAL = ("key", "kind", "expect", "note")


@dataclass(frozen=True, repr=False)
class DeckCard:
    """One virtual card: ``kind`` is "resident" or "foreigner"; ``fields`` are strings as printed."""

    key: str
    kind: str
    fields: dict
    expect: str = "accepted"
    note: str = ""

    def __getitem__(self, name: str) -> str:
        return self.fields[name]

    def __repr__(self) -> str:  # deck data looks like personal data: keep it out of logs too
        return f"DeckCard({self.key}, {self.kind}, expect={self.expect})"


#: The deck shipped with the repository, used when a config folder has none of its own.
SHIPPED_DECK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            "config", DECK_FILE)


def default_deck_path(config_dir: str | None = None) -> str:
    """The config folder's sim/id_cards.yaml, else the shipped deck (a deployment need not carry one)."""
    if config_dir is None:
        from kiosk.config.loader import default_config_dir
        config_dir = default_config_dir()
    path = os.path.join(config_dir, DECK_FILE)
    return path if os.path.isfile(path) else SHIPPED_DECK


def _check_card(i: int, raw, problems: list[str]) -> DeckCard | None:
    where = f"cards[{i}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: should be a mapping of fields")
        return None
    kind = str(raw.get("kind", "resident"))
    if kind not in ("resident", "foreigner"):
        problems.append(f"{where}: kind '{kind}' should be resident or foreigner")
        return None
    keys = _RESIDENT_KEYS if kind == "resident" else _FOREIGNER_KEYS
    limits = _LIMITS if kind == "resident" else _FOREIGNER_LIMITS
    key = str(raw.get("key", f"card{i}"))
    where = f"cards[{i}] ({key})"
    for unknown in set(raw) - set(keys) - set(_OPTIONAL):
        problems.append(f"{where}: unknown field '{unknown}'")
    fields = {}
    for name in keys:
        if name not in raw or raw[name] is None:
            problems.append(f"{where}: missing field '{name}'")
            continue
        value = str(raw[name])
        if name in limits and len(value) > limits[name]:
            problems.append(f"{where}: {name} has {len(value)} characters, the card holds {limits[name]}")
        fields[name] = value
    for name in ("birth", "valid_from", "valid_to"):
        value = fields.get(name, "00000000")
        if not (len(value) == 8 and value.isdigit()) and not (name == "valid_to" and value == "长期"):
            problems.append(f"{where}: {name} should be YYYYMMDD" + (" or 长期" if name == "valid_to" else ""))
    if fields.get("sex", "1") not in ("0", "1", "2", "9"):
        problems.append(f"{where}: sex should be 1 (male), 2 (female), 0 or 9")
    nation = fields.get("nation")
    if nation is not None and not (len(nation) == 2 and nation.isdigit()):
        problems.append(f"{where}: nation should be a two-digit GB 3304 code such as \"01\"")
    return DeckCard(key=key, kind=kind, fields=fields, expect=str(raw.get("expect", "accepted")),
                    note=str(raw.get("note", "")))


def load_deck(path: str | None = None) -> list[DeckCard]:
    """Every card in the deck file, checked; ConfigError lists every problem at once."""
    path = path or default_deck_path()
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read the card deck: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: not valid YAML: {exc}"]) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("cards"), list):
        raise ConfigError([f"{path}: should hold a list under 'cards:'"])
    problems: list[str] = []
    cards = [c for i, raw in enumerate(doc["cards"]) if (c := _check_card(i, raw, problems)) is not None]
    keys = [c.key for c in cards]
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"card key '{dup}' is used more than once")
    if problems:
        raise ConfigError([f"{path}: {p}" for p in problems])
    return cards


def deck_by_key(cards: list[DeckCard]) -> dict[str, DeckCard]:
    return {c.key: c for c in cards}
