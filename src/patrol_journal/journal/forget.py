"""`pj forget`: lawful erasure of one person, the one rewrite that removes what was written.

Every record that names the person is changed: person records about them become bare
tombstones (`type = "erased"`); in who was met and who raised a concern they become a
stand-in without a name (`[erased <erasure id>]`), and their name is taken out of every
text. Interactions stay, so every count and everyone else survive. A changed record keeps
its id, its place in the chain and its seal, and records
`digest`: the digest of its text as written, which the chain goes on using, so
`pj check --strict` still verifies. A sealed `erasure` record is appended: when, why, how
many records changed, never whom. The file is rewritten beside the journal, flushed and
renamed over it under the lock: a crash leaves the old journal or the new one, never a mix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalError, Source
from patrol_journal.fields import erased_as, retained_as
from patrol_journal.journal.files import replace_journal
from patrol_journal.journal.format import (
    FORMAT_VERSION,
    content_digest,
    is_record_header,
    seal_line,
    sealed_part,
    serialise_records,
    stored_seal,
)
from patrol_journal.journal.tail import inspect_tail
from patrol_journal.journal.write import holding
from patrol_journal.vocab import new_id

# How each field is erased, from the field table: lists of names and names (the person
# becomes a stand-in), and what is pj's own (ids, moments, words of its vocabulary);
# every other string of a record, in any field, is someone's text and may mention a person.
NAME_LISTS = erased_as("names")
NAMES = erased_as("name")
OWN_FIELDS = frozenset(erased_as("own"))

Scrub = Callable[[str], str]
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)


class Forgotten:
    """What `forget` changed: records, and the erasure record's id."""

    __slots__ = ("changed", "copies_scrubbed", "erasure_id")

    def __init__(self, changed: int, erasure_id: str) -> None:
        self.changed = changed
        self.erasure_id = erasure_id
        self.copies_scrubbed: list[Path] = []


def forget(
    path: Path,
    is_them: Callable[[str], bool],
    scrub: Scrub,
    *,
    now: datetime,
    reason: str | None,
    scope: str,
    dry_run: bool = False,
    scrub_theirs: Scrub | None = None,
    copies: list[Path] | None = None,
    cut_name: Callable[[str], bool] = lambda word: False,
    progress: Progress | None = None,
) -> Forgotten:
    """Rewrite the journal without the person `is_them` recognises (by name), their name
    taken out of texts by `scrub` (and by `scrub_theirs` in the records that list them,
    if given), then the `copies` beside it the same way. With `dry_run`, count what would
    change and write nothing."""
    erasure_id = new_id()
    alias = f"[erased {erasure_id[:6]}]"  # one stand-in, so counts stay as they were

    def change(table: dict[str, Any]) -> dict[str, Any]:
        return _without(table, is_them, scrub, alias, scrub_theirs or scrub)

    done = rewrite(
        path,
        change,
        erasure_id=erasure_id,
        now=now,
        reason=reason,
        scope=scope,
        dry_run=dry_run,
        progress=progress,
    )
    if not dry_run:
        done.copies_scrubbed = [
            copy
            for copy in copies or []
            if scrub_copy(copy, change, scrub_theirs or scrub, cut_name)
        ]
    return done


