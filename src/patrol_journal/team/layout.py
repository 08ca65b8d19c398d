"""The team's files: `team.toml` (its name and members) and `journals/`, one per officer."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.errors import JournalError, UsageError
from patrol_journal.journal.files import JOURNALS as JOURNALS
from patrol_journal.journal.files import TEAM_FILE as TEAM_FILE
from patrol_journal.journal.files import in_team_folder
from patrol_journal.outputs import write_atomically
from patrol_journal.vocab import (
    clean_text,
    fold,
    has_control_characters,
    name_key,
    typed_name_problem,
    visible,
)

TEAM_FORMAT = 1
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
    # What was left out, one line each: members whose journal path is not journals/X.toml,
    # a team.toml that did not read (the last good one is used).
    problems: tuple[str, ...] = ()
    readable: bool = True  # False: team.toml did not read; never write one from this

    @property
    def journals_dir(self) -> Path:
        return self.root / JOURNALS

    def journal_paths(self) -> list[Path]:
        """Every journal of the team, in name order: the regular files `journals/*.toml`
        (a member's journal someone has not yet synced is simply not there yet). Links,
        pipes and devices are never journals: see `skipped`."""
        return [path for path, regular in self._entries() if regular]

    def skipped(self) -> list[str]:
        """Entries of journals/ named like a journal that pj does not read or change, one
        line each ("journals/x.toml is a symbolic link: skipped")."""
        lines = [
            f"{JOURNALS}/{visible(path.name)} is {_kind_of(path)}, not a journal: skipped"
            if not has_control_characters(path.name)
            else f"{JOURNALS}/{visible(path.name)!r}: a file name with control characters, "
            "not a journal: skipped"
            for path, regular in self._entries()
            if not regular
        ]
        if len(lines) > 10:
            lines = [*lines[:10], f"… and {len(lines) - 10} more files in {JOURNALS}/ skipped"]
        folder = _kind_of(self.journals_dir)
        if folder not in ("a folder", "missing"):
            lines.append(f"{JOURNALS}/ is {folder}, not a folder: no team journal is read")
        return lines

    def warnings(self) -> list[str]:
        """Everything about the team's files a command should say once: `problems`, then
        `skipped`."""
        return [*self.problems, *self.skipped()]

    def _entries(self) -> list[tuple[Path, bool]]:
        """(path, is a journal) for each `*.toml` in journals/: a regular file (never
        following a link: journals/ itself must be a folder, not a link to one) whose
        name has no control character."""
        import stat

        try:
            if not stat.S_ISDIR(os.lstat(self.journals_dir).st_mode):
                return []
            names = sorted(os.listdir(self.journals_dir))
        except OSError:
            return []
        entries = []
        for name in names:
            if not name.endswith(".toml") or name.startswith("."):
                continue
            path = self.journals_dir / name
            try:
                regular = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                continue
            entries.append((path, regular and not has_control_characters(name)))
        return entries

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
    if not in_team_folder(journal_path):
        return None
    return load_team(journal_path.absolute().parent.parent)


def require_team(journal_path: Path) -> Team:
    team = team_of(journal_path)
    if team is None:
        raise UsageError(
            f"{journal_path} is not a team's journal (a team keeps journals in DIR/journals/ "
            "beside DIR/team.toml); see 'pj team join'"
        )
    return team


# The last team.toml that read, kept in the clone's own .git folder: used (with a warning)
# when a teammate's commit breaks team.toml, so that nothing stops until it is fixed.
LAST_GOOD = Path(".git") / "pj" / TEAM_FILE


def load_team(root: Path) -> Team:
    """The team in `root`. A team.toml that is not a regular file or does not read is
    replaced by the last good one this clone read (or by an empty list of members), and
    said in `problems`: one teammate's bad commit never stops the others' commands."""
    path = root / TEAM_FILE
    if not os.path.lexists(path):
        raise UsageError(
            f"{root} is not a team (no {TEAM_FILE}); make one with 'pj team init {root} "
            "--name NAME' or clone the team's repository"
        )
    try:
        raw = read_regular(path)
        team = team_from(root, parse_team_text(raw, path), path)
    except JournalError as exc:
        return _last_good_team(root, exc.message)
    _keep_last_good(root, raw)
    return team


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file, opened without following a link."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise JournalError(f"{path} is a symbolic link; pj does not follow it") from None
        raise JournalError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise JournalError(f"{path} is not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _keep_last_good(root: Path, raw: bytes) -> None:
    kept = root / LAST_GOOD
    if not (root / ".git").is_dir():
        return
    try:
        if kept.read_bytes() == raw:
            return
    except OSError:
        pass
    try:
        kept.parent.mkdir(exist_ok=True)
        write_atomically(kept, raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        pass  # a cache: a read-only .git only means no fallback later


def _last_good_team(root: Path, reason: str) -> Team:
    path = root / TEAM_FILE
    try:
        raw = read_regular(root / LAST_GOOD)
        team = team_from(root, parse_team_text(raw, path), path)
    except JournalError:
        said = f"{reason}; no earlier version to use: members are read from the journals"
        return Team(root, root.name, None, (), (said,), readable=False)
    said = f"{reason}; using the last version that read (members: {len(team.members)})"
    return Team(root, team.name, team.created, team.members, (*team.problems, said), readable=False)


def parse_team_text(raw: bytes, path: Path) -> dict[str, Any]:
    import tomllib

    from patrol_journal import nesting

    try:
        return nesting.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(f"{path}: not a valid team file: {exc}") from None


def team_from(root: Path, data: dict[str, Any], path: Path) -> Team:
    table = data.get("team")
    if not isinstance(table, dict) or not isinstance(table.get("name"), str):
        raise JournalError(f"{path}: no [team] table with a name")
    version = table.get("format", TEAM_FORMAT)
    if version != TEAM_FORMAT:
        raise JournalError(f"{path}: team format {version} is newer than this pj; upgrade pj")
    entries = data.get("member", [])
    if not isinstance(entries, list):
        raise JournalError(f"{path}: 'member' must be a list of [[member]] tables")
    members: list[Member] = []
    problems: list[str] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise JournalError(f"{path}: a [[member]] is not a table")
        officer, journal = entry.get("officer"), entry.get("journal")
        if not isinstance(officer, str) or not isinstance(journal, str):
            raise JournalError(f"{path}: every [[member]] needs an officer and a journal")
        wrong = member_path_problem(journal)
        if wrong is not None:
            problems.append(f"{path}: member {clean_text(officer)!r}: {wrong}; left out")
            continue
        joined = entry.get("joined")
        members.append(Member(officer, journal, joined if isinstance(joined, datetime) else None))
    created = table.get("created")
    return Team(
        root,
        table["name"],
        created if isinstance(created, datetime) else None,
        tuple(members),
        tuple(problems),
    )


def member_path_problem(journal: str) -> str | None:
    """What is wrong with a member's journal path, or None: it must be exactly
    `journals/<file>.toml`, a file directly in the team's journals/ folder."""
    folder, _slash, name = journal.partition("/")
    if (
        folder != JOURNALS
        or not name.endswith(".toml")
        or name.startswith(".")
        or "/" in name
        or "\\" in name
        or has_control_characters(name)
    ):
        return f"its journal {journal!r} is not {JOURNALS}/<file>.toml"
    return None


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
    problem = typed_name_problem(cleaned)
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


def _kind_of(path: Path) -> str:
    """What a path is, in words, without following a link."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    for test, words in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISREG, "a file"),
    ):
        if test(mode):
            return words
    return "not a regular file"


@dataclass(frozen=True)
class Claim:
    """Whose a team's journal is: the officer to show it under, and what is doubtful."""

    path: Path
    officer: str  # its header's officer, else team.toml's member, else its file name
    claimed: str | None  # the officer it claims to be
    doubts: tuple[str, ...]  # why it is shown under its file name, or what disagrees
    impostor: bool  # claims an officer an earlier journal is: shown under its file name


def claims(team: Team, own: Path) -> list[Claim]:
    """The team's journals, yours first, then those whose header and team.toml agree on
    whose they are, then the rest by file name; each with the officer it belongs to. A
    journal's header says whose it is (team.toml is anyone's to edit); one claiming an
    officer an earlier journal already is (look-alike letters included) is shown under
    its file name."""
    from patrol_journal.journal.read import header_officer
    from patrol_journal.vocab import skeleton

    others = [path for path in team.journal_paths() if path.name != own.name]
    said = {path: (header_officer(path), team.member_of(path)) for path in [own, *others]}

    def agrees(path: Path) -> bool:
        header, member = said[path]
        return bool(header and member and skeleton(header) == skeleton(member))

    found: list[Claim] = []
    taken: dict[str, str] = {}
    for path in [own, *sorted(others, key=lambda p: (not agrees(p), p.name))]:
        header, member = said[path]
        claimed = header or member
        doubts = []
        if header and member and not agrees(path):
            doubts.append(f"team.toml says it is {member}'s; its header says {header}'s")
        impostor = False
        if claimed:
            holder = taken.setdefault(skeleton(claimed), path.name)
            if holder != path.name:
                impostor = True
                doubts.append(f"claims to be {claimed}, whose journal is {JOURNALS}/{holder}")
        officer = path.stem if impostor or not claimed else claimed
        found.append(Claim(path, officer, claimed, tuple(doubts), impostor))
    return found
