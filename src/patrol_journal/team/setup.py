"""Making a team, joining it, and the merge driver git runs for its files."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from patrol_journal.errors import JournalError, JournalExists, UsageError
from patrol_journal.team import git
from patrol_journal.team.layout import (
    ATTRIBUTES,
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
from patrol_journal.team.merge import MergeRefused, merge_journals

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
    git.install_driver(root)
    write_team(root, name, now, [])
    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if "merge=pj-journal" not in existing:
        attributes.write_text(existing + ATTRIBUTES, encoding="utf-8")
    git.run(root, "add", "--", TEAM_FILE, ".gitattributes")
    identity = git.identity_options(root, TEAM_AUTHOR)
    git.run(root, *identity, "commit", "--quiet", "-m", f"Team '{name}' (pj team init)")
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
    team = load_team(root)
    if not git.is_repository(root):
        raise UsageError(f"{root} is not a git repository; clone the team's repository")
    git.install_driver(root)
    member = team.member(officer)
    if member is not None:
        journal = root / member.journal
        if not journal.is_file():
            raise JournalError(
                f"{member.officer} is in the team but {member.journal} is not in this clone "
                "yet: run 'git pull' here, or 'pj sync' on the machine that has it"
            )
        for path in team.journal_paths():  # clones check out with the umask's mode
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)
        return Joined(journal, member.officer, team.name, new=False)
    taken = {Path(m.journal).name for m in team.members}
    with contextlib.suppress(FileNotFoundError):
        taken |= {path.name for path in team.journals_dir.iterdir()}
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


def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """git's merge driver: write the join of ours and theirs over ours, or refuse (git then
    reports a conflict and ours stays as it was)."""
    del base  # each side is the common part plus its appends; the join needs no base
    try:
        mine, other = ours.read_bytes(), theirs.read_bytes()
    except OSError as exc:
        raise JournalError(f"pj merge: {path}: cannot read: {exc.strerror}") from None
    try:
        if Path(path).name == TEAM_FILE:
            joined = merge_team_files(mine, other, Path(path))
        elif Path(path).parent.name == JOURNALS:
            joined = merge_journals(mine, other, name=path)
        else:
            raise MergeRefused(f"{path} is not a team file pj knows how to join")
    except JournalError as exc:
        raise JournalError(f"pj merge: {exc.message}") from None
    from patrol_journal.outputs import write_atomically

    write_atomically(ours, joined.decode("utf-8"))
