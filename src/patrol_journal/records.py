"""The journal's vocabulary and its byte format: ids, names, seals, serialisation.

This module is the write side of the format and stays light (no pydantic, no rich):
`pj log` imports it on every run. The read side validates records with `model.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from typing import Any

FORMAT_VERSION = 1

KINDS = ("chat", "event", "business", "patrol", "meeting", "call", "other")
RECORD_TYPES = ("interaction", "amendment", "concern", "person")
CONCERN_ACTIONS = ("raise", "note", "resolve", "report-back", "reopen")
PRIORITIES = ("low", "normal", "high")

# The fields of an interaction a correction (amendment) may replace.
AMENDABLE = ("when", "kind", "text", "people", "place", "tips", "shared", "tags")

RECORD_HEADER = "[[record]]"
HEADER_TABLE = "[journal]"

# Crockford's base32, lower case: no i, l, o, u, so ids read aloud and typed without doubt.
ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ID_LENGTH = 10  # 50 random bits: two processes or two merged journals never meet
MIN_PREFIX = 4

SEAL_LENGTH = 16
SEAL_LINE = r"^\s*seal\s*=\s*\"([0-9a-f]{16})\"\s*$"  # compiled on first use


def new_id() -> str:
    """A fresh random id: no counter, so concurrent writers can never take the same one."""
    value = int.from_bytes(os.urandom(7), "big") >> (56 - 5 * ID_LENGTH)
    chars = []
    for _ in range(ID_LENGTH):
        chars.append(ID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def has_control_characters(text: str) -> bool:
    """Tabs, newlines, escapes and the like: never part of a name or a place."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def clean_text(text: str) -> str:
    """Collapse runs of whitespace and trim: how names and places are displayed."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """The matching key for a name or place: casefolded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def is_seal_key(line: str) -> bool:
    """True for a `seal = ...` line (the one line a seal does not cover)."""
    stripped = line.lstrip()
    return stripped.startswith("seal") and stripped[4:].lstrip().startswith("=")


def seal_content(block: str) -> str:
    """The part of a record's text its seal covers: every line but the seal line.

    Line endings are normalised and trailing blank lines dropped, so a Windows editor's
    CRLF or an extra blank line between records does not count as a change.
    """
    lines = block.replace("\r\n", "\n").split("\n")
    kept = [line.rstrip() for line in lines if not is_seal_key(line)]
    return "\n".join(kept).strip("\n")


def compute_seal(previous_seal: str, block: str) -> str:
    """Link a record to the one before it: sha256 over the previous seal and this text."""
    digest = hashlib.sha256()
    digest.update(previous_seal.encode("ascii", "replace"))
    digest.update(b"\n")
    digest.update(seal_content(block).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:SEAL_LENGTH]


def stored_seal(block: str) -> str | None:
    """The seal written in a record's text, if it has one."""
    for line in reversed(block.replace("\r\n", "\n").split("\n")):
        match = re.match(SEAL_LINE, line)
        if match:
            return match.group(1)
    return None


def _toml_ready(fields: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values and trim datetimes to whole seconds."""
    ready: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, datetime):
            value = value.replace(microsecond=0)
        ready[key] = value
    return ready


def serialise_record(fields: dict[str, Any], previous_seal: str) -> tuple[str, str]:
    """One record as journal text (a blank line, then `[[record]]` ...), and its seal."""
    import tomli_w

    # The table's keys are written at the top level and the header added by hand: tomli-w
    # would write a short table as an inline array, which a following key would break.
    body = f"{RECORD_HEADER}\n{tomli_w.dumps(_toml_ready(fields))}"
    seal = compute_seal(previous_seal, body)
    return f'\n{body}seal = "{seal}"\n', seal


def serialise_header(officer: str | None, created: datetime, journal_id: str) -> str:
    """The first lines of a new journal: a comment, then the `[journal]` table, sealed."""
    import tomli_w

    intro = (
        "# Patrol journal, kept with patrol-journal (pj).\n"
        "# Append-only: add records with `pj`; corrections are new records.\n"
        "# The format is described in docs/journal-format.md of patrol-journal.\n\n"
    )
    table: dict[str, Any] = {"format": FORMAT_VERSION, "id": journal_id}
    if officer:
        table["officer"] = officer
    table["created"] = created.replace(microsecond=0)
    body = f"{intro}{HEADER_TABLE}\n{tomli_w.dumps(table)}"
    return f'{body}seal = "{compute_seal("", body)}"\n'
