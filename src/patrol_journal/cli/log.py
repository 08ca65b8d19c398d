"""`pj log`: record an interaction."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from patrol_journal.cli.common import JsonOpt, WhenOpt, emit_json, state
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
    read_text,
)
from patrol_journal.cli.root import app

if TYPE_CHECKING:
    from datetime import datetime


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
    from patrol_journal.index.verify import append
    from patrol_journal.recording import InteractionInput, interaction_records

    run = state(ctx)
    entry = InteractionInput(
        text=read_text(text),
        people=with_,
        place=at,
        kind=kind,
        concerns=concern or [],
        concern_by=concern_by or [],
        tips=tip,
        tip_from=tip_from,
        shared=shared,
        tags=tag,
    )
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
    records, interaction_id, concern_ids = interaction_records(entry, run.now())
    path = run.journal_path
    if entry.concerns:
        from patrol_journal.cli.common import note_same_as_open

        note_same_as_open(run, entry.concerns)
    notes = _near_miss_notes(path, records[0], interaction_id)
    append(path, records)
    notes += _gap_note(path, entry.when)
    for note in notes:
        typer.echo(note, err=True)
    if json_:
        emit_json({"id": interaction_id, "concerns": concern_ids})
        return
    from patrol_journal.calendar import in_words

    typer.echo(f"Recorded interaction {interaction_id}, {in_words(entry.when, with_year=True)}")
    for concern_id, concern_text in zip(concern_ids, entry.concerns, strict=True):
        typer.echo(f"Opened concern {concern_id}: {_one_line(concern_text)}")


def _near_miss_notes(path: Path, interaction: dict[str, Any], record_id: str) -> list[str]:
    """Record what was typed, but say so when a name looks like a slip of one known before
    this entry (read before the append adds it)."""
    from shlex import quote

    from patrol_journal.index.files import read_names
    from patrol_journal.views.names import near_misses
    from patrol_journal.vocab import plural

    people, places = read_names(path)
    notes = []
    met_now = list(interaction.get("people") or [])
    for number, name in enumerate(met_now):
        for known, met in near_misses(name, people)[:1]:
            corrected = [*met_now[:number], known, *met_now[number + 1 :]]
            command = " ".join(f"--with {quote(other)}" for other in corrected)
            notes.append(
                f'note: "{name}" looks like "{known}" (met {plural(met, "time")}); '
                f"pj amend {record_id} {command} to correct"
            )
    place = interaction.get("place")
    if place:
        for known, visits in near_misses(place, places)[:1]:
            notes.append(
                f'note: place "{place}" looks like "{known}" (visited {plural(visits, "time")}); '
                f"pj amend {record_id} --at {quote(known)} to correct"
            )
    return notes


def _gap_note(path: Path, when: datetime) -> list[str]:
    """On duty, an entry after more than an hour with none: said, once, as it is recorded."""
    from patrol_journal.index.files import gap_before

    found = gap_before(path, when)
    if found is None:
        return []
    from patrol_journal.calendar import in_words, to_local

    last, now = found
    same_day = to_local(last).date() == to_local(now).date()
    first = in_words(last).split(" ", 3)[3] if same_day else in_words(last)
    return [f"note: no entry between {first} and {in_words(now).split(' ', 3)[3]} on this shift"]


def at_a_terminal() -> bool:
    """Whether someone is there to answer questions (tests replace this)."""
    return sys.stdin.isatty()


def _one_line(text: str) -> str:
    return " ".join(text.split())
