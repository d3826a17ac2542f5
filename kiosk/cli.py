"""The `kiosk` command: one console script, a subcommand per module in kiosk/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules in kiosk/commands/, each with ``register(subparsers)`` that sets ``func``.
COMMANDS = ("run", "preview", "config", "diag", "sim", "demo", "journal", "status", "supervise", "prune", "tour")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk for service halls")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kiosk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kiosk.commands.{name}":
                continue  # a command that has not landed yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
