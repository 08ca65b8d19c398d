"""Matching the names of people and places the way an officer types them.

Casefolded and whitespace-collapsed; an exact name wins, then a unique prefix; a close
misspelling gets "did you mean ...?" (rapidfuzz), several matches are listed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from patrol_journal.errors import AmbiguousName, UnknownName, UsageError
from patrol_journal.vocab import clean_text, looks_alike, name_key, name_problem

if TYPE_CHECKING:
    from patrol_journal.index.files import Names
    from patrol_journal.index.store import Index


What = Literal["person", "place"]


_TABLES = {"person": ("people", "pj people"), "place": ("places", "pj places")}


# A spelling that a correction replaced everywhere is no longer anyone's name.
_KNOWN = {
    "person": "(met > 0 OR key IN (SELECT person_key FROM person_notes) "
    "OR key IN (SELECT person_key FROM concern_raisers))",
    "place": "(visits > 0 OR key IN (SELECT place_key FROM concerns WHERE place_key IS NOT NULL))",
}


def resolve(index: Index, text: str, what: What = "person", *, written: bool = False) -> str:
    """The key of the one person (or place) `text` names; raises with candidates otherwise.
    `written`: anyone any record ever named, even one a correction took out of every
    record since (erasure and subject access reach them too)."""
    table, listing = _TABLES[what]
    problem = name_problem(text, limit=None)
    if problem is not None:
        raise UsageError(f"the {what} name {problem}")
    key = name_key(text)
    known = "1" if written else _KNOWN[what]
    if index.db.execute(f"SELECT 1 FROM {table} WHERE key = ? AND {known}", (key,)).fetchone():
        return key
    prefixed = [
        (row[0], row[1])
        for row in index.db.execute(
            f"SELECT key, name FROM {table} WHERE key >= ? AND key < ? AND {known} "
            "ORDER BY key LIMIT 11",
            (key, key + "\U0010ffff"),
        )
    ]
    if len(prefixed) == 1:
        return str(prefixed[0][0])
    if len(prefixed) > 1:
        shown = ", ".join(name for _key, name in prefixed[:10])
        more = " and more" if len(prefixed) > 10 else ""
        raise AmbiguousName(
            f"'{clean_text(text)}' matches several {table}: {shown}{more}; type more of the name"
        )
    suggestions = similar(index, key, what)
    if suggestions:
        shown = ", ".join(f"'{name}'" for name in suggestions)
        raise UnknownName(
            f"no {what} called '{clean_text(text)}'; did you mean {shown}?", suggestions
        )
    raise UnknownName(f"no {what} called '{clean_text(text)}' (see '{listing}')")


def similar(index: Index, key: str, what: What = "person", limit: int = 3) -> list[str]:
    """Known names close to `key` (a misspelling, reordered words), best first."""
    from rapidfuzz import fuzz, process

    table, _listing = _TABLES[what]
    names = {
        row[0]: row[1]
        for row in index.db.execute(f"SELECT key, name FROM {table} WHERE {_KNOWN[what]}")
    }
    found = process.extract(key, list(names), scorer=fuzz.WRatio, limit=limit, score_cutoff=85)
    return [names[match] for match, _score, _position in found]


def near_misses(name: str, known: Names) -> list[tuple[str, int]]:
    """Known names (display, count) that `name` looks like a slip of; none if it is known."""
    key = name_key(name)
    if not key or key in known:
        return []
    found = [entry for other, entry in known.items() if looks_alike(key, other)]
    return sorted(found, key=lambda entry: -entry[1])
