"""Every fixed string exists in Chinese and English with the same placeholders."""

import string

import pytest

from kiosk.texts import TEXTS, t


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_text_has_both_languages_with_matching_placeholders(key):
    zh, en = TEXTS[key]
    assert zh.strip() and en.strip()
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    assert fields(zh) == fields(en)


def test_lookup_formats_in_the_requested_language():
    assert t("footer.hotline", "zh", hotline="12345") == "服务热线 12345"
    assert t("footer.hotline", "en", hotline="12345") == "Hotline 12345"