def forget_before(
    path: Path,
    cutoff: datetime,
    *,
    now: datetime,
    reason: str | None,
    dry_run: bool = False,
    live: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> Forgotten:
    """Retention: erase everyone's details of everything that happened before `cutoff`:
    names become stand-ins (one a person, so counts still add up), texts, tips, shared
    information and notes become "[erased]"; kinds, places and times stay. The concerns
    in `live` (still open, or owed a report-back) keep every step and who raised them:
    the officer still has to close the loop with that person."""
    stand_ins: dict[str, str] = {}
    happened: dict[str, Any] = {}  # each interaction's time, as corrected

    def stand_in(name: str) -> str:
        from patrol_journal.vocab import name_key

        return stand_ins.setdefault(name_key(name), f"[person {len(stand_ins) + 1}]")

    def prepare(tables: list[dict[str, Any]]) -> None:
        for table in tables:
            if table["type"] == "interaction":
                happened.setdefault(table["id"], table["when"])
            elif table["type"] == "amendment" and table.get("when") is not None:
                happened[table["amends"]] = table["when"]

    def change(table: dict[str, Any]) -> dict[str, Any]:
        # A correction happened when what it corrects happened (as corrected last).
        key = {"interaction": "id", "amendment": "amends"}.get(table["type"])
        when = happened.get(table[key]) if key else None
        when = when or table.get("when") or table.get("recorded")
        if not isinstance(when, datetime) or when >= cutoff:
            return table
        if table["type"] == "concern" and live & {table["id"], table.get("concern")}:
            return table
        return _erased_details(table, stand_in)

    return rewrite(
        path,
        change,
        erasure_id=new_id(),
        now=now,
        reason=reason,
        scope=f"before {cutoff.date().isoformat()}",
        dry_run=dry_run,
        prepare=prepare,
        progress=progress,
    )


def _erased_details(table: dict[str, Any], stand_in: Callable[[str], str]) -> dict[str, Any]:
    if table["type"] == "person":
        return {"type": "erased", "id": table["id"]}
    new = dict(table)
    for key in retained_as("stand-in"):
        value = new.get(key)
        if isinstance(value, list):
            new[key] = [stand_in(name) for name in value]
        elif isinstance(value, str):
            new[key] = stand_in(value)
    for key in retained_as("erase"):
        value = new.get(key)
        if isinstance(value, list):
            new[key] = [ERASED for _item in value]
        elif isinstance(value, str) and value:
            new[key] = ERASED
    for key in retained_as("empty"):
        if key in new:
            new[key] = []
    return new


ERASED = "[erased]"


def rewrite(
    path: Path,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    erasure_id: str,
    now: datetime,
    reason: str | None,
    scope: str,
    dry_run: bool = False,
    prepare: Callable[[list[dict[str, Any]]], None] | None = None,
    progress: Progress | None = None,
) -> Forgotten:
    """Rewrite every record through `change` (`prepare` sees them all first), then append
    the sealed erasure record. `progress` is told the bytes read as they are."""
    with holding(path) as fd:
        tail = inspect_tail(fd, os.fstat(fd).st_size, path)
        if tail.torn_offset is not None:
            raise JournalError(
                "the journal ends in an incomplete record; nothing was erased. Run "
                "'pj check --repair' first",
                Source(path, tail.torn_line or 0),
            )
        if tail.format < FORMAT_VERSION:
            raise JournalError(
                f"{path} is journal format {tail.format}; run 'pj migrate' before "
                "erasing anyone (nothing was changed)"
            )
        blocks, changed = _rewritten(path, change, prepare, progress, os.fstat(fd).st_size)
        if dry_run or not changed:
            return Forgotten(changed, erasure_id)
        link = tail.link
        erasure, _link = serialise_records(
            [
                {
                    "type": "erasure",
                    "id": erasure_id,
                    "when": now,
                    "recorded": now,
                    "reason": reason,
                    "scope": scope,
                    "records_changed": changed,
                }
            ],
            link,
        )
        replace_journal(path, [*blocks, erasure.encode("utf-8")], doing="forgetting")
        return Forgotten(changed, erasure_id)


def _rewritten(
    path: Path,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    prepare: Callable[[list[dict[str, Any]]], None] | None,
    progress: Progress | None,
    size: int,
) -> tuple[list[bytes], int]:
    """The journal's blocks with the person taken out, and how many records changed."""
    from patrol_journal.journal.read import read_entries

    read: list[tuple[bytes, str | None, dict[str, Any] | None]] = []
    for entry in read_entries(path, locked=True):
        if entry.problem is not None:
            raise JournalError(
                f"{entry.problem.message}; nothing was erased (see 'pj check')",
                entry.problem.source,
            )
        table = None
        if entry.record is not None and entry.text is not None:
            table = entry.record.model_dump(exclude_unset=True, exclude={"source"})
            table["type"] = entry.record.type
        read.append((entry.block.raw, entry.text, table))
        if progress is not None and len(read) % 1000 == 0:
            progress(entry.block.end, size)
    if prepare is not None:
        prepare([table for _raw, _text, table in read if table is not None])
    blocks: list[bytes] = []
    changed = 0
    for raw, text, table in read:
        if table is None or text is None:
            blocks.append(raw)
            continue
        new = change(table)
        if new == table:
            blocks.append(raw)
            continue
        changed += 1
        blocks.append(_block(text, new).encode("utf-8"))
    return blocks, changed


def _without(
    table: dict[str, Any],
    is_them: Callable[[str], bool],
    scrub: Scrub,
    alias: str,
    scrub_theirs: Scrub,
) -> dict[str, Any]:
    """A record's table with the person taken out: a tombstone if it is about them; in
    who was met or raised a concern, a stand-in without their name, so every count stays;
    their name taken out of every other text of the record, whatever its field (by
    `scrub_theirs` in a record that lists them)."""
    if table["type"] == "person" and is_them(table["name"]):
        return {"type": "erased", "id": table["id"]}
    names = [*(name for key in NAME_LISTS for name in table.get(key) or [])]
    names += [table[key] for key in NAMES if isinstance(table.get(key), str)]
    if any(is_them(name) for name in names):
        scrub = scrub_theirs
    new = dict(table)
    for key, value in table.items():
        if key in OWN_FIELDS:
            continue
        if key in NAME_LISTS:
            new[key] = list(dict.fromkeys(alias if is_them(name) else name for name in value))
        elif key in NAMES:
            new[key] = alias if is_them(value) else value  # another's name is theirs
        elif isinstance(value, str):
            new[key] = scrub(value)
        elif isinstance(value, list):
            new[key] = [scrub(item) if isinstance(item, str) else item for item in value]
    return new


def scrub_copy(
    path: Path,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    scrub: Scrub,
    cut_name: Callable[[str], bool],
) -> bool:
    """Take the person out of a copy of the journal pj keeps beside it (a torn tail moved
    aside, the journal before a migration), as a whole or not at all. Each record that
    reads is changed as the journal's own (`change`: tombstones, stand-ins, every field);
    what does not (a torn record) is scrubbed as text with its escapes read as spacing,
    and a word cut off at its end that begins a name (`cut_name`) goes too. True if it
    changed."""
    from patrol_journal.journal.blocks import split_blocks
    from patrol_journal.journal.files import open_existing
    from patrol_journal.outputs import write_atomically

    fd = open_existing(path, os.O_RDONLY)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read()
        blocks = [block.raw for block in split_blocks(handle, 0, 1, len(data))]
    text = data.decode("utf-8", "surrogateescape")
    if b"".join(blocks) != data:  # not split whole (a run too long): all of it as text
        blocks = [data]
    pieces = [block.decode("utf-8", "surrogateescape") for block in blocks]
    new = "".join(_scrubbed_piece(piece, change, scrub, cut_name) for piece in pieces)
    if new == text:
        return False
    write_atomically(path, new.encode("utf-8", "surrogateescape"))
    return True


def _scrubbed_piece(
    piece: str,
    change: Callable[[dict[str, Any]], dict[str, Any]],
    scrub: Scrub,
    cut_name: Callable[[str], bool],
) -> str:
    import tomllib

    if is_record_header(piece.split("\n", 1)[0]):
        try:
            tables = tomllib.loads(piece).get("record") or [{}]
        except (tomllib.TOMLDecodeError, ValueError):
            tables = None
        if tables is not None and len(tables) == 1 and "type" in tables[0]:
            new = change(tables[0])
            if new == tables[0]:
                return piece
            trailing = piece[len(piece.rstrip("\r\n")) :]
            return _block(piece, new).rstrip("\n") + (trailing or "\n")
    # Not a record that reads: text, its escapes as the spacing they stand for.
    text = scrub(re.sub(r"\\[ntr]", "  ", piece))
    cut = re.search(r"(\w+)(\W*)$", text)
    if cut and cut_name(cut.group(1)):
        text = text[: cut.start(1)] + "[name]" + cut.group(2)
    return text


def _block(text: str, table: dict[str, Any]) -> str:
    """The changed record as text: its header line, its new fields, the digest of its text
    as written (the chain goes on using it), and its seal as written."""
    import tomli_w

    from patrol_journal.journal.format import _toml_ready

    header = text.split("\n", 1)[0].rstrip("\r")
    sealed = sealed_part(header) is not None
    seal = stored_seal(text)
    fields = {key: value for key, value in table.items() if key not in ("seal", "digest")}
    body = f"{header}\n{tomli_w.dumps(_toml_ready(fields))}"
    if sealed and seal is not None:
        digest = table.get("digest") or content_digest(text)
        body += f'digest = "{digest}"\n' + seal_line(seal)
    return body
