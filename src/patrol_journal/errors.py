"""What stops a command (`JournalError`) and what `check` collects (`Problem`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal


class Source:
    """Where a record or a problem is in the journal: file and 1-based line.

    (Plain classes here, not dataclasses or named tuples: this module is imported by
    every `pj log`, and each of those costs start-up time.)
    """

    __slots__ = ("line", "path")

    def __init__(self, path: Path, line: int) -> None:
        self.path = path
        self.line = line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"

    def __repr__(self) -> str:
        return f"Source({self.path!r}, {self.line})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Source) and (self.path, self.line) == (other.path, other.line)

    def __hash__(self) -> int:
        return hash((self.path, self.line))


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
    """No person or place matches; `suggestions` holds close names, if there are any."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class AmbiguousName(UsageError):
    """Several people or places match."""


class InvalidTransition(JournalError):
    """A concern cannot move to the asked state from the one it is in."""


Severity = Literal["error", "warning"]


class Problem:
    """One thing `pj check` found, with where it is."""

    __slots__ = ("message", "severity", "source")

    def __init__(self, severity: Severity, message: str, source: Source | None = None) -> None:
        self.severity: Severity = severity
        self.message = message
        self.source = source

    def __repr__(self) -> str:
        return f"Problem({self.severity!r}, {self.message!r}, {self.source!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.severity, self.message, self.source) == (
            other.severity,
            other.message,
            other.source,
        )

    def __hash__(self) -> int:
        return hash((self.severity, self.message, self.source))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source is not None else ""
        return f"{where}{self.severity}: {self.message}"
