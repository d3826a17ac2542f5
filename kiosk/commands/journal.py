"""`kiosk journal`: the gas top-ups and their states, for the technician (card numbers masked)."""

from __future__ import annotations

import json

from kiosk.config.loader import config_or_report


def register(sub) -> None:
    p = sub.add_parser("journal", help="list gas top-ups and their states")
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--pending", action="store_true", help="only top-ups that are not settled")
    p.add_argument("--json", action="store_true", help="JSON, with each top-up's history")
    p.set_defaults(func=run)


def run(args) -> int:
    from kiosk.gas.journal import Journal
    from kiosk.storage.db import open_database

    cfg = config_or_report(args.config)
    if cfg is None:
        return 2
    engine, sessions = open_database(cfg.database_url)
    try:
        journal = Journal(sessions, terminal_id=cfg.kiosk.terminal_id, key=bytes.fromhex(cfg.kiosk.audit_key))
        rows = journal.all(pending_only=args.pending)
        if args.json:
            print(json.dumps([_as_json(r) for r in rows], ensure_ascii=False, indent=2))
        else:
            if not rows:
                print("no pending top-ups" if args.pending else "no top-ups")
            for r in rows:
                att = f"  ! {r.attention}" if r.attention else ""
                print(f"#{r.id:<5} {r.created_at:%Y-%m-%d %H:%M}  {r.card_masked}  ￥{r.amount_yuan:>8}  "
                      f"{r.state:<17} order {r.order_no or '-'}{att}")
        return 0
    finally:
        engine.dispose()


def _as_json(r) -> dict:
    return {"id": r.id, "created_at": r.created_at.isoformat(timespec="seconds"), "state": r.state,
            "card": r.card_masked, "amount_yuan": str(r.amount_yuan), "order_no": r.order_no,
            "transaction_no": r.transaction_no, "purchase_id": r.purchase_id, "count_before": r.count_before,
            "count_after": r.count_after, "volume_units": r.volume_units, "receipt_job": r.receipt_job,
            "attention": r.attention,
            "history": [{"at": e.at.isoformat(timespec="seconds"), "from": e.from_state, "to": e.to_state,
                         "note": e.note} for e in r.events]}
