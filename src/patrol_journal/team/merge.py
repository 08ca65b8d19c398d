"""Joining two copies of one journal: the merge driver git runs for `journals/*.toml`.

The same officer appends on two machines; each copy is the common part followed by that
machine's appends. The join keeps ours whole and adds after it every append of theirs
that ours does not hold, in their order, each record re-sealed so the chain runs on
through them. Records are never fused, reordered within a side, or dropped; an append
both sides hold (the same records, re-sealed by an earlier join) is kept once. Anything
else — a torn copy, two different journals, a record changed on one side (`pj forget`,
`pj migrate`, a hand edit) — is refused, and git reports a conflict with ours untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from patrol_journal.errors import JournalError
from patrol_journal.journal.format import (
    FORMAT_VERSION,
    SEAL_LINE,
    is_record_header,
    record_header,
    seal_content,
    seal_of,
    sealed_part,
    stored_seal,
)

_BY_HAND = "pj will not choose between them: see 'The merge driver' in docs/team.md"


class MergeRefused(JournalError):
    """The two copies cannot be joined without a person deciding."""


@dataclass
class Unit:
    """One append (a sealed record, or `i of n` of them) or one record added by hand."""

    records: list[str]
    sealed: bool

    @property
    def text(self) -> str:
        return "".join(self.records)


def merge_journals(
    ours: bytes, theirs: bytes, *, name: str = "the journal", lenient: bool = False
) -> bytes:
    """Ours, then every append of theirs that ours lacks, re-sealed after ours.

    `lenient` (an officer settling two copies by hand): a record of theirs that ours holds
    in another form is left out instead of refused, and the rest of its append is kept."""
    if ours == theirs:
        return ours
    if ours.startswith(theirs):
        return ours  # theirs is what ours was: every byte of it is in ours
    # Only what follows the last append both copies hold whole is looked at record by
    # record: a long journal's common part is compared as bytes.
    cut = _last_unit_start(ours, _first_difference(ours, theirs))
    our_head, our_units = split_units(ours, f"{name} (ours)", cut)
    their_head, their_units = split_units(theirs, f"{name} (theirs)", cut)
    if our_head != their_head:
        raise MergeRefused(
            f"{name}: the two copies are different journals (their headers differ; joined "
            "on two machines before syncing? keep one, then 'pj team join' again)"
        )
    common = 0
    while (
        common < min(len(our_units), len(their_units))
        and our_units[common].text == their_units[common].text
    ):
        common += 1
    held: dict[str, str] = {}
    for unit in our_units[common:]:
        for record in unit.records:
            held[record_id(record, name)] = seal_content(record)
    joined = [unit.text for unit in our_units]
    link = _last_link(our_head, our_units)
    for unit in their_units[common:]:
        ids = [record_id(record, name) for record in unit.records]
        present = [rid for rid in ids if rid in held]
        if lenient and present:
            unit = _without_records(unit, ids, held)
            if not unit.records:
                continue
        elif present and len(present) == len(ids):
            for record, rid in zip(unit.records, ids, strict=True):
                if seal_content(record) != held[rid]:
                    raise MergeRefused(
                        f"{name}: record {rid} is not the same in the two copies (changed by "
                        f"'pj forget', 'pj migrate' or by hand on one machine); {_BY_HAND}"
                    )
            continue
        elif present:
            raise MergeRefused(
                f"{name}: the two copies hold records {', '.join(present)} in different "
                f"appends; {_BY_HAND}"
            )
        if joined and not joined[-1].endswith("\n"):
            joined[-1] += "\n"
        elif not joined and not our_head.endswith("\n"):
            our_head += "\n"
        for record in unit.records:
            if unit.sealed:
                record, link = _resealed(record, link)
            joined.append(record)
    return (our_head + "".join(joined)).encode("utf-8")


def _without_records(unit: Unit, ids: list[str], held: dict[str, str]) -> Unit:
    """The records of `unit` that `held` lacks, as an append of their own."""
    kept = [record for record, rid in zip(unit.records, ids, strict=True) if rid not in held]
    if not unit.sealed or len(kept) == len(unit.records):
        return Unit(kept, unit.sealed)
    renumbered = []
    for number, record in enumerate(kept, 1):
        _first, rest = record.split("\n", 1)
        renumbered.append(f"{record_header(number, len(kept))}\n{rest}")
    return Unit(renumbered, unit.sealed)


def _first_difference(first: bytes, second: bytes) -> int:
    """The offset of the first byte where the two differ (the shorter's length if one
    begins with the other), compared a megabyte at a time."""
    size = min(len(first), len(second))
    a, b = memoryview(first), memoryview(second)
    low, step = 0, 1 << 20
    while low < size:
        high = min(size, low + step)
        if a[low:high] != b[low:high]:
            while high - low > 1:
                middle = (low + high) // 2
                if a[low:middle] == b[low:middle]:
                    low = middle
                else:
                    high = middle
            return low
        low = high
    return size


def _last_unit_start(data: bytes, before: int) -> int:
    """The start of the last append (or hand-added record) whose header line lies wholly
    before `before` — the same bytes, so the same unit, in both copies; 0 if none."""
    position = before
    while True:
        newline = data.rfind(b"\n[[", 0, position)
        if newline < 0:
            return 0
        start = newline + 1
        end = data.find(b"\n", start)
        if 0 <= end < before and is_record_header(data[start:end]):
            part = sealed_part(data[start:end].decode("utf-8", "replace"))
            if part is None or part[0] == 1:
                return start
        position = newline


def split_units(data: bytes, name: str, start: int = 0) -> tuple[str, list[Unit]]:
    """The text before `start` (the header, and records both copies hold when `start` is
    an append's start), and the appends and hand-added records from there, in file order.
    A copy whose end is torn, or of an older format, is refused."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MergeRefused(f"{name}: not UTF-8 text, not a journal pj can join") from None
    cut = len(data[:start].decode("utf-8"))
    records: list[str] = []
    head_parts: list[str] = [text[:cut]]
    lines = text[cut:].split("\n")
    for number, piece in enumerate(lines):
        line = piece if number == len(lines) - 1 else piece + "\n"
        if line.startswith("[[") and is_record_header(piece):
            records.append(line)
        elif records:
            records[-1] += line
        else:
            head_parts.append(line)
    head = "".join(head_parts)
    header = head[: _header_length(head)]
    if re.search(rf"^format\s*=\s*{FORMAT_VERSION}\s*$", header, re.MULTILINE) is None:
        raise MergeRefused(f"{name}: not a format {FORMAT_VERSION} journal (run 'pj migrate')")
    units: list[Unit] = []
    expected = (0, 0)  # the (part, parts) the next record must be inside an append
    for record in records:
        part = sealed_part(record.split("\n", 1)[0])
        if expected[0]:
            if part != expected:
                raise MergeRefused(f"{name}: an append is cut short (a torn tail?)")
            units[-1].records.append(record)
        elif part is None:
            units.append(Unit([record], sealed=False))
        elif part[0] != 1:
            raise MergeRefused(f"{name}: part {part[0]} of an append without its first part")
        else:
            units.append(Unit([record], sealed=True))
        if part is not None:
            if stored_seal(record) is None:
                raise MergeRefused(f"{name}: ends in a torn tail; run 'pj check --repair' first")
            expected = (part[0] + 1, part[1]) if part[0] < part[1] else (0, 0)
    if expected[0]:
        raise MergeRefused(f"{name}: ends in a torn tail; run 'pj check --repair' first")
    return head, units


def record_id(record: str, name: str) -> str:
    import tomllib

    from patrol_journal import nesting

    try:
        table = nesting.loads(record)["record"][0]
    except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError):
        raise MergeRefused(f"{name}: a record that does not parse; run 'pj check'") from None
    value = table.get("id")
    if not isinstance(value, str):
        raise MergeRefused(f"{name}: a record without an id; run 'pj check'")
    return value


