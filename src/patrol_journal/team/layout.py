"""The team's files: `team.toml` (its name and members) and `journals/`, one per officer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalError, UsageError
from patrol_journal.outputs import write_atomically
from patrol_journal.vocab import clean_text, fold, name_key, name_problem

TEAM_FILE = "team.toml"
JOURNALS = "journals"
TEAM_FORMAT = 1
ATTRIBUTES = (
    "# Journals are joined by pj's merge driver (installed by 'pj team join'),\n"
    "# never merged line by line.\n"
    f"{JOURNALS}/*.toml merge=pj-journal\n"
    f"{TEAM_FILE} merge=pj-journal\n"
)
_INTRO = (
    "# A beat team kept with patrol-journal (pj): its name and members.\n"
    "# Each officer writes only their own journal in journals/; 'pj sync' shares them.\n\n"
)


@dataclass(frozen=True)
class Member:
    officer: str
    journal: str  # relative to the team's root: journals/<name>.toml
    joined: datetime | None


@dataclass(frozen=True)
class Team:
    root: Path
    name: str
    created: datetime | None
    members: tuple[Member, ...]

    @property
    def journals_dir(self) -> Path:
        return self.root / JOURNALS

    def journal_paths(self) -> list[Path]:
        """Every journal of the team, in name order: the files in journals/ (a member's
        journal someone has not yet synced is simply not there yet)."""
        try:
            found = [
                path
                for path in self.journals_dir.iterdir()
                if path.suffix == ".toml" and path.is_file()
            ]
        except FileNotFoundError:
            return []
        return sorted(found, key=lambda path: path.name)

    def member(self, officer: str) -> Member | None:
        key = name_key(officer)
        for member in self.members:
            if name_key(member.officer) == key:
                return member
        return None

    def member_of(self, journal: Path) -> str | None:
        """The member team.toml says a journal belongs to, if it says."""
        relative = f"{JOURNALS}/{journal.name}"
        for member in self.members:
            if member.journal == relative:
                return member.officer
        return None

    def officer_of(self, journal: Path) -> str:
        """The officer a journal belongs to (team.toml's word, else the file's name)."""
        return self.member_of(journal) or journal.stem


def team_of(journal_path: Path) -> Team | None:
    """The team a journal belongs to: its folder is `journals/` beside a `team.toml`."""
    folder = journal_path.absolute().parent
    if folder.name != JOURNALS or not (folder.parent / TEAM_FILE).is_file():
        return None
    return load_team(folder.parent)


def require_team(journal_path: Path) -> Team:
    team = team_of(journal_path)
    if team is None:
        raise UsageError(
            f"{journal_path} is not a team's journal (a team keeps journals in DIR/journals/ "
            "beside DIR/team.toml); see 'pj team join'"
        )
    return team


def load_team(root: Path) -> Team:
    path = root / TEAM_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"{root} is not a team (no {TEAM_FILE}); make one with 'pj team init {root} "
            "--name NAME' or clone the team's repository"
        ) from None
    except OSError as exc:
        raise JournalError(f"cannot read {path}: {exc.strerror}") from None
    data = parse_team_text(raw, path)
    return team_from(root, data, path)


def parse_team_text(raw: bytes, path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(f"{path}: not a valid team file: {exc}") from None


def team_from(root: Path, data: dict[str, Any], path: Path) -> Team:
    table = data.get("team")
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        raise JournalError(f"{path}: no [team] table with a name")
    version = table.get("format", TEAM_FORMAT)
    if version != TEAM_FORMAT:
        raise JournalError(f"{path}: team format {version} is newer than this pj; upgrade pj")
    members = []
    for entry in data.get("member", []):
        if not isinstance(entry, dict):
            raise JournalError(f"{path}: a [[member]] is not a table")
        officer, journal = entry.get("officer"), entry.get("journal")
        if not isinstance(officer, str) or not isinstance(journal, str):
            raise JournalError(f"{path}: every [[member]] needs an officer and a journal")
        joined = entry.get("joined")
        members.append(Member(officer, journal, joined if isinstance(joined, datetime) else None))
    created = table.get("created")
    return Team(
        root,
        table["name"],
        created if isinstance(created, datetime) else None,
        tuple(members),
    )


def team_text(name: str, created: datetime | None, members: list[Member]) -> str:
    """team.toml as pj writes it."""
    import tomli_w

    head: dict[str, Any] = {"name": name, "format": TEAM_FORMAT}
    if created is not None:
        head["created"] = created.replace(microsecond=0)
    parts = [_INTRO, "[team]\n", tomli_w.dumps(head)]
    for member in members:  # written by hand: tomli-w would inline short tables
        entry: dict[str, Any] = {"officer": member.officer, "journal": member.journal}
        if member.joined is not None:
            entry["joined"] = member.joined.replace(microsecond=0)
        parts += ["\n[[member]]\n", tomli_w.dumps(entry)]
    return "".join(parts)


def write_team(root: Path, name: str, created: datetime | None, members: list[Member]) -> None:
    write_atomically(root / TEAM_FILE, team_text(name, created, members))


def check_team_name(name: str) -> str:
    cleaned = clean_text(name)
    problem = name_problem(cleaned)
    if problem:
        raise UsageError(f"the team's name {problem}")
    return cleaned


def journal_file_name(officer: str, taken: set[str]) -> str:
    """A file name for an officer's journal: their name folded to letters, digits and
    dashes ("María José" -> maria-jose.toml), numbered if another officer has it."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(officer)).strip("-") or "officer"
    candidate, number = stem, 1
    while f"{candidate}.toml" in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return f"{candidate}.toml"


def merge_team_files(ours: bytes, theirs: bytes, path: Path) -> bytes:
    """team.toml changed on both sides (two officers joined at once): every member of
    either side, ours first; the name and creation time as ours has them."""
    mine = team_from(path.parent, parse_team_text(ours, path), path)
    other = team_from(path.parent, parse_team_text(theirs, path), path)
    members = list(mine.members)
    known = {name_key(member.officer) for member in members}
    for member in other.members:
        if name_key(member.officer) not in known:
            members.append(member)
            known.add(name_key(member.officer))
    return team_text(mine.name, mine.created, members).encode("utf-8")
