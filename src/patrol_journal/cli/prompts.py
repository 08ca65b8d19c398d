"""`pj log` with no TEXT at a terminal: ask for it, then who and where."""

from __future__ import annotations

from typing import TYPE_CHECKING

from patrol_journal.errors import JournalError, UsageError
from patrol_journal.recording import InteractionInput

if TYPE_CHECKING:
    from patrol_journal.cli.common import State


def prompt_entry(run: State, entry: InteractionInput) -> InteractionInput:
    """Ask for the text, then who and where, defaulting to the last entry's."""
    from rich.prompt import Prompt

    from patrol_journal.render.terminal import console
    from patrol_journal.views.interactions import last_interaction

    out = console(stderr=True)
    last_people: list[str] = []
    last_place: str | None = None
    try:
        with run.open_index() as index:
            previous = last_interaction(index)
        if previous is not None:
            last_people, last_place = previous.people, previous.place
    except JournalError:
        pass  # a fresh or unreadable journal: no defaults; the append reports real problems
    text = Prompt.ask("What happened", console=out)
    if not text.strip():
        raise UsageError("nothing to record: the text was empty")
    entry.text = text
    if entry.people is None:
        answer = Prompt.ask(
            "Who (names separated by commas, '-' for nobody)",
            console=out,
            default=", ".join(last_people) if last_people else "-",
        )
        entry.people = (
            []
            if answer.strip() == "-"
            else [n for n in (p.strip() for p in answer.split(",")) if n]
        )
    if entry.place is None:
        answer = Prompt.ask("Where ('-' for nowhere)", console=out, default=last_place or "-")
        entry.place = None if answer.strip() == "-" else answer.strip() or None
    return entry
