"""`kiosk config check [DIR]` (every problem at once, as FILE:LINE: message) and `kiosk config hash-pin`."""

from __future__ import annotations

import getpass
import sys

from kiosk.config.loader import check_config, default_config_dir
from kiosk.pin import hash_pin


def register(sub) -> None:
    p = sub.add_parser("config", help="check the config files, or hash a technician PIN")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION")
    csub.required = True
    c = csub.add_parser("check", help="validate every config file and list every problem")
    c.add_argument("directory", nargs="?", help="config folder (default: the kiosk's)")
    c.set_defaults(func=check)
    h = csub.add_parser("hash-pin", help="print the salted hash of a technician PIN for kiosk.yaml")
    h.add_argument("--pin", help="the PIN (default: asked for without echo)")
    h.set_defaults(func=hash_pin_cmd)


def check(args) -> int:
    directory = args.directory or default_config_dir()
    cfg, problems = check_config(directory)
    if problems:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {directory}", file=sys.stderr)
        return 1
    tiles = cfg.menu.tiles
    shown = cfg.menu.visible_tiles()
    devices = list(cfg.devices.items())
    print(f"config OK: {directory}: 3 files, {len(tiles)} tiles ({len(shown)} shown), "
          f"{len(devices)} devices ({', '.join(f'{n}={d.port}' for n, d in devices)})")
    return 0


def hash_pin_cmd(args) -> int:
    pin = args.pin if args.pin is not None else getpass.getpass("technician PIN: ")
    if not pin.isdigit() or not 4 <= len(pin) <= 12:
        print("a PIN is 4 to 12 digits", file=sys.stderr)
        return 1
    print(hash_pin(pin))
    return 0
