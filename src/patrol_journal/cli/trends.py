"""`pj trends`: is trust growing? Week by week or month by month."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from patrol_journal.cli import declare
from patrol_journal.cli.emit import format_of
from patrol_journal.cli.state import State
from patrol_journal.errors import UsageError

WEEKS_SHOWN = 12  # the default: the last twelve weeks (or months), this one included


def trends(
    run: State,
    by: str,
    since: str | None,
    until: str | None,
    at: str | None,
    redact: bool,
    team: bool,
    format_: str | None,
    output: Path | None,
    json_: bool,
) -> None:
    """Contacts, people met, places covered, and what became of the concerns raised, a
    row a period, each as it was at its end: is the officer's contact with the beat
    growing, and are residents told what happened?"""
    from patrol_journal.calendar import add_days, local_date, trend_periods
    from patrol_journal.config import week_start
    from patrol_journal.index.ids import place_name as place_of
    from patrol_journal.views import trends as core
    from patrol_journal.views.names import resolve

    period = by.strip().lower()
    if period not in ("week", "month"):
        raise UsageError(f"--by {by}: use week or month")
    chosen = format_of(run, format_, json_, output)
    now = run.now()
    end = run.bound(until, end=True) if until is not None else now
    assert end is not None
    if since is not None:
        start = run.bound(since, end=False)
        assert start is not None
    elif period == "week":
        start = add_days(local_date(end), -7 * (WEEKS_SHOWN - 1))
    else:
        day = local_date(end)
        months = day.year * 12 + day.month - 1 - (WEEKS_SHOWN - 1)
        start = add_days(day.replace(year=months // 12, month=months % 12 + 1, day=1), 0)
    if start >= now:
        raise UsageError(f"--since {since} is after now: trends are of what has happened")
    bounds = trend_periods(start, min(end, now), period, week_start())
    with run.open_index(team=team) as index:
        place_key = resolve(index, at, "place") if at is not None else None
        place_name = place_of(index, place_key) if place_key is not None else None
        if team:
            data = core.team_trends(index, bounds, by=period, now=now, place_key=place_key)
        else:
            data = core.trends(index, bounds, by=period, now=now, place_key=place_key)
    if place_key is not None:
        data["place"] = place_name
    if redact:
        data = _redacted(data)
    _emit(data, chosen, output)


def _redacted(data: dict[str, Any]) -> dict[str, Any]:
    """Trends are counts: redacted, a team's officers are numbered, not named."""
    shown = dict(data, redacted=True)
    if "officers" in data:
        shown["officers"] = {
            f"officer {number}": periods
            for number, periods in enumerate(data["officers"].values(), 1)
        }
    return shown


def _emit(data: dict[str, Any], chosen: str, output: Any) -> None:
    from patrol_journal.cli.emit import emit_document
    from patrol_journal.render import tables
    from patrol_journal.render import trends as shown

    emit_document(
        data,
        chosen,
        output,
        what="trends",
        rich=lambda: shown.print_trends(data),
        markdown=lambda: tables.to_markdown(shown.markdown_tables(data), shown.title(data)),
        html=lambda: shown.to_html(data),
        csv=lambda: tables.to_csv(tables.rows_table(shown.title(data), shown.plain_rows(data))),
    )


COMMAND = declare.Command(
    "trends",
    (
        declare.Param(
            "by", "--by", metavar="week|month", default="week", help="A row a week, or a month."
        ),
        declare.Param(
            "since", "--since", metavar="WHEN", help="From (default: 12 weeks or months ago)."
        ),
        declare.Param("until", "--until", metavar="WHEN", help="Up to (default: now)."),
        declare.Param("at", "--at", metavar="PLACE", complete="place", help="Of one place only."),
        declare.Param(
            "redact", "--redact", flag=True, help="Name no one (the place given is kept)."
        ),
        declare.TEAM,
        declare.FORMAT,
        declare.OUTPUT,
        declare.JSON,
    ),
    trends,
)
