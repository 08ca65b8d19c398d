"""`pj summary`: the week as it was, for the officer, a supervisor or a community meeting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from patrol_journal.cli.common import SinceOpt, TeamOpt, UntilOpt, state
from patrol_journal.cli.complete import complete_format
from patrol_journal.cli.root import app

if TYPE_CHECKING:
    from patrol_journal.cli.common import State

FORMATS = ("rich", "markdown", "json", "html")
# --output FILE names its format by its extension (.txt: the terminal summary as text).
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".txt": "rich",
}


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
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="rich (the default), markdown, json or html; with --output, taken from "
            "its extension (.html, .md, .json, .txt) unless given.",
            show_default=False,
            shell_complete=complete_format,
        ),
    ] = None,
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
        typer.Option(
            "--redact",
            help="For a community meeting: names no one (people counted by role, names taken "
            "out of every text), no tip text, no notes, no ids.",
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    team: TeamOpt = False,
) -> None:
    """The week as it was: totals, people, places, concerns, what is owed and due.

    Totals against the week before, contacts per day, people, places and beat coverage,
    concerns, owed report-backs, follow-ups due, tips, safety information shared, and the
    regulars not seen. This week is described so far."""
    from patrol_journal.views.summary import public, summarise

    run = state(ctx)
    chosen = _format_of(format_, json_, output)
    start, end, first_day = _period(run, week, since, until)
    if output is not None:
        _refuse_journal(output, run.journal_path)
    with run.open_index(team=team) as index:
        data = summarise(
            index,
            start,
            end,
            officer=index.officer,
            now=run.now(),
            week_start=first_day,
            team=_team_name(run) if team else None,
        )
        if redact:
            from patrol_journal.config import redact_k
            from patrol_journal.views.redact import Redactor, redact_summary

            data = redact_summary(data, Redactor.of(index), k=redact_k())
    if chosen == "rich" and output is None:
        from patrol_journal.render.summary import print_rich

        print_rich(data)
        return
    from patrol_journal.render import summary_files as render

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
    from patrol_journal.outputs import write_report

    write_report(output, text)
    typer.echo(
        f"Wrote the summary for {data['period']['start']} to {data['period']['end']} to {output}",
        err=True,
    )


def _team_name(run: State) -> str:
    from patrol_journal.team.layout import require_team

    return require_team(run.journal_path).name


def _format_of(given: str | None, json_: bool, output: Path | None) -> str:
    """The format asked for: --format (or --json), else the extension of --output, else the
    terminal's. A --format that contradicts the extension is refused."""
    from patrol_journal.errors import UsageError

    named = "json" if json_ else given.strip().lower() if given is not None else None
    if named is not None and named not in FORMATS:
        raise UsageError(f"unknown format '{given}': use rich, markdown, json or html")
    by_extension = EXTENSIONS.get(output.suffix.lower()) if output is not None else None
    if named is not None and by_extension is not None and named != by_extension:
        raise UsageError(
            f"--format {named} contradicts --output {output} (a {by_extension} file); "
            "give one or make them agree"
        )
    return named or by_extension or "rich"


def _period(
    run: State, week: str | None, since: str | None, until: str | None
) -> tuple[datetime, datetime, int | None]:
    """The period, and the weekday it starts on when it is a week (None for a range)."""
    from patrol_journal.calendar import summary_period
    from patrol_journal.config import week_start

    configured = week_start()
    start, end = summary_period(
        run.now(),
        week=week,
        since=run.bound(since, end=False),
        until=run.bound(until, end=True),
        week_start=configured,
    )
    if since is not None or until is not None:
        return start, end, None
    named = (week or "this").strip().lower() in ("this", "current", "last", "previous")
    return start, end, configured if named else 0


def _refuse_journal(output: Path, journal: Path) -> None:
    import os

    from patrol_journal.errors import UsageError

    if os.path.realpath(output) == os.path.realpath(journal):
        raise UsageError(f"--output {output} is the journal itself; choose another file")
    if output.is_dir():
        raise UsageError(f"--output {output} is a directory; give a file name")


def _rich_as_text(data: dict[str, Any]) -> str:
    """The terminal summary as plain text, for --output with --format rich."""
    import io
    from contextlib import redirect_stdout

    from patrol_journal.render.summary import print_rich

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        print_rich(data)
    return buffer.getvalue()
