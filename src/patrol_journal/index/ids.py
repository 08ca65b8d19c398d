"""Ids as officers type and see them: a unique prefix resolved to the full id, the one
display length that keeps every id in the index apart, names by key: plain functions of
an index."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from patrol_journal.vocab import ID_LENGTH, MIN_PREFIX, RECORD_TYPES

if TYPE_CHECKING:
    from patrol_journal.index.store import Index

MIN_SHORT = 6
# New ids a refresh keeps, to check the display length against their neighbours; past
# this many, every id is looked at in one ordered pass instead.
NEW_IDS_KEPT = 1000


def resolve_id(
    index: Index, prefix: str, *, types: Iterable[str] | None = None, listing: str = "pj recent"
) -> str:
    """The full id of the one record of `types` that a prefix (4+ characters) names
    (`listing`: the command that lists them, said when none does)."""
    kinds = tuple(types or RECORD_TYPES)
    marks = ",".join("?" * len(kinds))
    return _resolve(
        index,
        prefix,
        f"SELECT DISTINCT id FROM records WHERE id >= ? AND id < ? AND type IN ({marks})",
        kinds,
        what=" or ".join(kinds),
        listing=listing,
    )


def resolve_concern(index: Index, prefix: str) -> str:
    """The concern a unique id prefix names (the id of any of its steps works too). In
    a team, an unknown one may be a teammate's not synced here yet: said so."""
    listing = "pj concerns --status all"
    if index.team:
        listing += "; a teammate's concern not synced here yet? run 'pj sync' first"
    return _resolve(
        index,
        prefix,
        "SELECT DISTINCT concern_id FROM concern_events WHERE id >= ? AND id < ?",
        (),
        what="concern",
        listing=listing,
    )


def _resolve(
    index: Index, prefix: str, sql: str, params: tuple[str, ...], *, what: str, listing: str
) -> str:
    from patrol_journal.errors import AmbiguousId, UnknownId, UsageError

    wanted = prefix.strip().lower()
    if len(wanted) < MIN_PREFIX:
        raise UsageError(
            f"'{prefix}' is too short: give at least {MIN_PREFIX} characters of the id"
        )
    rows = index.db.execute(sql + " LIMIT 6", (wanted, wanted + "\U0010ffff", *params)).fetchall()
    if not rows:
        raise UnknownId(f"no {what} has an id starting '{prefix}' (see '{listing}')")
    if len(rows) > 1:
        shown = ", ".join(short_id(index, row[0]) for row in rows[:5])
        raise AmbiguousId(f"'{prefix}' matches several ids ({shown}); type more characters")
    return str(rows[0][0])


def ids_starting(index: Index, prefix: str, kind: str = "record", limit: int = 50) -> list[str]:
    """Ids that start with `prefix`, for shell completion: of any record, of
    interactions and their corrections ("interaction"), or of concerns ("concern")."""
    sql = {
        "record": "SELECT id FROM records",
        "interaction": "SELECT id FROM records WHERE type IN ('interaction', 'amendment')",
        "concern": "SELECT id FROM concerns",
    }[kind]
    rows = index.db.execute(
        f"SELECT id FROM ({sql}) WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    ).fetchall()
    return [str(row[0]) for row in rows]


def concerns_starting(
    index: Index, prefix: str, statuses: tuple[str, ...], limit: int = 50
) -> list[tuple[str, str]]:
    """(id, text) of the concerns in `statuses` whose id starts with `prefix`, for
    shell completion of the step that can be taken on them."""
    marks = ",".join("?" * len(statuses))
    rows = index.db.execute(
        f"SELECT id, text FROM concerns WHERE id >= ? AND id < ? AND status IN ({marks}) "
        "ORDER BY ts DESC LIMIT ?",
        (prefix, prefix + "\U0010ffff", *statuses, limit),
    ).fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]


def interaction_of(index: Index, record_id: str) -> str:
    """The interaction a record stands for: itself, or the one a correction amends."""
    row = index.db.execute("SELECT target FROM amendments WHERE id = ?", (record_id,)).fetchone()
    return record_id if row is None else str(row[0])


def short_id(index: Index, full: str) -> str:
    """The id as views show it: one length for all, long enough that no two records
    share it (six characters for most journals)."""
    if index._short_length is None:
        index._short_length = int(index.meta("short_length") or MIN_SHORT)
    return full[: index._short_length]


def update_short_length(index: Index, new_ids: list[str], rebuilt: bool) -> None:
    """Keep the display length of ids unique: look at each new id's neighbours (`new_ids`:
    the first of them, up to NEW_IDS_KEPT and one more)."""
    if rebuilt or len(new_ids) > NEW_IDS_KEPT:  # many: one pass over every id, in order
        length = MIN_SHORT
        rows = index.db.execute("SELECT DISTINCT id FROM records ORDER BY id")
        for (first,), (second,) in itertools.pairwise(rows):
            length = max(length, _common_prefix(first, second) + 1)
    else:
        length = int(index.meta("short_length") or MIN_SHORT)
        for full in new_ids:
            for (other,) in index.db.execute(
                "SELECT max(id) FROM records WHERE id < ? UNION ALL "
                "SELECT min(id) FROM records WHERE id > ?",
                (full, full),
            ):
                if other:
                    length = max(length, _common_prefix(full, other) + 1)
    index.set_meta(short_length=str(min(length, ID_LENGTH)))
    index._short_length = None


def person_name(index: Index, key: str) -> str:
    row = index.db.execute("SELECT name FROM people WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else key


def place_name(index: Index, key: str | None) -> str | None:
    if key is None:
        return None
    row = index.db.execute("SELECT name FROM places WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else key


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
