"""Every Chinese string the code shows a resident, found the way lupdate would: what goes into the .ts.

Three kinds of source, all found at run time after importing every module of the app's packages:
the screen texts (``kiosk.texts.TEXTS``, context ``texts``), the resident message of each error class
(``user_zh`` with its ``user_key``, context ``errors``), and the Messages modules ``declare`` (names, labels,
messages built at run time).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import string
from dataclasses import dataclass

from kiosk.i18n import Message, declared

#: Packages whose modules may hold resident-facing text.
PACKAGES = ("kiosk", "drivers", "ui")
#: Contexts first in the .ts, in this order; any other follows alphabetically.
CONTEXT_ORDER = ("texts", "errors", "terms")


@dataclass(frozen=True)
class Source:
    message: Message
    note: str = ""  # a hint for the translator (what the error is about, which placeholders to keep)


def import_all() -> None:
    """Import every module of PACKAGES (not ``__main__``), so every error class and declared Message exists."""
    for name in PACKAGES:
        pkg = importlib.import_module(name)
        for mod in pkgutil.walk_packages(pkg.__path__, name + "."):
            if not mod.name.endswith(".__main__"):
                importlib.import_module(mod.name)


def placeholders(text: str) -> set[str]:
    """The names of the ``{fields}`` in a format string."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def _error_classes():
    from kiosk.errors import KioskError

    seen, todo = [], [KioskError]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return [c for c in seen if c.__module__.split(".")[0] in PACKAGES and "user_zh" in vars(c)]


def collect() -> list[Source]:
    """Every source string, deduplicated by (context, key), sorted by context then key."""
    import_all()
    found: dict[tuple[str, str], Source] = {}

    def add(msg: Message, note: str = "") -> None:
        old = found.get((msg.context, msg.key))
        if old is not None and old.message.zh != msg.zh:
            raise ValueError(f"{msg.context}/{msg.key} has two Chinese sources: {old.message.zh!r} and {msg.zh!r}")
        fields = placeholders(msg.zh)
        if fields:
            keep = "Keep " + ", ".join("{%s}" % f for f in sorted(fields)) + " as they are."
            note = f"{note} {keep}".strip()
        found.setdefault((msg.context, msg.key), Source(msg, note))

    for msg in declared():
        add(msg)
    for cls in _error_classes():
        doc = (inspect.getdoc(cls) or "").split("\n")[0]
        add(Message("errors", cls.user_key, cls.user_zh), f"{cls.__name__}: {doc}" if doc else cls.__name__)

    def order(src: Source):
        ctx = src.message.context
        rank = CONTEXT_ORDER.index(ctx) if ctx in CONTEXT_ORDER else len(CONTEXT_ORDER)
        return rank, ctx, src.message.key

    return sorted(found.values(), key=order)


__all__ = ["Source", "collect", "import_all", "placeholders", "PACKAGES"]
