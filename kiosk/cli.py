"""The `kiosk` command: one console script, a subcommand per module in kiosk/commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

#: Subcommand modules in kiosk/commands/, each with ``register(subparsers)`` that sets ``func``.
COMMANDS = ("run", "preview", "config", "diag", "sim", "demo", "journal", "status", "supervise", "prune", "tour",
            "voice")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, just that subcommand (its module alone is imported)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Self-service kiosk for service halls")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"kiosk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kiosk.commands.{name}":
                continue  # a command that has not landed yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # `kiosk run` starts faster without importing every other command (and what they import)
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only).parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
