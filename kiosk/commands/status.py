"""`kiosk status`: is the kiosk up, since when, its devices, its last session, what needs a person."""

from __future__ import annotations

import json
from datetime import datetime

from kiosk.config.loader import config_or_report
from kiosk.heartbeat import read_status, status_problems


def register(sub) -> None:
    p = sub.add_parser("status", help="the running kiosk's heartbeat: uptime, devices, last session, problems")
    p.add_argument("--config", metavar="DIR", help="config folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    cfg = config_or_report(args.config)
    if cfg is None:
        return 2
    status = read_status(cfg.data_dir)
    issues = status_problems(status)
    if args.json:
        print(json.dumps({"status": status, "problems": issues}, ensure_ascii=False, indent=2))
    elif status is None:
        print(issues[0])
    else:
        up = int(status.get("uptime_s", 0))
        print(f"kiosk {status.get('terminal_id')}: up {up // 3600} h {up % 3600 // 60} min, "
              f"last heartbeat {datetime.fromtimestamp(status['written_at']):%Y-%m-%d %H:%M:%S}")
        for name, dev in (status.get("devices") or {}).items():
            print(f"  {name:<11} {dev.get('state')}" + (f"  ({dev['error']})" if dev.get("error") else ""))
        print(f"  screen: {status.get('screen') or '-'}")
        print(f"  last session: {status.get('last_session') or '-'}")
        rec = status.get("recovery")
        if rec:
            print(f"  top-up recovery: {datetime.fromtimestamp(rec['at']):%Y-%m-%d %H:%M:%S}, "
                  f"found {rec.get('found')} unfinished, resolved {len(rec.get('resolved') or [])}"
                  + (f", failed: {rec['error']}" if rec.get("error") else ""))
        print("problems: " + ("; ".join(issues) if issues else "none"))
    return 1 if issues else 0
