"""After every service, nothing personal remains: not in any widget, not in the database, not in the logs."""

import logging
import os

from PySide6.QtCore import Qt

from tests.e2e.test_gas_topup import open_gas, pay_screen, take_card_and_finish
from tests.e2e.test_id_services import DECK, click_button, open_service, step
from tests.ui.conftest import all_texts


def test_no_name_or_id_number_survives_a_visit_anywhere(qtbot, runtime, config_dir, tmp_path, monkeypatch):
    from kiosk.logs import setup_logging
    from ui.flow_runner import FlowRunner
    monkeypatch.setattr(FlowRunner, "POLL_MS", 50)
    log_path = setup_logging(str(tmp_path / "var"), "DEBUG")  # everything, as a technician's debug log would
    rt = runtime
    try:
        residents = [("credit", "li_xiuying", "report"), ("property", "wang_jianguo", "property_list")]
        for tile, key, result in residents:
            open_service(qtbot, rt, tile)
            rt.hardware.id_reader.insert_card(key)
            qtbot.waitUntil(lambda r=result: step(rt.window) == r, timeout=10000)
            click_button(qtbot, rt.window, "flow.print")
            qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
            rt.hardware.id_reader.remove_card()
            qtbot.waitUntil(lambda: rt.window.current_screen is rt.window.home, timeout=5000)
            rt.window.end_session()
        open_gas(qtbot, rt, "ready")
        rt.backend.pay(pay_screen(qtbot, rt))
        qtbot.waitUntil(lambda: step(rt.window) == "take_card", timeout=15000)
        take_card_and_finish(qtbot, rt)
        rt.window.end_session()
        rt.audit.flush()
    finally:
        kiosk_log = logging.getLogger("kiosk")
        for h in list(kiosk_log.handlers):  # leave logging as the other tests expect it
            h.flush()
            kiosk_log.removeHandler(h)
            h.close()
        kiosk_log.propagate = True
        kiosk_log.setLevel(logging.NOTSET)

    secrets = []
    for key in ("li_xiuying", "wang_jianguo"):
        card = DECK[key]
        secrets += [card["number"], card["name"], card["address"]]
    secrets += ["陈志刚"]  # the gas customer's full name (config/sim/gas_accounts.yaml)
    widgets = " ".join(all_texts(rt.window))
    with open(log_path, encoding="utf-8") as fh:
        logs = fh.read()
    db_path = rt.config.database_url.replace("sqlite:///", "")
    db = b""
    for suffix in ("", "-wal"):
        if os.path.exists(db_path + suffix):
            with open(db_path + suffix, "rb") as fh:
                db += fh.read()
    assert "4212**********0049" in logs or "li_xiuying" in logs  # the logs did record the visits
    for secret in secrets:
        assert secret not in widgets, f"{secret!r} left on screen"
        assert secret not in logs, f"{secret!r} in the log"
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in db, f"{secret!r} in the database ({encoding})"
