"""`pj places`: the beat, place by place (one place before walking it is `pj brief`)."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.cli import declare
from patrol_journal.cli.emit import emit_view, format_of
from patrol_journal.cli.state import State


def places(
    run: State,
    not_visited_for: int | None,
    sort: str,
    limit: int,
    json_: bool,
    format_: str | None,
    output: Path | None,
    team: bool,
) -> None:
    """Every place: visits, last visit, people met there, open concerns, kinds of contact."""
    from patrol_journal.errors import UsageError
    from patrol_journal.views.places import COLUMNS
    from patrol_journal.views.places import places as core

    sort = sort.strip().lower()
    if sort not in ("last", "visits", "name"):
        raise UsageError(f"unknown sort '{sort}': use last, visits or name")
    with run.open_index(team=team) as index:
        rows = core(index, run.now(), not_visited_for=not_visited_for, sort=sort)

    def show() -> None:
        from patrol_journal.render.places import print_places

        print_places(rows, not_visited_for, limit, team=team)

    chosen = format_of(run, format_, json_, output)
    emit_view(run, rows, title="Places", chosen=chosen, output=output, rich=show, columns=COLUMNS)


NOT_VISITED_FOR = declare.Param(
    "not_visited_for",
    "--not-visited-for",
    metavar="DAYS",
    kind="int",
    minimum=1,
    maximum=declare.DAYS_MOST,
    help="Only places not visited for DAYS days or more: the neglected beat.",
)
SORT = declare.Param("sort", "--sort", default="last", help="last (default), visits or name.")
COMMAND = declare.Command(
    "places",
    (
        NOT_VISITED_FOR,
        SORT,
        declare.ROWS,
        declare.JSON,
        declare.FORMAT,
        declare.OUTPUT,
        declare.TEAM,
    ),
    places,
)
