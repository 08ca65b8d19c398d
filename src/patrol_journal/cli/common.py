"""What every command shares: the global state, option aliases, and small helpers."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from patrol_journal.formats import EXTENSIONS, NAMES
from patrol_journal.vocab import listed

if TYPE_CHECKING:
    from patrol_journal.config import JournalLocation
    from patrol_journal.index.store import Index

ENV_NOW = "PJ_NOW"


def _complete_format(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
    from patrol_journal.cli.complete import complete_format

    return complete_format(ctx, param, incomplete)


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{listed(NAMES)} (rich unless given); with --output, taken from its extension "
        f"({', '.join(EXTENSIONS)}) unless given.",
        show_default=False,
        shell_complete=_complete_format,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of the terminal ('-': standard output).",
        show_default=False,
    ),
]
JsonFormatOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs instead.")]
TeamOpt = Annotated[
    bool,
    typer.Option(
        "--team",
        help="Read every journal of your team (rows say which officer); see 'pj team'.",
    ),
]
RowsOpt = Annotated[
    int,
    typer.Option(
        "-n", "--count", min=1, help="Show at most this many rows (JSON, CSV, Markdown, HTML: all)."
    ),
]
WhenOpt = Annotated[
    str | None,
    typer.Option(
        "--when",
        metavar="WHEN",
        help="When it happened (default: now), with a time of day: 2026-11-20 14:30, "
        "28/11/2026 06:00 (numeric dates in date_order: day first unless configured), "
        "'yesterday 21:30', '2 hours ago', 'monday 9am'. A day alone is refused.",
        show_default=False,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="Only from this date or time on (a day: from its start; 'today' works).",
        show_default=False,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="WHEN",
        help="Only up to this date or time (a day includes the whole of it).",
        show_default=False,
    ),
]


class State:
    """The global options, and what is worked out from them once per run."""

    def __init__(self, journal_option: str | None = None, debug: bool = False) -> None:
        self.journal_option = journal_option
        self.debug = debug
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

        progress = _RebuildProgress()
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


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked without the group (tests)
        obj = State()
        ctx.find_root().obj = obj
    return obj


def warn(message: str) -> None:
    typer.echo(" ".join(message.splitlines()), err=True)


def note_same_as_open(run: State, texts: list[str]) -> None:
    """Say, before it is recorded, that a concern is already open in the same words: the
    same problem raised again, which a follow-up on the open one may serve better."""
    from patrol_journal.calendar import local_text
    from patrol_journal.views.concerns import open_alike

    with run.open_index() as index:
        for text in texts:
            for found in open_alike(index, text)[:1]:
                by = ", ".join(found["raised_by"]) or "nobody named"
                where = f" at {found['place']}" if found["place"] else ""
                warn(
                    f'note: "{" ".join(text.split())}" is open already as concern '
                    f"{found['short_id']} (raised {local_text(found['opened'])} by {by}{where}); "
                    f"the same problem? follow it up with pj concern note {found['short_id']}"
                )


def format_of(ctx: typer.Context, given: str | None, json_: bool, output: Path | None) -> str:
    """The format a view is written in (`formats.choose`), once --output is known not to
    be the journal itself or a directory."""
    from patrol_journal.formats import choose

    refuse_journal(output, state(ctx).journal_path)
    return choose(given, json_, output)


def refuse_journal(output: Path | None, journal: Path) -> None:
    """--output never names the journal itself, nor a directory."""
    from patrol_journal.errors import UsageError
    from patrol_journal.formats import to_stdout

    if output is None or to_stdout(output):
        return
    if os.path.realpath(output) == os.path.realpath(journal):
        raise UsageError(f"--output {output} is the journal itself; choose another file")
    if output.is_dir():
        raise UsageError(f"--output {output} is a directory; give a file name")


def write_out(text: str, output: Path | None, what: str, *, visible: bool = True) -> None:
    """`text` to the terminal, or (atomically) to --output FILE, saying so on stderr.
    `visible=False`: a text made safe already, whose line ends are its own (CSV's CRLF)."""
    from patrol_journal.formats import to_stdout

    if output is None or to_stdout(output):
        if visible:
            typer.echo(text, nl=False)
        else:
            from patrol_journal.outputs import raw_stream

            stream = raw_stream(sys.stdout)
            stream.write(text)
            stream.flush()
        return
    from patrol_journal.outputs import write_report

    write_report(output, text)
    typer.echo(f"Wrote {what} to {output}", err=True)


def emit_document(
    data: dict[str, Any],
    chosen: str,
    output: Path | None,
    *,
    what: str,
    rich: Any,
    markdown: Any,
    html: Any,
    csv: Any,
) -> None:
    """A report of its own layout (a shift's DAR, trends) in the format chosen: its JSON,
    or what its renderers make of it (`markdown()`, `html()`, `csv()` give the text;
    `rich()` prints the terminal's), to the terminal or to --output FILE."""
    from patrol_journal.formats import to_stdout

    if chosen == "rich" and to_stdout(output):
        rich()
        return
    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(data) + "\n"
    else:
        made = {"csv": csv, "markdown": markdown, "html": html}.get(chosen)
        text = made() if made is not None else printed(rich)
    write_out(text, output, what, visible=chosen != "csv")


def emit_view(
    run: State,
    rows: list[dict[str, Any]] | dict[str, Any],
    *,
    title: str,
    chosen: str,
    output: Path | None,
    rich: Any,
    columns: tuple[str, ...] = (),
) -> None:
    """A view in the format chosen: JSON (its rows, or its one record), CSV, Markdown or
    HTML (its rows as one plain table; a record as its plain tables), or the terminal's
    tables (`rich()` prints them), to the terminal or to --output FILE (which
    `format_of`, choosing the format, has checked)."""
    from patrol_journal.formats import to_stdout

    if chosen == "rich" and to_stdout(output):
        rich()
        return
    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(rows) + "\n"
    elif chosen == "rich":
        text = printed(rich)
    else:
        from patrol_journal.render import tables

        found = (
            tables.record_tables(title, rows)
            if isinstance(rows, dict)
            else [tables.rows_table(title, rows, list(columns))]
        )
        if chosen == "csv":
            one = found[0] if len(found) == 1 else tables.sections_table(title, found)
            text = tables.to_csv(one)
        elif chosen == "markdown":
            text = tables.to_markdown(found, title)
        else:
            text = tables.to_html(found, title)
    write_out(text, output, title.lower(), visible=chosen != "csv")


def printed(show: Any) -> str:
    """What `show()` prints, as plain text (for --output with --format rich)."""
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        show()
    return buffer.getvalue()


def emit_json(data: Any) -> None:
    from patrol_journal.render.jsonout import dumps

    sys.stdout.write(dumps(data) + "\n")


class _RebuildProgress:
    """Shows a rich progress bar on stderr when a rebuild has many bytes to read."""

    THRESHOLD = 8 * 1024 * 1024  # about a second of parsing

    def __init__(self) -> None:
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total - done < self.THRESHOLD or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Indexing the journal", total=total)
        self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
