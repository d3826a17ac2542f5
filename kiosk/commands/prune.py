"""`kiosk prune`: apply kiosk.yaml's retention now (old receipts, events, settled top-ups, files; the size bound)."""

from __future__ import annotations

import json

from kiosk.config.loader import config_or_report


def register(sub) -> None:
    p = sub.add_parser("prune", help="delete data older than kiosk.yaml's retention allows, and keep the data "
                                     "folder under its size bound")
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    from kiosk.clock import SystemClock
    from kiosk.storage.audit import AuditLog
    from kiosk.storage.db import open_database
    from kiosk.storage.prune import prune

    cfg = config_or_report(args.config)
    if cfg is None:
        return 2
    clock = SystemClock(cfg.kiosk.timezone)
    engine, sessions = open_database(cfg.database_url)
    audit = None if args.dry_run else AuditLog(sessions, cfg.kiosk.terminal_id, clock=clock)
    try:
        report = prune(engine, cfg.data_dir, cfg.kiosk.retention, clock, dry_run=args.dry_run, audit=audit)
    finally:
        if audit is not None:
            audit.close()
        engine.dispose()
    if args.json:
        print(json.dumps({"dry_run": report.dry_run, "deleted": report.deleted, "bytes_before": report.bytes_before,
                          "bytes_after": report.bytes_after, "limit_bytes": report.limit_bytes,
                          "over_limit": report.over_limit, "vacuumed": report.vacuumed,
                          "guard_cutoff": report.guard_cutoff.isoformat() if report.guard_cutoff else None},
                         indent=2))
    else:
        print(report.summary())
    return 1 if report.over_limit else 0