def _header_length(head: str) -> int:
    """Where the `[journal]` header's text ends in `head`: at its first record."""
    found = re.search(r"^\[\[", head, re.MULTILINE)
    return len(head) if found is None else found.start()


def _last_link(head: str, units: list[Unit]) -> str:
    """The seal the next record chains to: the last stored one (hand-added records are
    outside the chain), else the last one in the common part."""
    for unit in reversed(units):
        for record in reversed(unit.records):
            seal = stored_seal(record)
            if seal is not None:
                return seal
    found = list(_SEAL.finditer(head, max(0, len(head) - 65536))) or list(_SEAL.finditer(head))
    return found[-1].group(1) if found else ""


_SEAL = re.compile(SEAL_LINE, re.MULTILINE)


def _resealed(record: str, previous: str) -> tuple[str, str]:
    """The record with its seal line recomputed to follow `previous`."""
    seal = seal_of(record, previous)
    found = list(_SEAL.finditer(record))
    last = found[-1]
    start, end = last.span(1)
    return record[:start] + seal + record[end:], seal


@dataclass
class Changes:
    """How a newer copy of a journal differs from an older one, beyond appends: the ids
    of records it lost and of records whose text it changed."""

    lost: list[str]
    changed: list[str]
    erased: bool = False  # the newer copy holds an erasure record the older one lacked
    migrated: bool = False  # the newer copy is of a newer format

    def __bool__(self) -> bool:
        return bool(self.lost or self.changed or self.migrated)

    @property
    def explained(self) -> bool:
        """Whether a sealed record of the journal's own says why (`pj forget` changes
        records and loses none; `pj migrate` rewrites them all)."""
        return self.migrated or (self.erased and not self.lost)

    def words(self) -> str:
        """ "lost 3 records (first 7h3k9q…) and changed 1" """
        from patrol_journal.vocab import plural

        if self.migrated and not (self.lost or self.changed):
            return "was migrated to a newer format"
        parts = []
        if self.lost:
            parts.append(f"lost {plural(len(self.lost), 'record')} (first {self.lost[0]})")
        if self.changed:
            changed = plural(len(self.changed), "record")
            parts.append(f"changed the text of {changed} (first {self.changed[0]})")
        return " and ".join(parts)


