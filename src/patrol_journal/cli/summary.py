"""`pj summary`: the week as it was, for the officer, a supervisor or a community meeting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from patrol_journal.cli.common import SinceOpt, UntilOpt, state
from patrol_journal.cli.root import app

if TYPE_CHECKING:
    from patrol_journal.cli.common import State

FORMATS = ("rich", "markdown", "json", "html")


@app.command()
def summary(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option(
            "--week",
            metavar="WEEK",
            help="this (default), last, or an ISO week like 2026-W47.",
            show_default=False,
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="rich, markdown, json or html.")
    ] = "rich",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (atomically) instead of the terminal.",
            show_default=False,
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option("--redact", help="For sharing: no tipster names, tips counted by place."),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """The weekly summary: totals against the week before, contacts per day, people,
    places and beat coverage, concerns, owed report-backs, follow-ups due, tips, safety
    information shared, and the regulars not seen."""
    from patrol_journal.errors import UsageError
    from patrol_journal.views.summary import public, summarise
    from patrol_journal.views.summary import redact as redacted

    run = state(ctx)
    chosen = "json" if json_ else format_.strip().lower()
    if chosen not in FORMATS:
        raise UsageError(f"unknown format '{format_}': use rich, markdown, json or html")
    if week is not None and (since is not None or until is not None):
        raise UsageError("give either --week or --since/--until, not both")
    start, end = _period(run, week, since, until)
    if output is not None:
        _refuse_journal(output, run.journal_path)
    with run.open_index() as index:
        data = summarise(index, start, end, officer=index.officer)
    if redact:
        data = redacted(data)
    if chosen == "rich" and output is None:
        from patrol_journal.render.summary import print_rich

        print_rich(data)
        return
    from patrol_journal.render import summary as render

    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(public(data)) + "\n"
    elif chosen == "markdown":
        text = render.markdown(data)
    elif chosen == "html":
        text = render.html(data)
    else:
        text = _rich_as_text(data)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write_atomically(output, text)
    typer.echo(
        f"Wrote the summary for {data['period']['start']} to {data['period']['end']} to {output}",
        err=True,
    )


def _period(
    run: State, week: str | None, since: str | None, until: str | None
) -> tuple[datetime, datetime]:
    from datetime import timedelta

    from patrol_journal.calendar import parse_iso_week, period_for_week, week_containing
    from patrol_journal.config import WEEKDAYS, load_config
    from patrol_journal.errors import UsageError

    now = run.now()
    if since is not None or until is not None:
        end = run.bound(until, end=True) or now
        start = run.bound(since, end=False) or end - timedelta(days=7)
        if start >= end:
            raise UsageError("--since must be before --until")
        return start, end
    week_start = WEEKDAYS.index(str(load_config().get("week_start", "monday")).lower())
    phrase = (week or "this").strip().lower()
    if phrase in ("this", "current", "last", "previous"):
        start, end = week_containing(now, week_start)
        if phrase in ("last", "previous"):
            start, end = period_for_week(start.date() - timedelta(days=7))
        return start, end
    return parse_iso_week(phrase, now)


def _refuse_journal(output: Path, journal: Path) -> None:
    import os

    from patrol_journal.errors import UsageError

    if os.path.realpath(output) == os.path.realpath(journal):
        raise UsageError(f"--output {output} is the journal itself; choose another file")
    if output.is_dir():
        raise UsageError(f"--output {output} is a directory; give a file name")


def _write_atomically(target: Path, text: str) -> None:
    import os
    import tempfile

    from patrol_journal.errors import JournalError

    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        raise JournalError(f"cannot write {target}: {exc.strerror}") from None


def _rich_as_text(data: dict[str, Any]) -> str:
    """The terminal summary as plain text, for --output with --format rich."""
    import io
    from contextlib import redirect_stdout

    from patrol_journal.render.summary import print_rich

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print_rich(data)
    return buffer.getvalue()
