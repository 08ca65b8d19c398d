"""Journals written inline in a test, as text (in the spirit of beancount's parse_string).

    index = index_of(tmp_path, '''
        [[record]]
        type = "interaction"
        id = "a000000001"
        when = 2026-11-02T10:00:00+00:00
        text = "Chat by the swings"
    ''')

The `[journal]` header is added; records need no seal (a hand-written journal is valid).
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from patrol_journal.index.store import Index

HEADER = '[journal]\nformat = 1\nofficer = "Sam Rivera"\n\n'


def journal_of(folder: Path, records: str) -> Path:
    """Write a journal of the given records (TOML text, indented as you like)."""
    path = folder / "inline.toml"
    path.write_text(HEADER + dedent(records).strip() + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def index_of(folder: Path, records: str) -> Index:
    """The index of a journal of the given records, brought up to date."""
    return Index.open(journal_of(folder, records))
