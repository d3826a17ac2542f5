"""`kiosk config check`: the shipped config passes; each broken file is named with its line."""

import re

import pytest

from kiosk.cli import main
from kiosk.config import check_config


def test_shipped_config_is_valid(capsys):
    assert main(["config", "check", "config"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("config OK")
    assert "5 tiles" in out


def _edit(config_dir, name, old, new, count=1):
    path = config_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(config_dir, name, needle, nth=1):
    lines = (config_dir / name).read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[nth - 1]


# (case id, file, old text, new text, text on the reported line, nth occurrence, message fragment)
BROKEN = [
    ("bad_yaml", "menu.yaml", "  - id: gas\n", "  - id: gas\n   flow: [oops\n", "flow: [oops", 1, "YAML syntax error"),
    ("unknown_key", "menu.yaml", "    order: 20\n", "    order: 20\n    titel: {zh: 错, en: wrong}\n", "titel:", 1,
     "unknown key 'titel' (did you mean 'title'?)"),
    ("misspelt_flow", "menu.yaml", "flow: credit_report", "flow: credit_reprot", "credit_reprot", 1,
     "unknown flow 'credit_reprot' (did you mean 'credit_report'?)"),
    ("duplicate_tile_id", "menu.yaml", "  - id: property\n", "  - id: credit\n", "- id: credit", 2, "duplicate tile id 'credit'"),
    ("bad_hours_time", "menu.yaml", 'hours: ["daily 06:00-23:00"]', 'hours: ["daily 06:00-25:00"]', "25:00", 1,
     "not a time of day"),
    ("hours_backwards", "menu.yaml", 'hours: ["daily 06:00-23:00"]', 'hours: ["daily 23:00-06:00"]', "23:00-06:00", 1,
     "closing time must be after opening time"),
    ("bad_day_name", "menu.yaml", 'hours: ["daily 06:00-23:00"]', 'hours: ["mon-fir 06:00-23:00"]', "mon-fir", 1,
     "unknown day 'fir' (did you mean 'fri'?)"),
    ("missing_english_title", "menu.yaml", "title:    {zh: 不动产查询, en: Property Records}", "title:    {zh: 不动产查询}",
     "title:    {zh: 不动产查询}", 1, "missing required key 'en'"),
    ("wrong_type_enabled", "menu.yaml", "    order: 30\n", "    order: 30\n    enabled: maybe\n", "enabled: maybe", 1,
     "enabled"),
    ("wrong_type_order", "menu.yaml", "order: 40", "order: first", "order: first", 1, "order"),
    ("info_tile_without_page", "menu.yaml", "flow: credit_report", "flow: info", "- id: credit", 1, "needs an 'info' page"),
    ("bad_icon", "menu.yaml", "icon: gas", "icon: gass", "icon: gass", 1, "did you mean 'gas'"),
    ("duplicate_key", "menu.yaml", "    order: 10\n", "    order: 10\n    order: 11\n", "order: 11", 1, "given twice"),
    ("countdown_too_short", "kiosk.yaml", "countdown_seconds: 30", "countdown_seconds: 5", "countdown_seconds: 5", 1,
     "greater than or equal to 20"),
    ("bad_language", "kiosk.yaml", "default_language: zh", "default_language: fr", "default_language: fr", 1, "default_language"),
    ("bad_pin_hash", "kiosk.yaml", "technician_pin_hash: pbkdf2", "technician_pin_hash: 1234 #", "technician_pin_hash:", 1,
     "technician_pin_hash"),
    ("unknown_top_key_kiosk", "kiosk.yaml", "help_hotline:", "help_hotlin:", "help_hotlin:", 1,
     "unknown key 'help_hotlin' (did you mean 'help_hotline'?)"),
    ("missing_terminal_id", "kiosk.yaml", "terminal_id: XN-ZWZX-0001\n", "", "hall_name:", 1, "missing required key 'terminal_id'"),
    ("unknown_device_driver", "devices.yaml", "driver: escpos", "driver: escpo", "printer:", 1, "did you mean 'escpos'"),
    ("bad_baudrate", "devices.yaml", "baudrate: 9600", "baudrate: 9601", "baudrate: 9601", 1, "not a standard baud rate"),
    ("unknown_device", "devices.yaml", "id_reader:", "id_raeder:", "id_raeder:", 1, "did you mean 'id_reader'"),
    ("bad_printer_option", "devices.yaml", "paper: 80mm", "paper: 76mm", "paper: 76mm", 1, "paper"),
    ("misspelt_option", "devices.yaml", "native_qr: true", "nativ_qr: true", "nativ_qr", 1, "did you mean 'native_qr'"),
    ("list_mixed_into_mapping", "devices.yaml", "printer:\n", "- printer\nprinter:\n", "printer:", 1, "YAML syntax error"),
    ("tile_list_not_mapping", "menu.yaml", "  - id: hotline\n", "  - hotline\n  - id: hotline\n", "- hotline", 1,
     "should be a valid dictionary"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_config_is_reported_with_file_and_line(config_dir, capsys, case):
    _id, name, old, new, line_text, nth, fragment = case
    _edit(config_dir, name, old, new)
    expected_line = _line_of(config_dir, name, line_text, nth)
    assert main(["config", "check", str(config_dir)]) == 1
    out = capsys.readouterr().out.splitlines()
    hits = [line for line in out if line.startswith(f"{name}:{expected_line}: ")]
    assert hits, f"no problem reported at {name}:{expected_line}; got {out}"
    assert any(fragment in h for h in hits), f"{fragment!r} not in {hits}"


def test_every_problem_is_reported_at_once(config_dir):
    _edit(config_dir, "menu.yaml", "flow: credit_report", "flow: credit_reprot")
    _edit(config_dir, "kiosk.yaml", "countdown_seconds: 30", "countdown_seconds: 5")
    _edit(config_dir, "devices.yaml", "baudrate: 9600", "baudrate: 9601")
    _cfg, problems = check_config(str(config_dir))
    assert {p.file for p in problems} == {"menu.yaml", "kiosk.yaml", "devices.yaml"}
    assert all(re.fullmatch(r"[a-z]+\.yaml:\d+: .+", str(p)) for p in problems)


def test_missing_file_is_a_problem(config_dir):
    (config_dir / "devices.yaml").unlink()
    _cfg, problems = check_config(str(config_dir))
    assert [p.file for p in problems] == ["devices.yaml"]
    assert "missing" in problems[0].message


def test_staff_can_add_an_information_tile(config_dir):
    with open(config_dir / "menu.yaml", "a", encoding="utf-8") as fh:
        fh.write("""
  - id: notice_board
    flow: info
    order: 5
    icon: notice
    title: {zh: 停水通知, en: Water outage}
    info:
      text: {zh: 本周六停水, en: No water on Saturday}
""")
    cfg, problems = check_config(str(config_dir))
    assert problems == []
    assert cfg.menu.visible_tiles()[0].id == "notice_board"


def test_hash_pin_makes_a_hash_the_schema_accepts(capsys):
    from kiosk.pin import verify_pin
    assert main(["config", "hash-pin", "--pin", "135790"]) == 0
    stored = capsys.readouterr().out.strip()
    assert verify_pin("135790", stored)
    assert not verify_pin("135791", stored)
