"""`pj amend`: correct an earlier interaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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
)
from patrol_journal.cli.record import entry_of
from patrol_journal.cli.root import app
from patrol_journal.index.ids import interaction_of, resolve_id

if TYPE_CHECKING:
    from datetime import datetime

    from patrol_journal.cli.common import State
    from patrol_journal.recording import InteractionInput
    from patrol_journal.views.interactions import InteractionView


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
    edit: Annotated[
        bool,
        typer.Option("--edit", "-e", help="Correct it in $EDITOR, starting from how it reads now."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Correct an earlier interaction; its history keeps both versions.

    The fields you give replace the old ones (a list option such as --with replaces the
    whole list). With --edit, $EDITOR opens on the interaction as it reads now (and the
    options given): what you change is corrected."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import amendment_records
    from patrol_journal.views.interactions import interaction

    run = state(ctx)
    corrected_when = run.when(when) if when is not None else None  # bad input first
    with run.open_index() as index:
        target = interaction_of(
            index, resolve_id(index, record_id, types=("interaction", "amendment"))
        )
        current = interaction(index, target) if edit else None
    entry = entry_of(text, with_, at, kind, concern, concern_by, tip, tip_from, shared, tag)
    entry.when = corrected_when
    if current is not None:
        entry, corrected_when = _edited(run, target, current, entry, when)
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


def _edited(
    run: State, target: str, current: InteractionView, given: InteractionInput, when: str | None
) -> tuple[InteractionInput, datetime | None]:
    """The correction written in $EDITOR: the interaction as it reads now, with the
    options given put in, edited; what differs from how it reads now is corrected."""
    from patrol_journal.cli.editor import (
        as_written,
        corrections,
        edit_entry,
        nothing_in,
        put_in,
    )
    from patrol_journal.errors import UsageError
    from patrol_journal.recording import amendment_records

    before = as_written(current)
    start = put_in(as_written(current), given)
    written_when = current.when.strftime("%Y-%m-%d %H:%M")

    def corrected_when(text: str | None) -> datetime | None:
        return None if text in (None, written_when) else run.when(text)

    def changed(edited: InteractionInput, edited_when: str | None) -> InteractionInput:
        found = corrections(before, edited)
        found.when = corrected_when(edited_when)
        found.tip_from = given.tip_from  # the template has no line of its own for it
        return found

    def check(edited: InteractionInput, edited_when: str | None) -> None:
        correction = changed(edited, edited_when)
        if nothing_in(correction):
            raise UsageError("nothing was changed in the editor, so nothing was corrected")
        amendment_records(target, correction, run.now())

    correction = changed(*edit_entry(start, when or written_when, check))
    return correction, correction.when
