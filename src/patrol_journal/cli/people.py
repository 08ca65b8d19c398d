"""`pj people` and `pj person`: who the officer has met, and one person's card."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, RowsOpt, SinceOpt, UntilOpt, emit_json, state
from patrol_journal.cli.root import app

NotSeenOpt = Annotated[
    int | None,
    typer.Option(
        "--not-seen-for",
        metavar="DAYS",
        min=1,
        help="Only people met at least twice and not for DAYS days or more: who to look for.",
        show_default=False,
    ),
]


def complete_person(incomplete: str) -> list[str]:
    """Names for shell completion, from the cache file (no SQLite, no journal read)."""
    return _complete(incomplete, people=True)


def complete_place(incomplete: str) -> list[str]:
    return _complete(incomplete, people=False)


def _complete(incomplete: str, *, people: bool) -> list[str]:
    from patrol_journal.cachefiles import read_names
    from patrol_journal.config import locate_journal
    from patrol_journal.records import name_key

    try:
        known = read_names(locate_journal(None).path)[0 if people else 1]
    except Exception:  # completion must never fail loudly
        return []
    prefix = name_key(incomplete)
    matches = [(count, name) for key, (name, count) in known.items() if key.startswith(prefix)]
    return [name for _count, name in sorted(matches, reverse=True)]


@app.command()
def people(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            "-a",
            metavar="PLACE",
            help="Only meetings at this place.",
            autocompletion=complete_place,
        ),
    ] = None,
    not_seen_for: NotSeenOpt = None,
    sort: Annotated[str, typer.Option("--sort", help="last (default), count or name.")] = "last",
    limit: RowsOpt = 50,
    json_: JsonOpt = False,
) -> None:
    """Everyone you have met: role, times met, first and last met, where, open concerns."""
    from patrol_journal.errors import UsageError
    from patrol_journal.names import resolve
    from patrol_journal.report import people as core

    if sort not in ("last", "count", "name"):
        raise UsageError(f"unknown sort '{sort}': use last, count or name")
    run = state(ctx)
    with run.open_index() as index:
        place_key = resolve(index, at, "place") if at is not None else None
        rows = core(
            index,
            run.now(),
            since=run.bound(since, end=False),
            until=run.bound(until, end=True),
            place_key=place_key,
            not_seen_for=not_seen_for,
            sort=sort,
        )
    if json_:
        emit_json(rows)
        return
    from patrol_journal.render.people import print_people

    print_people(rows, not_seen_for, limit)


@app.command()
def person(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A name, a unique start of one, or close to one.", autocompletion=complete_person
        ),
    ],
    role: Annotated[
        str | None,
        typer.Option("--role", metavar="ROLE", help="Record their role: resident, shop owner..."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="Record something to remember about them."),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--when", metavar="WHEN", help="When you learnt it (default now).")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """One person's card and timeline; with --role or --note, record what you know."""
    from patrol_journal.errors import UnknownName
    from patrol_journal.names import resolve
    from patrol_journal.report import person_card

    run = state(ctx)
    if role is not None or note is not None:
        from patrol_journal.capture import append, check_name, person_fields, require_text

        with run.open_index() as index:
            try:
                display = index.person_name(resolve(index, name, "person"))
            except UnknownName as exc:
                if "did you mean" in exc.message:
                    raise
                display = check_name(name, "the name")
        record = person_fields(
            display,
            run.when(when),
            role=require_text(role, "--role") if role is not None else None,
            note=require_text(note, "--note") if note is not None else None,
            recorded=run.now(),
        )
        append(run.journal_path, [record])
        if json_:
            emit_json({"id": record["id"], "name": display})
            return
        what = f"role '{role}'" if role is not None else "note"
        typer.echo(f"Recorded {what} for {display} ({record['id']})")
        return
    with run.open_index() as index:
        card = person_card(
            index, resolve(index, name, "person"), run.now(), limit=None if json_ else 20
        )
    if json_:
        emit_json(card)
        return
    from patrol_journal.render.people import print_person

    print_person(card)
