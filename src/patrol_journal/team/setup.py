"""Making a team, joining it, and the merge driver git runs for its files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from patrol_journal.errors import JournalError, JournalExists, UsageError
from patrol_journal.journal.files import secure_mode
from patrol_journal.team import git
from patrol_journal.team.layout import (
    JOURNALS,
    TEAM_FILE,
    Member,
    Team,
    check_team_name,
    journal_file_name,
    load_team,
    merge_team_files,
    write_team,
)
from patrol_journal.team.merge import MergeRefused, journal_changes, merge_journals

TEAM_AUTHOR = "patrol-journal"


def init_team(root: Path, name: str, now: datetime) -> Team:
    """A new team in `root` (made if missing): team.toml, .gitattributes, a first commit."""
    name = check_team_name(name)
    root = root.expanduser().absolute()
    if (root / TEAM_FILE).exists():
        raise JournalExists(f"{root} is already a team ({TEAM_FILE} is there); join it instead")
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file; give a folder for the team")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JournalError(f"cannot make {root}: {exc.strerror}") from None
    if not git.is_repository(root):
        git.run(root, "init", "--quiet", what="git init")
    git.prepare_clone(root)
    write_team(root, name, now, [])
    git.run(root, "add", "--", TEAM_FILE)
    identity = git.identity_options(root, TEAM_AUTHOR)
    git.run(
        root, *identity, "commit", "--quiet", "-m", f"Team '{name}' (pj team init)", "--", TEAM_FILE
    )
    return load_team(root)


@dataclass(frozen=True)
class Joined:
    journal: Path
    officer: str
    team: str
    new: bool


def join_team(root: Path, officer: str, now: datetime) -> Joined:
    """The officer's own journal in the team: made, recorded and committed if new; found
    (and this clone readied) if they joined before, from another machine."""
    from patrol_journal.journal.write import create

    root = root.expanduser().absolute()
    if git.is_repository(root):
        if not os.path.lexists(root / TEAM_FILE):
            _check_out_the_remotes_branch(root)
        git.prepare_clone(root)  # pj's attributes before anything is read
        git.restore_converted(root)
    team = load_team(root)
    if not git.is_repository(root):
        raise UsageError(f"{root} is not a git repository; clone the team's repository")
    folder = root / JOURNALS
    if os.path.islink(folder) or (os.path.lexists(folder) and not folder.is_dir()):
        raise JournalError(
            f"{folder} is not a folder (a link?): a team's journals are never written "
            "through a link; nothing was changed"
        )
    member = team.member(officer)
    if member is not None:
        journal = root / member.journal
        if journal not in team.journal_paths():
            raise JournalError(
                f"{member.officer} is in the team but {member.journal} is not in this clone "
                "as a regular file yet: run 'git pull' here, or 'pj sync' on the machine "
                "that has it"
            )
        for path in team.journal_paths():  # clones check out with the umask's mode
            secure_mode(path)
        return Joined(journal, member.officer, team.name, new=False)
    if not team.readable:
        raise JournalError(
            f"{root / TEAM_FILE} does not read ({team.problems[-1]}); nothing was changed: "
            f"fix it first (git -C {root} log -- {TEAM_FILE} shows who changed it)"
        )
    taken = {Path(m.journal).name for m in team.members}
    taken |= {path.name for path in team.journal_paths()}
    relative = f"{JOURNALS}/{journal_file_name(officer, taken)}"
    journal = root / relative
    create(journal, officer, now)
    write_team(root, team.name, team.created, [*team.members, Member(officer, relative, now)])
    git.run(root, "add", "--", TEAM_FILE, relative)
    identity = git.identity_options(root, officer)
    git.run(
        root,
        *identity,
        "commit",
        "--quiet",
        "-m",
        f"{officer} joins the team (pj team join)",
        "--",
        TEAM_FILE,
        relative,
        what="git commit",
    )
    return Joined(journal, officer, team.name, new=True)


def _check_out_the_remotes_branch(root: Path) -> None:
    """A fresh clone of a remote whose HEAD names a branch nobody pushed (a bare
    repository made with `git init --bare`, HEAD `master`, while the team pushed `main`)
    checks out nothing: check out the team's branch, when there is one to choose."""
    if git.succeeds(root, "rev-parse", "--verify", "--quiet", "HEAD"):
        return
    listing = git.run(root, "for-each-ref", "--format=%(refname:short)", "refs/remotes")
    branches = [name for name in listing.split() if not name.endswith("/HEAD")]
    if not branches:
        return
    chosen = next((name for name in branches if name.endswith("/main")), branches[0])
    if len(branches) > 1 and not chosen.endswith("/main"):
        raise UsageError(
            f"{root} has checked out nothing and its remote has several branches "
            f"({', '.join(branches)}): check out the team's one (git checkout NAME)"
        )
    local = chosen.split("/", 1)[1]
    git.run(root, "checkout", "--quiet", "-b", local, "--track", chosen, what="git checkout")


def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """git's merge driver: write the join of ours and theirs over ours, or refuse (git then
    reports a conflict and ours stays as it was)."""
    try:
        common, mine, other = base.read_bytes(), ours.read_bytes(), theirs.read_bytes()
    except OSError as exc:
        raise JournalError(f"pj merge: {path}: cannot read: {exc.strerror}") from None
    try:
        if Path(path).name == TEAM_FILE:
            joined = merge_team_files(mine, other, Path(path))
        elif Path(path).parent.name == JOURNALS:
            _refuse_lost_records(common, {"ours": mine, "theirs": other}, path)
            joined = merge_journals(mine, other, name=path)
        else:
            raise MergeRefused(f"{path} is not a team file pj knows how to join")
    except JournalError as exc:
        raise JournalError(f"pj merge: {exc.message}") from None
    from patrol_journal.outputs import write_atomically

    write_atomically(ours, joined.decode("utf-8"))


def _refuse_lost_records(common: bytes, sides: dict[str, bytes], path: str) -> None:
    """Each side must hold every record of the version both began from, unchanged: only
    appends are joined."""
    if not common:
        return  # no common version (a journal both added): the join compares the two
    for side, data in sides.items():
        changes = journal_changes(common, data, name=path)
        if changes:
            raise MergeRefused(
                f"{path}: {side} {changes.words()} of the version both began from; "
                "pj joins only appends: see 'The merge driver' in docs/team.md"
            )
