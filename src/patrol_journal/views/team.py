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
        synced = git.run(team.root, "log", "-1", "--format=%cI", "--", relative, check=False)
        changed = git.run(team.root, "status", "--porcelain", "--", relative, check=False)
        rows.append(
            {
                "officer": index.officer_name(source),
                "journal": relative,
                "you": source.path.name == own.name,
                "records": records.get(source.name, 0),
                "last_entry": last[source.name][1] if source.name in last else None,
                "last_sync": synced.strip() or None,
                "chain_head": _chain_head(source.path),
                "unsynced": bool(changed.strip()),
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
        **_branch_state(team.root),
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


def _branch_state(root: Path) -> dict[str, Any]:
    branch = git.run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
    upstream = git.run(
        root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False
    ).strip()
    ahead = behind = None
    if upstream:
        counts = git.run(
            root, "rev-list", "--left-right", "--count", "HEAD...@{u}", check=False
        ).split()
        if len(counts) == 2:
            ahead, behind = int(counts[0]), int(counts[1])
    return {
        "branch": branch or None,
        "upstream": upstream or None,
        "ahead": ahead,
        "behind": behind,
    }


def raised_concerns(journal: Path, team: Team) -> frozenset[str]:
    """The ids of every concern raised in the team's journals."""
    with Index.open_team(journal, team) as index:
        return frozenset(row[0] for row in index.db.execute("SELECT id FROM concerns"))
