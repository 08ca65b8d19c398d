"""`pj log` with no TEXT at a terminal: ask for it, then who and where."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from patrol_journal.errors import JournalError, UsageError
from patrol_journal.recording import InteractionInput

if TYPE_CHECKING:
    from patrol_journal.cli.common import State


def prompt_entry(run: State, entry: InteractionInput) -> InteractionInput:
    """Ask what happened, then who, where, what kind, when, and any concern, tip or safety
    information: Enter skips a question. Who and where were last time is offered ('='
    takes it), never assumed. Ctrl-C or Ctrl-D at any question records nothing."""
    from rich.prompt import Prompt

    from patrol_journal.render.terminal import Text, console
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
        pass  # a fresh or unreadable journal: nothing to offer; the append reports problems

    def ask(question: str, default: str = "") -> str:
        try:
            return Prompt.ask(question, console=out, default=default, show_default=bool(default))
        except (KeyboardInterrupt, EOFError):
            out.print()
            raise Cancelled("nothing recorded") from None

    text = ask("What happened")
    if not text.strip():
        raise UsageError("nothing to record: the text was empty")
    entry.text = text
    if entry.people is None:
        offer = f" (last time: {', '.join(last_people)}; '=' for them)" if last_people else ""
        answer = ask(f"Who, separated by commas{offer}").strip()
        from patrol_journal.recording import split_names

        chosen = last_people if answer == "=" else split_names([answer])
        entry.people = [name.strip() for name in chosen if name.strip()]
    if entry.place is None:
        offer = f" (last time: {last_place}; '=' for it)" if last_place else ""
        answer = ask(f"Where{offer}").strip()
        entry.place = last_place if answer == "=" else answer or None

    def until_good(question: str, check: Callable[[str], Any], default: str = "") -> Any:
        """Ask until the answer is one pj takes: a refused one is said, and asked again
        (never found only after the last question, with the whole entry lost)."""
        while True:
            answer = ask(question, default).strip()
            try:
                return check(answer)
            except UsageError as problem:
                out.print(Text(f"  {problem.message}", style="red"))

    if entry.kind is None:
        from patrol_journal.recording import check_kind
        from patrol_journal.vocab import KINDS

        entry.kind = until_good(f"What kind: {', '.join(KINDS)}", check_kind, "chat")
    if entry.when is None:
        entry.when = until_good(
            "When (Enter for now; e.g. 'yesterday 21:30')",
            lambda answer: run.when(answer) if answer else None,
        )
    for question, values in (
        ("A concern they raised (Enter for none)", entry.concerns),
        ("A tip about suspicious activity (Enter for none)", entry.tips),
        ("Safety information you shared (Enter for none)", entry.shared),
    ):
        if values is not None and values:
            continue
        answer = ask(question).strip()
        if answer:
            if question.startswith("A concern"):
                entry.concerns.append(answer)
            elif question.startswith("A tip"):
                entry.tips = [answer]
            else:
                entry.shared = [answer]
    return entry


class Cancelled(JournalError):
    """The officer stopped at a prompt: exit 130, nothing recorded."""

    exit_code = 130
