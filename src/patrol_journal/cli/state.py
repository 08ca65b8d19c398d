"""The global options and what is worked out from them once per run; typer-free, so that
`pj log`'s fast path shares it with the typer commands."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from patrol_journal.config import JournalLocation
    from patrol_journal.index.store import Index

ENV_NOW = "PJ_NOW"


class State:
    """The global options, and what is worked out from them once per run."""

    def __init__(
        self, journal_option: str | None = None, debug: bool = False, quiet: bool = False
    ) -> None:
        self.journal_option = journal_option
        self.debug = debug
        self.quiet = quiet
        self._location: JournalLocation | None = None
        self._now: datetime | None = None
        self._said: set[str] = set()

    def location(self) -> JournalLocation:
        if self._location is None:
            from patrol_journal.config import locate_journal

            self._location = locate_journal(self.journal_option)
        return self._location

    @property
    def journal_path(self) -> Path:
        return self.location().path

    def now(self) -> datetime:
        """The current time: the clock, or `$PJ_NOW` (for reproducible reports and tests)."""
        if self._now is None:
            from patrol_journal.calendar import now_local, parse_moment
            from patrol_journal.errors import UsageError

            pinned = os.environ.get(ENV_NOW)
            if pinned:
                try:
                    self._now = parse_moment(pinned, now_local(), order="ymd")[0]
                except UsageError as exc:
                    raise UsageError(f"${ENV_NOW}: {exc.message}") from None
            else:
                self._now = now_local()
        return self._now

    def when(self, text: str | None) -> datetime:
        """Parse a WHEN option (None means now): when something happened, so not later
        than now."""
        if text is None:
            return self.now()
        from patrol_journal.calendar import parse_when

        return parse_when(text, self.now(), order=self.date_order())

    def date_order(self) -> str:
        """How numeric dates read (config `date_order`, else the locale's, else dmy)."""
        from patrol_journal.config import date_order

        return date_order()

    def due(self, text: str | None, base: datetime) -> datetime | date | None:
        """Parse a --due option, counted from `base` (the WHEN of the record it is on)."""
        if text is None:
            return None
        from patrol_journal.calendar import parse_due

        return parse_due(text, base, order=self.date_order())

    def span(self, since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
        """--since and --until as bounds; one after the other is refused (it would match
        nothing, and say so as if nothing had been recorded)."""
        start, end = self.bound(since, end=False), self.bound(until, end=True)
        if start is not None and end is not None and start >= end:
            from patrol_journal.errors import UsageError

            raise UsageError("--since must be before --until")
        return start, end

    def bound(self, text: str | None, *, end: bool) -> datetime | None:
        if text is None:
            return None
        from patrol_journal.calendar import parse_date_bound

        return parse_date_bound(text, self.now(), end=end, order=self.date_order())

    def open_index(self, *, team: bool = False, warnings: bool = True) -> Index:
        """The journal's index, or its team's (every officer's journal), brought up to date
        (with a progress bar for a long rebuild). What it left out is said on stderr, once
        (`warnings=False`: the command reports it itself)."""
        from patrol_journal.index.store import Index

        progress = self.progress("Indexing the journal" + ("s" if team else ""))
        said: list[str] = []  # one teammate's bad file is one warning, never a failure
        try:
            if team:
                from patrol_journal.config import team_journal_limit
                from patrol_journal.team.layout import require_team

                found = require_team(self.journal_path)
                said += [f"warning: {line}" for line in found.warnings()]
                index = Index.open_team(
                    self.journal_path, found, progress=progress, size_limit=team_journal_limit()
                )
            else:
                index = Index.open(self.journal_path, progress=progress)
        finally:
            progress.stop()
        said += [str(torn) for torn in index.torn_tails]
        said += [f"warning: {line}" for line in index.problems]
        for line in said if warnings else ():
            self.say_once(line)
        return index

    def progress(self, label: str) -> Progress:
        """A progress display for long work (nothing with --quiet or off a terminal)."""
        return Progress(label, quiet=self.quiet)

    def say_once(self, line: str) -> None:
        """A warning on stderr, once per run however often its cause is met."""
        if line not in self._said:
            self._said.add(line)
            warn(line)

    def open_shared_index(self) -> Index:
        """The team's index if the journal is in a team, else its own: for concern steps,
        which may follow up a concern a teammate raised."""
        from patrol_journal.team.layout import team_of

        return self.open_index(team=team_of(self.journal_path) is not None)


def warn(message: str) -> None:
    print(" ".join(message.splitlines()), file=sys.stderr, flush=True)


class Progress:
    """How far long work has gone, on stderr at a terminal: rich's progress bar with the
    journal's bytes done of all, the rate and the time left. It appears once the work has
    taken `AFTER` seconds and is not nearly done (short work shows nothing), and never
    when stderr is not a terminal or with `--quiet`. Called as `progress(done, total)`."""

    AFTER = 1.0

    def __init__(self, label: str, *, quiet: bool = False) -> None:
        import time

        self.label = label
        self.quiet = quiet
        self.started = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            import time

            if self.quiet or time.monotonic() - self.started < self.AFTER:
                return
            if done >= total * 0.95 or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.progress import Progress as Bar

            from patrol_journal.outputs import raw_stream

            self.bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                # its own styles straight to the terminal, past the visible stream
                console=Console(file=raw_stream(sys.stderr)),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
