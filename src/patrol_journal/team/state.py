"""What git says of a team's clone for `pj team status`: the branch and how far it is from
the remote's, and for each journal when it was last shared and whether it has changes not
yet committed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from patrol_journal.team import git


def journal_state(root: Path, relative: str) -> tuple[str | None, bool]:
    """When the journal at `relative` was last committed (ISO time), and whether it has
    changes since."""
    synced = git.run(root, "log", "-1", "--format=%cI", "--", relative, check=False)
    changed = git.run(root, "status", "--porcelain", "--", relative, check=False)
    return synced.strip() or None, bool(changed.strip())


def branch_state(root: Path) -> dict[str, Any]:
    """The branch checked out, its upstream, and how many commits each has the other lacks."""
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
