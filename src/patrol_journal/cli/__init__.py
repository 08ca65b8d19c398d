"""The command line: a thin typer layer over the core. The only package importing typer.

Commands live in one module per command or group. `pj CMD` imports only CMD's module, so
typer builds one command's options rather than every command's. The commands most used
are declared without typer (`declare.py`): their module holds a `COMMAND` row that typer
builds its command from here, and that the fast path (`fast.py`) runs without typer.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["COMMAND_MODULES", "app", "load_commands", "main"]

from patrol_journal.cli.commands import COMMAND_MODULES


def load_commands(commands: list[str] | None = None) -> typer.Typer:
    """The app with the given commands registered (all of them by default)."""
    from patrol_journal.cli.root import app

    names = list(COMMAND_MODULES) if commands is None else commands
    for name in dict.fromkeys(COMMAND_MODULES[name] for name in names):
        module = importlib.import_module(f"patrol_journal.cli.{name}")
        declared = getattr(module, "COMMAND", None)
        if declared is not None and declared.name not in app_names(app):
            from patrol_journal.cli.common import register

            register(app, declared)
    return app


def app_names(app: typer.Typer) -> set[str]:
    """The commands registered with the typer app so far."""
    return {info.name or "" for info in app.registered_commands}


def __getattr__(name: str) -> Any:
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def command_in(argv: list[str]) -> str | None:
    """The command word of a command line, skipping the global options before it."""
    skip_next = False
    for word in argv:
        if skip_next:
            skip_next = False
        elif word in ("--journal", "-j"):
            skip_next = True
        elif not word.startswith("-"):
            return word
    return None


def main() -> None:
    """The console script: `pj` and `patrol-journal`."""
    import atexit
    import gc

    # Everything lives until the process ends: at exit, the last garbage collection
    # would only walk the heap the system frees anyway (50-120 ms on a large view).
    atexit.register(gc.freeze)
    from patrol_journal.cli import fast

    if fast.run(sys.argv[1:]):
        return
    command = command_in(sys.argv[1:])
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if command in COMMAND_MODULES and not completing:
        app = load_commands([command])
    else:
        app = load_commands()
    app()
