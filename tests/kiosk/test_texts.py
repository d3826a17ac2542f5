"""Every fixed string is looked up by key: Chinese as written, English from the translation catalog."""

from kiosk.texts import TEXTS, t


def test_lookup_formats_in_the_requested_language():
    assert t("footer.hotline", "zh", hotline="12345") == "服务热线 12345"
    assert t("footer.hotline", "en", hotline="12345") == "Hotline 12345"


def test_chinese_is_the_text_as_written_in_the_code():
    assert all(t(key, "zh") == zh for key, zh in TEXTS.items() if "{" not in zh)


def test_two_keys_with_the_same_chinese_can_differ_in_english():
    assert TEXTS["home.prev"] == TEXTS["nav.prev_page"] == "上一页"
    assert (t("home.prev", "en"), t("nav.prev_page", "en")) == ("Previous", "Page up")
