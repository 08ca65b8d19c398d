"""`pj amend`: correct an earlier interaction."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.complete import complete_interaction_id
from patrol_journal.cli.entry_options import (
    AtOpt,
    ConcernByOpt,
    ConcernOpt,
    KindOpt,
    SharedOpt,
    TagOpt,
    TextArg,
    TipFromOpt,
    TipOpt,
    WithOpt,
    read_text,
)
from patrol_journal.cli.root import app
from patrol_journal.index.ids import interaction_of, resolve_id


@app.command()
def amend(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The interaction to correct (a unique prefix is enough).",
            shell_complete=complete_interaction_id,
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
    tip_from: TipFromOpt = None,
    shared: SharedOpt = None,
    tag: TagOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Correct an earlier interaction; its history keeps both versions.

    The fields you give replace the old ones (a list option such as --with replaces the
    whole list)."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import InteractionInput, amendment_records

    run = state(ctx)
    corrected_when = run.when(when) if when is not None else None  # bad input first
    with run.open_index() as index:
        target = interaction_of(
            index, resolve_id(index, record_id, types=("interaction", "amendment"))
        )
    entry = InteractionInput(
        text=read_text(text),
        people=with_,
        place=at,
        kind=kind,
        when=corrected_when,
        concerns=concern or [],
        concern_by=concern_by or [],
        tips=tip,
        tip_from=tip_from,
        shared=shared,
        tags=tag,
    )
    records, amendment_id, concern_ids = amendment_records(target, entry, run.now())
    append(run.journal_path, records)
    run.open_index().close()  # the names file forgets spellings corrected away
    if json_:
        emit_json({"id": amendment_id, "amends": target, "concerns": concern_ids})
        return
    moved = ""
    if corrected_when is not None:
        from patrol_journal.calendar import in_words

        moved = f"; it happened {in_words(corrected_when, with_year=True)}"
    typer.echo(f"Recorded correction {amendment_id} of interaction {target}{moved}")
    for concern_id in concern_ids:
        typer.echo(f"Opened concern {concern_id}")
