"""The English translation (kiosk/i18n/kiosk_en.ts → .qm) is complete, up to date, and a missing string is caught."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.i18n import Catalog, Message, qm_path, ts_path, use_catalog
from kiosk.i18n.sources import Source, collect, placeholders
from kiosk.i18n.ts import FINISHED, OBSOLETE, UNFINISHED, Entry, TsFile, read_ts, write_ts
from kiosk.i18n.update import compile_to, merge, problems, qm_problems
from kiosk.texts import t

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sources():
    return collect()


@pytest.fixture(scope="module")
def ts():
    return read_ts(ts_path("en"))


@pytest.fixture
def english_catalog():
    """Lets a test swap the English catalog; puts the installed one back afterwards."""
    yield lambda path: use_catalog("en", path)
    use_catalog("en", None)


def _without(ts: TsFile, key: str) -> TsFile:
    return TsFile(ts.language, ts.source_language, [e for e in ts.entries if e.key != key])


def test_every_string_the_code_shows_has_a_finished_english_translation(sources, ts):
    assert len(sources) > 250  # screens, errors and terms were all found
    assert problems(sources, ts) == []


def test_the_compiled_catalog_returns_every_translation_of_the_ts(sources, ts):
    cat = Catalog(qm_path("en"))
    by_key = {(e.context, e.key): e.translation for e in ts.entries}
    for src in sources:
        m = src.message
        assert cat.lookup(m.context, m.zh, m.key) == by_key[(m.context, m.key)], m.key


def test_placeholders_are_the_same_in_chinese_and_english(sources, ts):
    by_key = {(e.context, e.key): e.translation for e in ts.entries}
    for src in sources:
        m = src.message
        assert placeholders(by_key[(m.context, m.key)]) == placeholders(m.zh), m.key


def test_the_committed_qm_is_compiled_from_the_committed_ts(tmp_path, ts):
    fresh = compile_to(ts_path("en"), tmp_path)
    assert fresh.read_bytes() == qm_path("en").read_bytes()
    assert qm_problems(ts, qm_path("en")) == []


def test_the_ts_is_up_to_date_with_the_code(sources, ts):
    regenerated = merge(sources, ts, "en_GB")
    assert [(e.context, e.key, e.source, e.state) for e in regenerated.entries] == \
           [(e.context, e.key, e.source, e.state) for e in ts.entries]
    assert not any(e.state == OBSOLETE for e in ts.entries)


def test_a_string_missing_from_the_ts_is_reported_and_shows_chinese(tmp_path, sources, ts, english_catalog):
    broken = tmp_path / "kiosk_en.ts"
    write_ts(broken, _without(ts, "idle.continue"))
    found = problems(sources, read_ts(broken))
    assert found == ["missing from the .ts: texts/idle.continue ('继续办理')"]
    english_catalog(compile_to(broken, tmp_path))
    assert t("idle.continue", "en") == "继续办理"  # the resident sees Chinese, never a blank or a key
    assert t("idle.exit", "en") == "Exit"


def test_an_unfinished_or_empty_translation_is_reported_and_not_compiled(tmp_path, sources, ts, english_catalog):
    entries = [Entry(e.context, e.source, e.key, e.translation, UNFINISHED if e.key == "nav.home" else e.state, e.note)
               for e in ts.entries if e.key != "nav.back"]
    entries.append(Entry("texts", "返回", "nav.back", "", FINISHED))
    broken = tmp_path / "kiosk_en.ts"
    write_ts(broken, TsFile(ts.language, ts.source_language, entries))
    found = problems(sources, read_ts(broken))
    assert len(found) == 2 and all(line.startswith("not translated") for line in found)
    english_catalog(compile_to(broken, tmp_path))
    assert t("nav.home", "en") == "返回首页"


def test_a_translation_with_other_placeholders_is_reported(sources, ts):
    entries = [Entry(e.context, e.source, e.key, "Left: {secs} s", e.state) if e.key == "gas.pay.left" else e
               for e in ts.entries]
    assert problems(sources, TsFile("en_GB", "zh_CN", entries)) == \
        ["placeholders differ: texts/gas.pay.left ('剩余 {seconds} 秒') -> 'Left: {secs} s'"]


def test_update_keeps_translations_adds_new_ones_unfinished_and_marks_vanished_ones_obsolete():
    old = TsFile("en_GB", "zh_CN", [Entry("texts", "退出", "a.exit", "Exit", FINISHED, remark="checked with the hall"),
                                    Entry("texts", "旧", "a.gone", "Old", FINISHED),
                                    Entry("texts", "改前", "a.changed", "Before", FINISHED)])
    new = merge([Source(Message("texts", "a.changed", "改后")), Source(Message("texts", "a.exit", "退出")),
                 Source(Message("texts", "a.new", "新"))], old, "en_GB")
    assert [(e.key, e.translation, e.state) for e in new.entries] == [
        ("a.changed", "Before", UNFINISHED),  # the Chinese changed: the translator reviews the old English
        ("a.exit", "Exit", FINISHED),
        ("a.new", "", UNFINISHED),
        ("a.gone", "Old", OBSOLETE)]
    assert new.entries[1].remark == "checked with the hall"  # the translator's own comment survives an update


def test_the_ts_file_is_written_back_byte_for_byte(tmp_path):
    again = tmp_path / "again.ts"
    write_ts(again, read_ts(ts_path("en")))
    assert again.read_bytes() == ts_path("en").read_bytes()


def test_two_keys_with_the_same_chinese_keep_their_own_english():
    cat = Catalog(qm_path("en"))
    assert cat.lookup("texts", "上一页", "home.prev") == "Previous"
    assert cat.lookup("texts", "上一页", "nav.prev_page") == "Page up"


def test_error_messages_are_translated_with_their_arguments():
    from drivers.gascard.errors import WrongPassword
    from kiosk.services.errors import ServiceTimeout

    assert WrongPassword(2).user_message("zh") == "燃气卡校验失败（还剩 2 次机会），请到燃气营业厅处理。"
    assert WrongPassword(2).user_message("en") == \
        "The gas card could not be verified (2 tries left). Please visit a gas service hall."
    err = ServiceTimeout("slow", service="credit")
    assert err.user_message("zh") == "信用信息服务响应超时，请稍后重试。"
    assert err.user_message("en") == "The credit information service is taking too long to answer. Please try again shortly."


def test_no_resident_english_is_left_in_the_error_classes(sources):
    from kiosk.errors import KioskError

    todo, seen = [KioskError], set()
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo.extend(cls.__subclasses__())
    assert not [c for c in seen if hasattr(c, "user_en")]


def test_translations_work_without_a_qapplication():
    """CLI commands and receipts look up English with no Qt application object at all."""
    code = ("from PySide6.QtCore import QCoreApplication\n"
            "from kiosk.texts import t\n"
            "from kiosk.errors import DeviceError\n"
            "assert t('nav.home', 'en') == 'Home', t('nav.home', 'en')\n"
            "assert DeviceError().user_message('en') == 'A device is not working. Please ask the staff.'\n"
            "assert QCoreApplication.instance() is None\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_check_command_passes_on_the_committed_files():
    done = subprocess.run([sys.executable, "-m", "kiosk.i18n.update", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
