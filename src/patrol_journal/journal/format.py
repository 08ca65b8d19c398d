"""The journal's byte format: the header, a record's text, seals and the hash chain.

Format 2 (written now): every record `pj` writes starts with the line
`[[record]] # sealed` (`[[record]] # sealed, 2 of 3` inside an append of several records)
and ends with its seal line, so "pj wrote this completely" is decidable from the bytes: a
sealed record without its seal line, or an append missing its last part, is torn.
The seal chains records: seal = sha256(previous seal, sha256(the record's text)), so a
record's text can later be replaced by a tombstone that keeps the digest of the text it
replaces, and the chain still verifies. Format 1 (read, and migrated on request) sealed
the text directly and had no header marks.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

FORMAT_VERSION = 2


RECORD_HEADER = "[[record]]"


HEADER_TABLE = "[journal]"


SEAL_LENGTH = 16


SEAL_LINE = r"^\s*seal\s*=\s*\"([0-9a-f]{16})\"\s*$"  # compiled on first use

# The header line of a record pj wrote (format 2), alone or as part `i of n` of an append.
SEALED_HEADER = "[[record]] # sealed"
# TOML allows spaces inside the brackets and a quoted key: `[[ "record" ]]` is a record too.
RECORD_HEADER_LINE = rb"""^\[\[[ \t]*(?:record|"record"|'record')[ \t]*\]\][ \t]*(#.*)?$"""
SEALED_COMMENT = r"^# sealed(?:, ([1-9][0-9]*) of ([1-9][0-9]*))?$"


def record_header(part: int = 1, parts: int = 1) -> str:
    """The first line of a sealed record: which part of its append it is, if one of many."""
    return SEALED_HEADER if parts == 1 else f"{SEALED_HEADER}, {part} of {parts}"


def sealed_part(line: str) -> tuple[int, int] | None:
    """(part, parts) for a sealed record's header line; None for any other line."""
    header = re.match(RECORD_HEADER_LINE, line.strip().encode("utf-8", "surrogatepass"))
    if header is None or header.group(1) is None:
        return None
    match = re.match(SEALED_COMMENT, header.group(1).decode("utf-8", "replace").rstrip())
    if match is None:
        return None
    if match.group(1) is None:
        return 1, 1
    return int(match.group(1)), int(match.group(2))


def is_record_header(line: str | bytes) -> bool:
    """A line that starts a record: `[[record]]`, alone or followed by a comment (`# sealed`,
    `# sealed, 1 of 2`)."""
    stripped = (line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line).strip()
    return stripped.startswith(b"[[") and re.match(RECORD_HEADER_LINE, stripped) is not None


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


def content_digest(block: str) -> str:
    """The sha256 of the text a seal covers (format 2 chains these, not the text)."""
    return hashlib.sha256(seal_content(block).encode("utf-8", "surrogatepass")).hexdigest()


def chain_seal(previous_seal: str, digest: str) -> str:
    """Format 2: link a record to the one before it through the digest of its text."""
    return hashlib.sha256(f"{previous_seal}\n{digest}".encode("ascii", "replace")).hexdigest()[
        :SEAL_LENGTH
    ]


DIGEST_LINE = r"^\s*digest\s*=\s*\"([0-9a-f]{64})\"\s*$"


def seal_of(block: str, previous_seal: str, journal_format: int = FORMAT_VERSION) -> str:
    """The seal a block should carry after `previous_seal`, in the given format. A record
    whose text `pj forget` changed carries the digest of its text as written, and the
    chain uses that."""
    if journal_format == 1:
        return compute_seal(previous_seal, block)
    return chain_seal(previous_seal, stored_digest(block) or content_digest(block))


def stored_digest(block: str) -> str | None:
    """The digest a record erased in part keeps of its text as written, if it has one."""
    if "digest" not in block:
        return None
    for line in block.replace("\r\n", "\n").split("\n"):
        match = re.match(DIGEST_LINE, line)
        if match:
            return match.group(1)
    return None


def compute_seal(previous_seal: str, block: str) -> str:
    """Format 1: sha256 over the previous seal and this text."""
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
    """Drop empty values and trim datetimes to whole seconds. A correction keeps an
    emptied list: in an amendment, a field given replaces the old one ("no tags now")."""
    keeps_empty_lists = fields.get("type") == "amendment"
    ready: dict[str, Any] = {}
    for key, value in fields.items():
        if value is None or value == "" or (value == [] and not keeps_empty_lists):
            continue
        if isinstance(value, datetime):
            value = value.replace(microsecond=0)
        ready[key] = value
    return ready


def seal_line(seal: str) -> str:
    """The line that ends a sealed block: `seal = "<16 hex>"` (`SEAL_LINE` reads it)."""
    return f'seal = "{seal}"\n'


def serialise_records(records: list[dict[str, Any]], previous_seal: str) -> tuple[str, str]:
    """One append as journal text (its records marked `i of n` when several), and the seal
    the next append chains to."""
    import tomli_w

    parts = []
    for number, fields in enumerate(records, 1):
        # The table's keys are written at the top level and the header added by hand:
        # tomli-w would write a short table as an inline array, which a key after it breaks.
        body = f"{record_header(number, len(records))}\n{tomli_w.dumps(_toml_ready(fields))}"
        previous_seal = seal_of(body, previous_seal)
        parts.append(body + seal_line(previous_seal))
    return "".join(parts), previous_seal


def serialise_record(fields: dict[str, Any], previous_seal: str) -> tuple[str, str]:
    """One record alone as journal text, and its seal."""
    return serialise_records([fields], previous_seal)


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
    return body + seal_line(seal_of(body, "")) + "\n"


def link_of(block_text: str, previous: str = "", journal_format: int = 1) -> str:
    """The seal the next record chains to after this block: the stored one; for a
    hand-added record without one, format 1 made one up from its text, format 2 passes the
    previous link on (such records are outside the chain)."""
    stored = stored_seal(block_text)
    if stored is not None:
        return stored
    return compute_seal("", block_text) if journal_format == 1 else previous


# --------------------------------------------------------------------------- read


def torn_message(consequence: str = "") -> str:
    """The one wording of a torn tail, with what it means for the command that found it."""
    said = f"; {consequence}" if consequence else ""
    return (
        "torn tail: the journal ends in an incomplete record (an interrupted write?)"
        f"{said}; run 'pj check --repair' to move it aside"
    )


TORN_MESSAGE = torn_message()
