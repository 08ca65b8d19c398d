"""`pj log`: record an interaction. Declared without typer (`declare.LOG`): the fast path
runs it when its TEXT is given; typer when pj must ask for it or open the editor."""

from __future__ import annotations

import sys

from patrol_journal.cli import declare
from patrol_journal.cli.record import entry_of, record
from patrol_journal.cli.state import State


def log(
    run: State,
    text: str | None,
    with_: list[str] | None,
    at: str | None,
    kind: str | None,
    when: str | None,
    concern: list[str] | None,
    concern_by: list[str] | None,
    tip: list[str] | None,
    tip_from: str | None,
    shared: list[str] | None,
    tag: list[str] | None,
    edit: bool,
    json_: bool,
) -> None:
    """Record an interaction. Prints its id and the ids of the concerns it opened.

    With no TEXT at a terminal, pj asks for it; --edit opens $EDITOR on a template.
    """
    from patrol_journal.recording import InteractionInput, interaction_records

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


COMMAND = declare.Command(
    "log",
    declare.LOG,
    log,
    # Without TEXT pj asks for it (typer's prompts); --edit opens the editor.
    fast_if=lambda values: values["text"] is not None and not values["edit"],
)
