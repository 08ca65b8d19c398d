"""`pj people`: who the officer has met (one person's card is `pj person`)."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.cli import declare
from patrol_journal.cli.emit import emit_view, format_of
from patrol_journal.cli.state import State


def people(
    run: State,
    since: str | None,
    until: str | None,
    at: str | None,
    not_seen_for: int | None,
    sort: str,
    limit: int,
    json_: bool,
    format_: str | None,
    output: Path | None,
    team: bool,
) -> None:
    """Everyone you have met: role, times met, first and last met, where, open concerns."""
    from patrol_journal.errors import UsageError
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import COLUMNS
    from patrol_journal.views.people import people as core

    sort = sort.strip().lower()
    if sort not in ("last", "count", "name"):
        raise UsageError(f"unknown sort '{sort}': use last, count or name")
    start, end = run.span(since, until)
    chosen = format_of(run, format_, json_, output)
    from patrol_journal.formats import to_stdout

    shown = limit if chosen == "rich" and to_stdout(output) else None  # only those are made
    with run.open_index(team=team) as index:
        place_key = resolve(index, at, "place") if at is not None else None
        rows = core(
            index,
            run.now(),
            since=start,
            until=end,
            place_key=place_key,
            not_seen_for=not_seen_for,
            sort=sort,
            limit=shown,
        )

    def show() -> None:
        from patrol_journal.render.people import print_people

        print_people(rows, not_seen_for, limit, team=team)

    emit_view(run, rows, title="People", chosen=chosen, output=output, rich=show, columns=COLUMNS)


AT = declare.Param(
    "at", "--at", "-a", metavar="PLACE", complete="place", help="Only meetings at this place."
)
NOT_SEEN_FOR = declare.Param(
    "not_seen_for",
    "--not-seen-for",
    metavar="DAYS",
    kind="int",
    minimum=1,
    maximum=declare.DAYS_MOST,
    help="Only people met at least twice and not for DAYS days or more: who to look for.",
)
SORT = declare.Param("sort", "--sort", default="last", help="last (default), count or name.")
COMMAND = declare.Command(
    "people",
    (
        declare.SINCE,
        declare.UNTIL,
        AT,
        NOT_SEEN_FOR,
        SORT,
        declare.ROWS,
        declare.JSON,
        declare.FORMAT,
        declare.OUTPUT,
        declare.TEAM,
    ),
    people,
)
