"""`pj search`: find interactions by words, people, places, kinds, tags and dates."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.cli import declare
from patrol_journal.cli.emit import echo, emit_view, format_of
from patrol_journal.cli.state import State


def search(
    run: State,
    words: str | None,
    with_: str | None,
    at: str | None,
    kind: str | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    count: int,
    json_: bool,
    format_: str | None,
    output: Path | None,
    team: bool,
) -> None:
    """Find interactions across text, concerns, tips, shared information, names and places."""
    from patrol_journal.recording import check_kind
    from patrol_journal.views.interactions import found_concerns, search
    from patrol_journal.views.names import resolve

    start, end = run.span(since, until)
    with run.open_index(team=team) as index:
        concerns = (
            []
            if kind is not None or tag is not None  # concerns have neither
            else found_concerns(
                index,
                words,
                person_key=resolve(index, with_, "person") if with_ is not None else None,
                place_key=resolve(index, at, "place") if at is not None else None,
                since=start,
                until=end,
                limit=count,
            )
        )
        views = search(
            index,
            words,
            person_key=resolve(index, with_, "person") if with_ is not None else None,
            place_key=resolve(index, at, "place") if at is not None else None,
            kind=check_kind(kind) if kind is not None else None,
            tag=tag,
            since=start,
            until=end,
            limit=count,
        )
    from datetime import datetime

    rows = [{"type": "interaction", **view.to_json()} for view in views] + concerns
    # Newest first; at the same moment interactions first (the sort is stable).
    rows.sort(key=lambda row: datetime.fromisoformat(row["when"]), reverse=True)

    def show() -> None:
        from patrol_journal.render.terminal import concerns_found, console, interactions_table

        if not views and not concerns:
            echo("Nothing found.")
            return
        out = console()
        if views:
            title = f"{len(views)} found, newest first"
            out.print(
                interactions_table(
                    views, run.now(), title=title, highlight=(words or "").split(), team=team
                )
            )
        if concerns:
            out.print(concerns_found(concerns, run.now()))

    chosen = format_of(run, format_, json_, output)
    from patrol_journal.views.interactions import SEARCH_COLUMNS

    found = rows[:count]
    emit_view(
        run, found, title="Found", chosen=chosen, output=output, rich=show, columns=SEARCH_COLUMNS
    )


COMMAND = declare.Command(
    "search",
    (
        declare.Param("words", metavar="[QUERY]", help="Words that must all appear (any case)."),
        declare.Param(
            "with_",
            "--with",
            "-w",
            metavar="NAME",
            complete="person",
            help="Only with this person.",
        ),
        declare.Param(
            "at", "--at", "-a", metavar="PLACE", complete="place", help="Only at this place."
        ),
        declare.Param("kind", "--kind", "-k", complete="kind", help="Only this kind."),
        declare.Param("tag", "--tag", "-t", help="Only with this tag."),
        declare.SINCE,
        declare.UNTIL,
        declare.Param(
            "count", "-n", "--count", kind="int", default=50, minimum=1, help="At most this many."
        ),
        declare.JSON,
        declare.FORMAT,
        declare.OUTPUT,
        declare.TEAM,
    ),
    search,
)
