"""`pj sync`: commit the officer's own journal, pull (rebase), push — git as a subprocess.

Only the officer's own journal is ever committed; a change to anyone else's journal in
this clone stops the sync before anything happens. If joining with the remote fails, the
rebase is undone: the local commit stays, nothing is lost, and the reason is one line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from patrol_journal.errors import JournalError
from patrol_journal.journal.files import open_existing
from patrol_journal.journal.lock import exclusive
from patrol_journal.journal.tail import check_tail
from patrol_journal.team import git
from patrol_journal.team.layout import JOURNALS, TEAM_FILE, Team, require_team

PUSH_ATTEMPTS = 3


@dataclass
class SyncReport:
    """What a sync did."""

    journal: str  # the officer's journal, relative to the team's root
    committed: int = 0  # records in the commit made now (0: nothing new to commit)
    received: list[str] = field(default_factory=list)  # journals others changed
    pushed: bool = False
    remote: str = ""
    branch: str = ""
    upstream_set: bool = False


def sync(journal_path: Path) -> SyncReport:
    team = require_team(journal_path)
    root = team.root
    if not git.is_repository(root):
        raise git.GitError(
            f"{root} is not a git repository; a team made with 'pj team init' or cloned "
            "with git is one"
        )
    own = f"{JOURNALS}/{journal_path.name}"
    report = SyncReport(own)
    _refuse_others_changes(root, own)
    git.install_driver(root)
    report.branch = git.current_branch(root)
    identity = git.identity_options(root, team.officer_of(journal_path))
    upstream = git.run(
        root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False
    ).strip()
    remotes = git.run(root, "remote").split()
    report.remote = upstream.split("/", 1)[0] if upstream else _default_remote(remotes)
    with _locked(journal_path) as held:  # no append lands half-way into the commit
        check_tail(*held, journal_path)
        report.committed = _commit_own(root, own, team, identity)
    if report.remote:
        try:
            git.run(root, "fetch", "--quiet", report.remote, what="git fetch")
        except git.GitError as exc:
            kept = "; your journal is committed here" if report.committed else ""
            raise git.GitError(f"{exc.message}{kept}") from None
    target = upstream or f"{report.remote}/{report.branch}"
    if report.remote and git.succeeds(
        root, "rev-parse", "--verify", "--quiet", f"refs/remotes/{target}"
    ):
        with _locked(journal_path):
            # Anything logged while fetching is committed too, then both are joined.
            report.committed += _commit_own(root, own, team, identity)
            report.received = _join(root, target, identity)
    for path in team.journal_paths():  # git checks files out with the umask's mode
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)

    if not report.remote:
        done = "committed your journal" if report.committed else "nothing new to commit"
        raise git.GitError(
            f"{done}; the team's repository has no remote to sync with: add one with "
            f"'git -C {root} remote add origin URL', then run 'pj sync' again"
        )
    report.upstream_set = not upstream
    for attempt in range(PUSH_ATTEMPTS):
        push = ["push", "--quiet"]
        if not upstream:
            push.append("--set-upstream")
        try:
            git.run(root, *push, report.remote, f"HEAD:refs/heads/{report.branch}", what="git push")
            break
        except git.GitError as exc:
            rejected = "rejected" in str(exc) or "fetch first" in str(exc)
            if not rejected or attempt == PUSH_ATTEMPTS - 1:
                raise
        # Someone pushed in between: join with theirs too, then push again.
        git.run(root, "fetch", "--quiet", report.remote, what="git fetch")
        with _locked(journal_path):
            report.received += _join(root, target, identity)
    if not upstream:
        git.run(root, "branch", f"--set-upstream-to={report.remote}/{report.branch}", check=False)
    report.pushed = True
    return report


@contextlib.contextmanager
def _locked(journal_path: Path) -> Iterator[tuple[int, int]]:
    """Hold the journal's exclusive lock (as an append does); give (fd, size)."""
    fd = open_existing(journal_path, os.O_RDONLY)
    try:
        with exclusive(fd, journal_path):
            yield fd, os.fstat(fd).st_size
    finally:
        os.close(fd)


def _default_remote(remotes: list[str]) -> str:
    if "origin" in remotes:
        return "origin"
    return remotes[0] if remotes else ""


def _refuse_others_changes(root: Path, own: str) -> None:
    """Stop if anything of the team's but the officer's own journal has local changes."""
    status = git.run(root, "status", "--porcelain=v1", "-z", "--", JOURNALS, TEAM_FILE)
    changed = []
    for entry in status.split("\0"):
        path = entry[3:]
        # Side files (a torn tail moved aside, an old format kept) are never committed.
        if len(entry) > 3 and path != own and (path.endswith(".toml") or path == TEAM_FILE):
            changed.append(path)
    if changed:
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        raise JournalError(
            f"{shown} changed in {root}, and pj sync commits only your own journal ({own}); "
            f"undo that change (git -C {root} checkout -- {changed[0]}) or ask its officer"
        )


def _commit_own(root: Path, own: str, team: Team, identity: list[str]) -> int:
    """Commit the officer's journal if it changed; the number of records added."""
    status = git.run(root, "status", "--porcelain=v1", "--", own)
    if not status.strip():
        return 0
    git.run(root, "add", "--", own)
    added = git.run(root, "diff", "--cached", "--", own)
    records = sum(1 for line in added.splitlines() if line.startswith("+[[record]]"))
    officer = team.officer_of(root / own)
    noun = "record" if records == 1 else "records"
    message = f"{officer}: {records} {noun} (pj sync)"
    git.run(root, *identity, "commit", "--quiet", "-m", message, "--", own, what="git commit")
    return records


def _join(root: Path, target: str, identity: list[str]) -> list[str]:
    """Rebase the local commits onto the remote's; the journals the remote changed.
    On failure the rebase is undone and the local commits are kept."""
    changed = git.run(root, "diff", "--name-only", f"HEAD...{target}", "--", JOURNALS).split()
    try:
        git.run(root, *identity, "rebase", "--autostash", target, what="joining with the remote")
    except git.GitError as exc:
        git.run(root, "rebase", "--abort", check=False)
        reason = str(exc)
        raise git.GitError(
            f"{reason}; nothing was changed here (your commits are kept): see 'git -C {root} "
            "status'"
        ) from None
    return changed
