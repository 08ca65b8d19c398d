"""`pj summary`: the week as it was, for the officer, a supervisor or a community meeting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrol_journal.cli import declare
from patrol_journal.cli.emit import format_of, printed, write_out
from patrol_journal.cli.state import State

if TYPE_CHECKING:
    from patrol_journal.index.store import Index


def summary(
    run: State,
    week: str | None,
    since: str | None,
    until: str | None,
    format_: str | None,
    output: Path | None,
    redact: bool,
    json_: bool,
    team: bool,
    limit: int | None = None,
) -> None:
    """The week as it was: totals, people, places, concerns, what is owed and due.

    Totals against the week before, contacts per day, people, places and beat coverage,
    concerns, owed report-backs, follow-ups due, tips, safety information shared, and the
    regulars not seen. This week is described so far. Long lists show their first
    rows (-n says how many); JSON has every row unless -n is given."""
    from patrol_journal.formats import to_stdout
    from patrol_journal.views.summary import public, summarise
    from patrol_journal.views.summary_concerns import first_rows

    chosen = format_of(run, format_, json_, output)
    start, end, first_day = _period(run, week, since, until)
    from patrol_journal.render.summary import LIMIT, TERMINAL_LIMIT

    # The terminal shows the first rows of each list of concerns: only those are made.
    if limit is None and chosen == "rich" and to_stdout(output) and not redact:
        limit = TERMINAL_LIMIT
    with run.open_index(team=team) as index:
        data = summarise(
            index,
            start,
            end,
            officer=index.officer,
            now=run.now(),
            week_start=first_day,
            team=_team_name(run) if team else None,
            limit=None if redact else limit,  # redacted: numbered over every row, then cut
        )
        if redact:
            from patrol_journal.config import redact_k
            from patrol_journal.views.redact import Redactor, redact_summary

            data = redact_summary(data, Redactor.of(index), k=redact_k())
            if limit is not None:
                data = first_rows(data, limit)
        weeks = _weeks_before(index, start, end, first_day, run.now()) if chosen == "html" else None
    if chosen == "rich" and to_stdout(output):
        from patrol_journal.render.summary_rich import print_rich

        print_rich(data, limit or TERMINAL_LIMIT)
        return
    from patrol_journal.render import summary_files as render
    from patrol_journal.render.summary_rich import print_rich

    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(public(data)) + "\n"
    elif chosen == "markdown":
        text = render.markdown(data, limit or LIMIT)
    elif chosen == "html":
        text = render.html(data, weeks, limit or LIMIT)
    elif chosen == "csv":
        text = render.csv(public(data))
    else:
        text = printed(lambda: print_rich(data, limit or TERMINAL_LIMIT))
    period = data["period"]
    what = f"the summary for {period['start']} to {period['end']}"
    write_out(text, output, what, visible=chosen != "csv")


def _team_name(run: State) -> str:
    from patrol_journal.team.layout import require_team

    return require_team(run.journal_path).name


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


def _weeks_before(
    index: Index, start: datetime, end: datetime, first_day: int | None, now: datetime
) -> dict[str, Any]:
    """The twelve weeks to the summary's end, for the page's small charts (weeks that
    start on the summary's first day, or as configured)."""
    from patrol_journal.calendar import add_days, local_date, trend_periods
    from patrol_journal.config import week_start
    from patrol_journal.views.trends import trends

    first_day = week_start() if first_day is None else first_day
    since = add_days(local_date(start), -7 * 11)
    bounds = trend_periods(since, min(end, now), "week", first_day)
    return trends(index, bounds, by="week", now=now)


COMMAND = declare.Command(
    "summary",
    (
        declare.Param(
            "week",
            "--week",
            metavar="WEEK",
            help="this (default), last, or an ISO week like 2026-W47.",
        ),
        declare.SINCE,
        declare.UNTIL,
        declare.FORMAT,
        declare.OUTPUT,
        declare.Param(
            "redact",
            "--redact",
            flag=True,
            help="For a community meeting: names no one (people counted by role, names taken "
            "out of every text), no tip text, no notes, no ids.",
        ),
        declare.Param("json_", "--json", flag=True, help="Same as --format json."),
        declare.TEAM,
        declare.Param(
            "limit",
            "-n",
            "--count",
            metavar="N",
            kind="int",
            minimum=1,
            help="Show at most this many rows of each list (default: 10 in the terminal, 20 "
            "in Markdown and HTML); JSON and CSV hold the first this many of each list of "
            "concerns, owed report-backs and follow-ups (all by default), JSON's list_totals "
            "counting them all.",
        ),
    ),
    summary,
)
