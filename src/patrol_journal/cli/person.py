"""`pj person`: one person's card; with --role or --note, record what you know."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from patrol_journal.cli import declare
from patrol_journal.cli.emit import echo, emit_json, emit_view, format_of, write_out
from patrol_journal.cli.state import State


def person(
    run: State,
    name: str,
    role: str | None,
    note: str | None,
    when: str | None,
    export: bool,
    format_: str | None,
    output: Path | None,
    json_: bool,
    team: bool,
) -> None:
    """One person's card and timeline; with --role or --note, record what you know."""
    from patrol_journal.errors import UnknownName
    from patrol_journal.index.ids import person_name
    from patrol_journal.views.names import resolve
    from patrol_journal.views.people import person_card

    _check_together(role, note, when, export, format_, output, team)
    if export:
        asked = format_ is not None or json_ or output is not None
        chosen = format_of(run, format_, json_, output) if asked else "markdown"
        _export(run, name, chosen, team=team, output=output)
        return
    if role is not None or note is not None:
        from patrol_journal.index.verify import append
        from patrol_journal.recording import check_name, person_fields, require_text

        with run.open_index() as index:
            try:
                display = person_name(index, resolve(index, name, "person"))
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
        echo(f"Recorded {what} for {display} ({record['id']}), {said}")
        return
    chosen = format_of(run, format_, json_, output)
    with run.open_index(team=team) as index:
        key = resolve(index, name, "person")
        card = person_card(index, key, run.now(), limit=None if chosen != "rich" else 20)

    def show() -> None:
        from patrol_journal.render.people import print_person

        print_person(card)

    emit_view(run, card, title=card["name"], chosen=chosen, output=output, rich=show)


def _check_together(
    role: str | None,
    note: str | None,
    when: str | None,
    export: bool,
    format_: str | None,
    output: Path | None,
    team: bool,
) -> None:
    """Options that mean nothing together are refused, never silently dropped."""
    from patrol_journal.errors import UsageError

    recording = role is not None or note is not None
    if recording and export:
        raise UsageError("--export shows what is held; record --role or --note separately")
    if recording and (format_ is not None or output is not None or team):
        given = (
            "--format" if format_ is not None else "--output" if output is not None else "--team"
        )
        raise UsageError(
            f"{given} is for showing the card; --role and --note record in your journal"
        )
    if when is not None and not recording:
        raise UsageError("--when says when you learnt a --role or --note; give one of them")


def _export(run: Any, name: str, chosen: str, *, team: bool, output: Path | None) -> None:
    from patrol_journal.errors import UsageError
    from patrol_journal.views.export import person_export
    from patrol_journal.views.names import resolve

    if chosen not in ("json", "markdown"):
        raise UsageError(f"--export is written in json or markdown, not {chosen}")
    with run.open_index(team=team) as index:
        data = person_export(index, resolve(index, name, "person", written=True), run.now())
    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(data) + "\n"
    else:
        from patrol_journal.render.export import markdown

        text = markdown(data)
    write_out(text, output, f"what is held about {data['person']}")


COMMAND = declare.Command(
    "person",
    (
        declare.Param(
            "name",
            metavar="NAME",
            required=True,
            complete="person",
            help="A name, a unique start of one, or close to one.",
        ),
        declare.Param(
            "role", "--role", metavar="ROLE", help="Record their role: resident, shop owner..."
        ),
        declare.Param(
            "note", "--note", metavar="TEXT", help="Record something to remember about them."
        ),
        declare.Param("when", "--when", metavar="WHEN", help="When you learnt it (default now)."),
        declare.Param(
            "export",
            "--export",
            flag=True,
            help="Everything held about them, every other name taken out (subject access); "
            "with --team, in every journal of the team.",
        ),
        declare.Param(
            "format_",
            "--format",
            "-f",
            metavar="FORMAT",
            complete="format",
            help="The card in rich (the default), markdown, json, csv or html; with "
            "--export, markdown (the default) or json.",
        ),
        declare.OUTPUT,
        declare.JSON,
        declare.TEAM,
    ),
    person,
)
