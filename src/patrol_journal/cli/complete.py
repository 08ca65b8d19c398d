"""Shell completion of names and places, from the names file (no SQLite)."""

from __future__ import annotations


def complete_person(incomplete: str) -> list[str]:
    """Names for shell completion, from the cache file (no SQLite, no journal read)."""
    return _complete(incomplete, people=True)


def complete_place(incomplete: str) -> list[str]:
    return _complete(incomplete, people=False)


def _complete(incomplete: str, *, people: bool) -> list[str]:
    from patrol_journal.config import locate_journal
    from patrol_journal.index.files import read_names
    from patrol_journal.vocab import name_key

    try:
        known = read_names(locate_journal(None).path)[0 if people else 1]
    except Exception:  # completion must never fail loudly
        return []
    prefix = name_key(incomplete)
    matches = [(count, name) for key, (name, count) in known.items() if key.startswith(prefix)]
    return [name for _count, name in sorted(matches, reverse=True)]
