"""The command line: a thin typer layer over the core. The only package importing typer."""

from __future__ import annotations

from patrol_journal.cli import check, recent, record, where  # noqa: F401  (registers commands)
from patrol_journal.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The console script: `pj` and `patrol-journal`."""
    app()