def journal_changes(old: bytes, new: bytes, *, name: str = "the journal") -> Changes:
    """What `new` lost or changed of `old` (appends are no change). Only what follows the
    bytes both begin with is read record by record. A copy that does not read as a
    journal raises MergeRefused."""
    if new.startswith(old):
        return Changes([], [])
    old_format, new_format = _format_of(old), _format_of(new)
    if old_format != new_format:
        return Changes([], [], migrated=new_format > old_format)
    cut = _last_unit_start(old, _first_difference(old, new))
    old_head, old_units = split_units(old, f"{name} (before)", cut)
    new_head, new_units = split_units(new, f"{name} (now)", cut)
    before = {record_id(r, name): seal_content(r) for u in old_units for r in u.records}
    after = {record_id(r, name): seal_content(r) for u in new_units for r in u.records}
    changed = [rid for rid in before if rid in after and after[rid] != before[rid]]
    if old_head != new_head:
        changed.insert(0, "the header")
    erased = any(
        re.search(r'^type\s*=\s*"erasure"\s*$', text, re.MULTILINE) is not None
        for rid, text in after.items()
        if rid not in before
    )
    return Changes([rid for rid in before if rid not in after], changed, erased)


def _format_of(data: bytes) -> int:
    found = re.search(rb"^format\s*=\s*(\d+)\s*$", data[:4096], re.MULTILINE)
    return int(found.group(1)) if found else 1


def check_arrivals(base: bytes | None, theirs: bytes, mine: bytes, *, name: str) -> int:
    """The records the remote's copy of your journal adds to the version you both had:
    each must read as a record (its TOML and the schema) and have an id of its own. How
    many there are; MergeRefused names the first that fails."""
    from patrol_journal.errors import JournalParseError, Source
    from patrol_journal.journal.parse import parse_block, validation_message
    from patrol_journal.model import ValidationError, validate_record

    common = base or b""
    cut = _last_unit_start(theirs, _first_difference(theirs, common)) if common else 0
    _head, units = split_units(theirs, name, cut)
    line = 1 + theirs[:cut].count(b"\n")
    before, seen = theirs[:cut], set()
    yours: dict[str, str] | None = None  # read only if needed
    count = 0
    for unit in units:
        for record in unit.records:
            source = Source(Path(name), line)
            line += record.count("\n")
            try:
                table = validate_record(parse_block(record, source), source)
            except JournalParseError as exc:
                raise MergeRefused(f"{name}: a record that does not read: {exc}") from None
            except (ValidationError, ValueError) as exc:
                said = validation_message(exc) if isinstance(exc, ValidationError) else str(exc)
                raise MergeRefused(f"{source}: a record that does not read: {said}") from None
            marker = f'\nid = "{table.id}"\n'.encode()
            if marker in before or table.id in seen:
                raise MergeRefused(f"{source}: a record takes the id {table.id} of an earlier one")
            seen.add(table.id)
            if marker in common:
                continue  # a record of the version you both had
            if marker in mine:
                yours = yours if yours is not None else _yours(mine, name)
                if seal_content(record) == yours.get(table.id):
                    continue  # the same record, here already (a sync stopped half-way)
                raise MergeRefused(f"{source}: a record takes the id {table.id} of one of yours")
            count += 1
    return count


def _yours(mine: bytes, name: str) -> dict[str, str]:
    """Your journal's records by id, their content without the seal (a record re-sealed
    after others is the same record)."""
    _head, units = split_units(mine, name)
    return {record_id(r, name): seal_content(r) for unit in units for r in unit.records}
