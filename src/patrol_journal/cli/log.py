"""`pj log`: record an interaction."""

from __future__ import annotations

import sys

import typer

from patrol_journal.cli.common import JsonOpt, WhenOpt, state
from patrol_journal.cli.entry_options import (
    AtOpt,
    ConcernByOpt,
    ConcernOpt,
    EditOpt,
    KindOpt,
    SharedOpt,
    TagOpt,
    TextArg,
    TipFromOpt,
    TipOpt,
    WithOpt,
)
from patrol_journal.cli.record import entry_of, record
from patrol_journal.cli.root import app


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
    tip_from: TipFromOpt = None,
    shared: SharedOpt = None,
    tag: TagOpt = None,
    edit: EditOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Record an interaction. Prints its id and the ids of the concerns it opened.

    With no TEXT at a terminal, pj asks for it; --edit opens $EDITOR on a template.
    """
    from patrol_journal.recording import InteractionInput, interaction_records

    run = state(ctx)
    entry = entry_of(text, with_, at, kind, concern, concern_by, tip, tip_from, shared, tag)
    if edit:
        from patrol_journal.cli.editor import edit_entry

        def check(edited: InteractionInput, edited_when: str | None) -> None:
            edited.when = run.when(edited_when)
            interaction_records(edited, run.now())

        entry, when = edit_entry(entry, when, check)
    elif entry.text is None:
        if not at_a_terminal():
            from patrol_journal.errors import UsageError

            raise UsageError('nothing to record: give the TEXT of what happened (pj log "...")')
        from patrol_journal.cli.prompts import prompt_entry

        entry.when = run.when(when) if when is not None else None
        entry = prompt_entry(run, entry)
    if entry.when is None or edit:
        entry.when = run.when(when)
    record(run, entry, json_)


def at_a_terminal() -> bool:
    """Whether someone is there to answer questions (tests replace this)."""
    return sys.stdin.isatty()
