"""The journal's byte format: the header, a record's text, seals and the hash chain."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

FORMAT_VERSION = 1


RECORD_HEADER = "[[record]]"


HEADER_TABLE = "[journal]"


SEAL_LENGTH = 16


SEAL_LINE = r"^\s*seal\s*=\s*\"([0-9a-f]{16})\"\s*$"  # compiled on first use


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


def link_of(block_text: str) -> str:
    """The seal the next record chains to: the stored one, or one computed for a hand-added
    record that has none."""
    return stored_seal(block_text) or compute_seal("", block_text)


# --------------------------------------------------------------------------- read


def torn_message(consequence: str = "") -> str:
    """The one wording of a torn tail, with what it means for the command that found it."""
    said = f"; {consequence}" if consequence else ""
    return (
        "torn tail: the journal ends in an incomplete record (an interrupted write?)"
        f"{said}; run 'pj check --repair' to move it aside"
    )


TORN_MESSAGE = torn_message()
