"""Query purposes: the codes flows pass to the services, and the words the back ends print in the header."""

from __future__ import annotations

#: code -> (zh as printed by the back end, en)
PURPOSES = {
    "self_query": ("本人查询", "Personal query"),
    "loan": ("贷款审批", "Loan application"),
    "employment": ("入职审查", "Employment screening"),
    "bidding": ("招标投标", "Public tender"),
    "housing": ("住房保障申请", "Housing subsidy application"),
    "school": ("子女入学", "School enrolment"),
    "other": ("其他", "Other"),
}

DEFAULT_PURPOSE = "self_query"


def purpose_text(purpose: str) -> str:
    """What goes to the back end (and comes back in the header): a code's Chinese words, or the text as given."""
    if purpose in PURPOSES:
        return PURPOSES[purpose][0]
    if not isinstance(purpose, str) or not purpose.strip():
        raise ValueError("a query needs a purpose")
    return purpose.strip()


def purpose_en(text: str) -> str:
    """The English words for a purpose as printed in a header (the Chinese text when it is not a known one)."""
    for zh, en in PURPOSES.values():
        if zh == text:
            return en
    return text


__all__ = ["PURPOSES", "DEFAULT_PURPOSE", "purpose_text", "purpose_en"]
