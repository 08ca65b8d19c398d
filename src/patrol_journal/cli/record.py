"""Recording commands: `pj init`, `pj log`, `pj amend`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, WhenOpt, emit_json, state
from patrol_journal.cli.root import app

TextArg = Annotated[
    str | None,
    typer.Argument(
        help="What happened, in your words ('-' reads it from standard input).",
        show_default=False,
    ),
]
WithOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        metavar="NAME",
        help="Someone you met (repeat for several). "
        "Add a role in brackets: 'Maria Lopez (resident)'.",
        show_default=False,
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", "-a", metavar="PLACE", help="Where it happened.", show_default=False),
]
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="chat (default), event, business, patrol, meeting, call or other.",
        show_default=False,
    ),
]
ConcernOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--concern",
        "-c",
        metavar="TEXT",
        help="A concern raised (repeat for several); opens a concern to follow up.",
        show_default=False,
    ),
]
ConcernByOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--concern-by",
        metavar="NAME",
        help="Who raised the concerns (default: everyone in --with).",
        show_default=False,
    ),
]
TipOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tip", metavar="TEXT", help="A tip about suspicious activity.", show_default=False
    ),
]
SharedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--shared", metavar="TEXT", help="Safety information you passed on.", show_default=False
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag for searching later.", show_default=False
    ),
]
EditOpt = Annotated[
    bool, typer.Option("--edit", "-e", help="Write the entry in $EDITOR from a template.")
]


@app.command()
def init(
    ctx: typer.Context,
    officer: Annotated[
        str | None,
        typer.Option("--officer", "-o", metavar="NAME", help="Your name, shown on summaries."),
    ] = None,
) -> None:
    """Create a new journal (mode 0600). Never overwrites an existing one."""
    from patrol_journal import journal
    from patrol_journal.capture import check_name

    run = state(ctx)
    location = run.location()
    name = check_name(officer, "the officer's name") if officer is not None else None
    journal.create(location.path, name, run.now())
    typer.echo(f"Created a new journal at {location.path} ({location.detail}).")
    typer.echo(
        "Record your first contact with: "
        'pj log "Chat by the swings" --with "Maria Lopez" --at "Elm Park"'
    )


@app.command()
def log(
    ctx: typer.Context,
    text: TextArg = None,
    with_: WithOpt = None,
    at: AtOpt = None,
    kind: KindOpt = None,
    when: WhenOpt = None,
    concern: ConcernOpt = None,
    concern_by: ConcernByOpt = None,
    tip: TipOpt = None,
    shared: SharedOpt = None,
    tag: TagOpt = None,
    edit: EditOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Record an interaction. Prints its id and the ids of the concerns it opened.

    With no TEXT at a terminal, pj asks for it; --edit opens $EDITOR on a template.
    """
    from patrol_journal.capture import InteractionInput, append, interaction_records

    run = state(ctx)
    entry = InteractionInput(
        text=_read_text(text),
        people=with_,
        place=at,
        kind=kind,
        concerns=concern or [],
        concern_by=concern_by or [],
        tips=tip,
        shared=shared,
        tags=tag,
    )
    if edit:
        from patrol_journal.cli.editor import edit_entry

        entry, when = edit_entry(entry, when)
    elif entry.text is None:
        if not at_a_terminal():
            from patrol_journal.errors import UsageError

            raise UsageError('nothing to record: give the TEXT of what happened (pj log "...")')
        from patrol_journal.cli.prompts import prompt_entry

        entry = prompt_entry(run, entry)
    entry.when = run.when(when)
    records, interaction_id, concern_ids = interaction_records(entry, run.now())
    path = run.journal_path
    append(path, records)
    _near_miss_notes(path, records[0], interaction_id)
    if json_:
        emit_json({"id": interaction_id, "concerns": concern_ids})
        return
    typer.echo(f"Recorded interaction {interaction_id}")
    for concern_id, concern_text in zip(concern_ids, entry.concerns, strict=True):
        typer.echo(f"Opened concern {concern_id}: {_one_line(concern_text)}")


@app.command()
def amend(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The interaction to correct (a unique prefix is enough)."
        ),
    ],
    text: TextArg = None,
    with_: WithOpt = None,
    at: AtOpt = None,
    kind: KindOpt = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--when", metavar="WHEN", help="Correct when it happened.", show_default=False
        ),
    ] = None,
    concern: ConcernOpt = None,
    concern_by: ConcernByOpt = None,
    tip: TipOpt = None,
    shared: SharedOpt = None,
    tag: TagOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Correct an earlier interaction. The fields you give replace the old ones (a list
    option such as --with replaces the whole list); the history keeps both versions."""
    from patrol_journal.capture import InteractionInput, amendment_records, append

    run = state(ctx)
    with run.open_index() as index:
        target = index.resolve_id(record_id, types=("interaction", "amendment"))
        row = index.db.execute("SELECT target FROM amendments WHERE id = ?", (target,)).fetchone()
        if row is not None:
            target = row[0]
    entry = InteractionInput(
        text=_read_text(text),
        people=with_,
        place=at,
        kind=kind,
        when=run.when(when) if when is not None else None,
        concerns=concern or [],
        concern_by=concern_by or [],
        tips=tip,
        shared=shared,
        tags=tag,
    )
    records, amendment_id, concern_ids = amendment_records(target, entry, run.now())
    append(run.journal_path, records)
    if json_:
        emit_json({"id": amendment_id, "amends": target, "concerns": concern_ids})
        return
    typer.echo(f"Recorded correction {amendment_id} of interaction {target}")
    for concern_id in concern_ids:
        typer.echo(f"Opened concern {concern_id}")


def _near_miss_notes(path: Path, interaction: dict[str, Any], record_id: str) -> None:
    """Record what was typed, but say so when a name looks like a slip of a known one."""
    from patrol_journal.cachefiles import read_names
    from patrol_journal.names import near_misses

    people, places = read_names(path)
    for name in interaction.get("people") or []:
        for known, met in near_misses(name, people)[:1]:
            typer.echo(
                f'note: "{name}" looks like "{known}" (met {met} times); '
                f"pj amend {record_id} --with ... to correct",
                err=True,
            )
    place = interaction.get("place")
    if place:
        for known, visits in near_misses(place, places)[:1]:
            typer.echo(
                f'note: place "{place}" looks like "{known}" (visited {visits} times); '
                f'pj amend {record_id} --at "{known}" to correct',
                err=True,
            )


def at_a_terminal() -> bool:
    """Whether someone is there to answer questions (tests replace this)."""
    return sys.stdin.isatty()


def _read_text(text: str | None) -> str | None:
    if text == "-":
        return sys.stdin.read().rstrip("\n")
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())
