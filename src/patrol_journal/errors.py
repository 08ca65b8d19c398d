"""What stops a command (`JournalError`) and what `check` collects (`Problem`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple


class Source(NamedTuple):
    """Where a record or a problem is in the journal: file and 1-based line."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class JournalError(Exception):
    """A failure the officer can act on: printed as one line, exit 1 (2 for usage)."""

    exit_code = 1

    def __init__(self, message: str, source: Source | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source is not None:
            return f"{self.source}: {self.message}"
        return self.message


class UsageError(JournalError):
    """The command line itself is wrong (bad WHEN, bad option value): exit 2."""

    exit_code = 2


class JournalNotFound(JournalError):
    """There is no journal where one was looked for."""


class JournalExists(JournalError):
    """`init` found a journal already there."""


class JournalParseError(JournalError):
    """The journal does not parse or does not follow the schema."""


class TornTail(JournalError):
    """The journal ends in an incomplete record (a write was interrupted)."""


class JournalLocked(JournalError):
    """Another process holds the journal's lock for too long."""


class UnknownId(JournalError):
    """No record has this id or id prefix."""


class AmbiguousId(UsageError):
    """Several records share this id prefix."""


class UnknownName(JournalError):
    """No person or place matches."""


class AmbiguousName(UsageError):
    """Several people or places match."""


class InvalidTransition(JournalError):
    """A concern cannot move to the asked state from the one it is in."""


Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    """One thing `pj check` found, with where it is."""

    severity: Severity
    message: str
    source: Source | None = None

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source is not None else ""
        return f"{where}{self.severity}: {self.message}"
