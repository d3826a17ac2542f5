"""Query purposes: the codes flows pass to the services, and the words the back ends print in the header."""

from __future__ import annotations

from kiosk.i18n import declare

#: code -> the words the back end prints (Chinese; other languages from kiosk.i18n, context ``terms``)
PURPOSES = {code: declare("terms", f"purpose.{code}", zh) for code, zh in (
    ("self_query", "本人查询"),
    ("loan", "贷款审批"),
    ("employment", "入职审查"),
    ("bidding", "招标投标"),
    ("housing", "住房保障申请"),
    ("school", "子女入学"),
    ("other", "其他"),
)}

DEFAULT_PURPOSE = "self_query"


def purpose_text(purpose: str) -> str:
    """What goes to the back end (and comes back in the header): a code's Chinese words, or the text as given."""
    if purpose in PURPOSES:
        return PURPOSES[purpose].zh
    if not isinstance(purpose, str) or not purpose.strip():
        raise ValueError("a query needs a purpose")
    return purpose.strip()


def purpose_in(text: str, lang: str) -> str:
    """A purpose as printed in a header, in ``lang`` (the text as it is when it is not a known one)."""
    for msg in PURPOSES.values():
        if msg.zh == text:
            return msg.text(lang)
    return text


__all__ = ["PURPOSES", "DEFAULT_PURPOSE", "purpose_text", "purpose_in"]
