"""`pj team status`: each officer's journal, what it holds, when it was last shared."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalError
from patrol_journal.index.store import Index
from patrol_journal.journal.files import open_existing
from patrol_journal.journal.tail import inspect_tail
from patrol_journal.team import git
from patrol_journal.team.layout import JOURNALS, Team
from patrol_journal.team.state import branch_state, journal_state


def team_status(index: Index, team: Team, own: Path) -> dict[str, Any]:
    """The team, its git state, and a row per journal (records, last entry, last sync,
    the head of its hash chain, and whether it has changes not yet committed)."""
    records = dict(
        index.db.execute("SELECT source, count(*) FROM records GROUP BY source").fetchall()
    )
    last: dict[str, tuple[int, str]] = {}
    for table in ("interactions", "concern_events", "person_notes"):
        for source, ts, at in index.db.execute(
            f"SELECT r.source, max(t.ts), t.at FROM {table} t JOIN records r ON r.id = t.id "
            "GROUP BY r.source"
        ):
            if ts is not None and (source not in last or last[source][0] < ts):
                last[source] = (ts, at)
    rows = []
    for source in index.sources:
        relative = f"{JOURNALS}/{source.name}"
        synced, unsynced = journal_state(team.root, relative)
        rows.append(
            {
                "officer": index.officer_name(source),
                "journal": relative,
                "you": source.path.name == own.name,
                "records": records.get(source.name, 0),
                "last_entry": last[source.name][1] if source.name in last else None,
                "last_sync": synced,
                "chain_head": _chain_head(source.path),
                "unsynced": unsynced,
                "problems": index.problems_of(source),
            }
        )
    warnings = team.warnings() + [
        f"{path} was committed inside journals/: pj ignores it"
        for path in git.committed_attributes(team.root)
    ]
    return {
        "team": team.name,
        "root": str(team.root),
        **branch_state(team.root),
        "journals": rows,
        "warnings": warnings,
    }


def _chain_head(path: Path) -> str | None:
    """The seal the journal's next record will chain to: the head of its hash chain."""
    try:
        fd = open_existing(path, os.O_RDONLY)
    except JournalError:  # gone since the index read it: no head
        return None
    try:
        return inspect_tail(fd, os.fstat(fd).st_size, path).link or None
    except JournalError:  # a damaged journal: `pj check` says why
        return None
    finally:
        os.close(fd)


def raised_concerns(journal: Path, team: Team) -> frozenset[str]:
    """The ids of every concern raised in the team's journals."""
    with Index.open_team(journal, team) as index:
        return frozenset(row[0] for row in index.db.execute("SELECT id FROM concerns"))
