"""`kiosk prune`: what would go with --dry-run (nothing changes), then the same really goes, audited."""

from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.storage.db import open_database
from kiosk.storage.models import AuditEvent


def test_kiosk_prune_dry_run_then_for_real(config_dir, capsys):
    cfg = load_config(str(config_dir))
    engine, sessions = open_database(cfg.database_url)
    now = datetime.now()
    with sessions.begin() as db:
        db.add(AuditEvent(at=now - timedelta(days=400), terminal_id="T", kind="ancient", detail={}))
        db.add(AuditEvent(at=now - timedelta(days=1), terminal_id="T", kind="yesterday", detail={}))
    engine.dispose()

    assert main(["prune", "--config", str(config_dir), "--dry-run"]) == 0
    assert "would delete 1 audit events" in capsys.readouterr().out
    assert main(["prune", "--config", str(config_dir)]) == 0
    assert "deleted 1 audit events" in capsys.readouterr().out

    engine, sessions = open_database(cfg.database_url)
    with sessions() as db:
        kinds = [e.kind for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    engine.dispose()
    assert "ancient" not in kinds and "yesterday" in kinds and "data_pruned" in kinds
