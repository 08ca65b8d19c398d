"""Where a journal's cache files live, the names file, and the cheap "verified" mark.

Kept free of sqlite and pydantic so that recording stays as fast as starting the CLI."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.config import cache_dir
from patrol_journal.outputs import write_atomically
from patrol_journal.vocab import clean_text, name_key


def _key(journal_path: Path) -> str:
    real = os.path.realpath(journal_path)
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def clear_caches() -> int:
    """Delete every index and names file pj keeps, of every journal and team, under
    whatever path each had (all are caches, rebuilt when next needed). How many went."""
    import contextlib

    cleared = 0
    folder = cache_dir()
    for pattern in ("index-*", "team-*"):
        for file in folder.glob(pattern):
            with contextlib.suppress(OSError):
                file.unlink()
                cleared += 1
    return cleared


def index_path(journal_path: Path) -> Path:
    """The SQLite index of this journal, keyed by its real path."""
    return cache_dir() / f"index-{_key(journal_path)}.sqlite3"


def team_index_path(team_root: Path) -> Path:
    """The one SQLite index of a team's journals, keyed by the team's real path."""
    return cache_dir() / f"team-{_key(team_root)}.sqlite3"


def verified_path(journal_path: Path) -> Path:
    return cache_dir() / f"index-{_key(journal_path)}.verified"


def names_path(journal_path: Path) -> Path:
    return cache_dir() / f"index-{_key(journal_path)}.names"


Names = dict[str, tuple[str, int]]


def write_names(
    journal_path: Path, people: list[tuple[str, str, int]], places: list[tuple[str, str, int]]
) -> None:
    """Known people and places (key, name, count) as tab-separated lines: no json, no sqlite."""
    lines = [
        f"{kind}\t{key}\t{name}\t{count}\n".replace("\r", " ")
        for kind, rows in (("p", people), ("l", places))
        for key, name, count in rows
        if "\t" not in key + name and "\n" not in key + name
    ]
    _write_atomically(names_path(journal_path), "".join(lines))


def read_names(journal_path: Path) -> tuple[Names, Names]:
    """People and places by key: (display name, times met or visits). Empty if unknown."""
    people: Names = {}
    places: Names = {}
    try:
        text = names_path(journal_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return people, places
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[3].lstrip("-").isdigit():
            (people if parts[0] == "p" else places)[parts[1]] = (parts[2], int(parts[3]))
    return people, places


def count_in_names(journal_path: Path, records: list[dict[str, Any]]) -> None:
    """Add what an append recorded to the names file, so the next `pj log`'s look-alike
    note and shell completion know everyone met so far, with current counts."""
    people, places = read_names(journal_path)
    for record in records:
        if record.get("type") != "interaction":
            continue
        for name in dict.fromkeys(record.get("people") or []):
            _count(people, name)
        if record.get("place"):
            _count(places, record["place"])
    write_names(
        journal_path,
        [(key, name, count) for key, (name, count) in people.items()],
        [(key, name, count) for key, (name, count) in places.items()],
    )


def _count(known: Names, name: str) -> None:
    key = name_key(name)
    shown, count = known.get(key, (clean_text(name), 0))
    known[key] = (shown, count + 1)


def _write_atomically(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, text)
    except OSError:  # only a cache
        pass


def stat_key(st: os.stat_result) -> str:
    """What `pj log` trusts: the file's identity, size, and modification and change times.
    The change time (ctime) is set by the system on every write and every `touch -r`, and
    no editor or sync tool can set it back."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def write_verified(journal_path: Path, st: os.stat_result) -> None:
    """Note that the journal, exactly as it is at this stat, is known to be sound."""
    _write_atomically(verified_path(journal_path), stat_key(st))


def is_verified(journal_path: Path, st: os.stat_result) -> bool:
    try:
        return verified_path(journal_path).read_text() == stat_key(st)
    except OSError:
        return False


# --------------------------------------------------------------------------- on duty
#
# While a shift is open, `pj log` says when it follows more than an hour with no entry.
# It learns of the shift from a small file (the shift's id and where its record starts in
# the journal), and reads only the journal's bytes from there: no sqlite, no pydantic.

GAP_SECONDS = 3600
_WHEN_LINE = re.compile(
    rb"^when = (\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d))\s*$", re.M
)


def duty_path(journal_path: Path) -> Path:
    return cache_dir() / f"index-{_key(journal_path)}.duty"


def write_duty(journal_path: Path, shift_id: str, offset: int) -> None:
    """Note the open shift: its id, and the byte offset of its record."""
    _write_atomically(duty_path(journal_path), f"{shift_id}\t{offset}\n")


def clear_duty(journal_path: Path) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        duty_path(journal_path).unlink()


def gap_before(journal_path: Path, when: datetime) -> tuple[datetime, datetime] | None:
    """(the last entry of the open shift before `when`, `when`) if more than an hour
    lies between them; None off duty, or when the noted shift is not the journal's own
    open one any more (ended, or the file moved)."""
    try:
        shift_id, offset_text = duty_path(journal_path).read_text(encoding="utf-8").split()
        with open(journal_path, "rb") as journal:
            journal.seek(int(offset_text))
            data = journal.read()
    except (OSError, ValueError):
        return None
    if f'id = "{shift_id}"'.encode() not in data[:512] or b'\nduty = "off"' in data:
        return None
    moments = [datetime.fromisoformat(found.decode()) for found in _WHEN_LINE.findall(data)]
    if not moments or when < moments[0]:
        return None  # before the shift began: not one of its entries
    moment = when.replace(microsecond=0)
    if moment in moments:
        moments.remove(moment)  # the entry just written
    last = max((found for found in moments if found <= moment), default=None)
    if last is None or (moment - last).total_seconds() <= GAP_SECONDS:
        return None
    return last, moment
