"""`pj person`: one person's card; with --role or --note, record what you know."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, TeamOpt, emit_json, state
from patrol_journal.cli.complete import complete_person
from patrol_journal.cli.root import app


@app.command()
def person(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A name, a unique start of one, or close to one.", shell_complete=complete_person
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
    export: Annotated[
        bool,
        typer.Option(
            "--export",
            help="Everything held about them, every other name taken out (subject access); "
            "with --team, in every journal of the team.",
        ),
    ] = False,
    export_format: Annotated[
        str,
        typer.Option("--format", "-f", help="With --export: json or markdown."),
    ] = "markdown",
    json_: JsonOpt = False,
    team: TeamOpt = False,
) -> None:
    """One person's card and timeline; with --role or --note, record what you know."""
    from patrol_journal.errors import UnknownName
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import person_card

    run = state(ctx)
    if export:
        _export(run, name, "json" if json_ else export_format, team=team)
        return
    if role is not None or note is not None:
        from patrol_journal.index.verify import append
        from patrol_journal.recording import check_name, person_fields, require_text

        with run.open_index() as index:
            try:
                display = index.person_name(resolve(index, name, "person"))
            except UnknownName as exc:
                if exc.suggestions:
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
        from patrol_journal.calendar import in_words

        what = f"role '{role}'" if role is not None else "note"
        said = in_words(record["when"], with_year=True)
        typer.echo(f"Recorded {what} for {display} ({record['id']}), {said}")
        return
    with run.open_index(team=team) as index:
        card = person_card(
            index, resolve(index, name, "person"), run.now(), limit=None if json_ else 20
        )
    if json_:
        emit_json(card)
        return
    from patrol_journal.render.people import print_person

    print_person(card)


def _export(run: Any, name: str, chosen: str, *, team: bool) -> None:
    from patrol_journal.errors import UsageError
    from patrol_journal.views.export import person_export
    from patrol_journal.views.names import resolve

    if chosen not in ("json", "markdown"):
        raise UsageError(f"unknown format '{chosen}' for --export: use json or markdown")
    with run.open_index(team=team) as index:
        data = person_export(index, resolve(index, name, "person", written=True), run.now())
    if chosen == "json":
        emit_json(data)
        return
    from patrol_journal.render.export import markdown

    typer.echo(markdown(data), nl=False)
