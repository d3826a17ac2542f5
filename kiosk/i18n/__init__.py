"""Resident-facing text in other languages through Qt's translation system: Chinese is the source language.

Code holds the Chinese; the English comes from ``kiosk_en.qm`` (compiled from ``kiosk_en.ts``, which a
translator edits in Qt Linguist) and is looked up with ``QTranslator.translate(context, chinese, key)`` — the
text's key is the disambiguation, so two keys with the same Chinese can differ in English.

A QTranslator loads and answers without a QCoreApplication (it is never *installed*, only asked), so the CLI,
receipts and worker threads use it as the screens do. PySide6 is imported only when a translation is first
needed. A string the catalog lacks falls back to the Chinese and is logged once; ``python -m kiosk.i18n.update
--check`` and tests/kiosk/test_translation.py catch it before it ships.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kiosk.i18n")

#: The language the code is written in; every other language comes from a catalog.
SOURCE_LANGUAGE = "zh"
HERE = Path(__file__).resolve().parent


def ts_path(lang: str) -> Path:
    return HERE / f"kiosk_{lang}.ts"


def qm_path(lang: str) -> Path:
    return HERE / f"kiosk_{lang}.qm"


class Catalog:
    """One compiled translation file (.qm) and lookups in it; thread-safe, needs no QCoreApplication."""

    def __init__(self, path: Path | str):
        from PySide6.QtCore import QTranslator  # here: a Chinese-only run never loads Qt for this

        self.path = Path(path)
        self._translator = QTranslator()
        if not self._translator.load(str(self.path)):
            raise FileNotFoundError(f"cannot load translation catalog {self.path}")
        self._lock = threading.Lock()

    def lookup(self, context: str, source: str, key: str) -> str:
        """The translation of ``source`` under ``key``, or '' when the catalog has none."""
        with self._lock:
            return self._translator.translate(context, source, key)


_catalogs: dict[str, Catalog | None] = {}
_missing_logged: set[tuple[str, str, str]] = set()
_lock = threading.Lock()


def catalog(lang: str) -> Catalog | None:
    """The loaded catalog of ``lang`` (None if it has no .qm); loaded once."""
    with _lock:
        if lang not in _catalogs:
            try:
                _catalogs[lang] = Catalog(qm_path(lang))
            except FileNotFoundError:
                log.error("no translation catalog for %r at %s: showing Chinese", lang, qm_path(lang))
                _catalogs[lang] = None
        return _catalogs[lang]


def use_catalog(lang: str, path: Path | str | None) -> None:
    """Use ``path`` for ``lang`` from now on (None: back to the installed one). For tests and translators' previews."""
    with _lock:
        _catalogs.pop(lang, None)
        if path is not None:
            _catalogs[lang] = Catalog(path)
        _missing_logged.clear()


def translate(context: str, source: str, key: str, lang: str) -> str:
    """``source`` (Chinese) in ``lang``: itself for Chinese; the catalog's translation, or the Chinese if it has none."""
    if lang == SOURCE_LANGUAGE or not source:
        return source
    cat = catalog(lang)
    text = cat.lookup(context, source, key) if cat is not None else ""
    if text:
        return text
    if (lang, context, key) not in _missing_logged:
        _missing_logged.add((lang, context, key))
        log.warning("no %s translation for %s/%s (%r): showing Chinese", lang, context, key, source)
    return source


def render(context: str, key: str, source: str, lang: str, args: dict | None = None) -> str:
    """Translate and fill ``{placeholders}``; an argument that is a Message is itself shown in ``lang``."""
    text = translate(context, source, key, lang)
    if not args:
        return text
    return text.format(**{k: v.text(lang) if isinstance(v, Message) else v for k, v in args.items()})


@dataclass(frozen=True)
class Message:
    """A translatable resident-facing string: Chinese source, the key that names it, and its context."""

    context: str
    key: str
    zh: str

    def text(self, lang: str = SOURCE_LANGUAGE, **args) -> str:
        return render(self.context, self.key, self.zh, lang, args)


_declared: dict[tuple[str, str], Message] = {}


def declare(context: str, key: str, zh: str) -> Message:
    """A Message the extractor (``python -m kiosk.i18n.update``) will find once its module is imported."""
    msg = Message(context, key, zh)
    with _lock:
        old = _declared.setdefault((context, key), msg)
    if old != msg:
        raise ValueError(f"translatable key {context}/{key} declared twice with different Chinese")
    return msg


def declared() -> list[Message]:
    """Every Message declared so far, in declaration order."""
    with _lock:
        return list(_declared.values())


__all__ = ["Catalog", "Message", "SOURCE_LANGUAGE", "catalog", "declare", "declared", "qm_path", "render",
           "translate", "ts_path", "use_catalog"]
