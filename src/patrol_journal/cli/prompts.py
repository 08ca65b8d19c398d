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
    from patrol_journal.recording import check_kind, split_names
    from patrol_journal.vocab import KINDS

    questions = Questions()
    last_people, last_place = _last_time(run)
    text = questions.ask("What happened")
    if not text.strip():
        raise UsageError("nothing to record: the text was empty")
    entry.text = text
    if entry.people is None:
        offer = f" (last time: {', '.join(last_people)}; '=' for them)" if last_people else ""
        answer = questions.ask(f"Who, separated by commas{offer}").strip()
        chosen = last_people if answer == "=" else split_names([answer])
        entry.people = [name.strip() for name in chosen if name.strip()]
    if entry.place is None:
        offer = f" (last time: {last_place}; '=' for it)" if last_place else ""
        answer = questions.ask(f"Where{offer}").strip()
        entry.place = last_place if answer == "=" else answer or None
    if entry.kind is None:
        entry.kind = questions.until_good(f"What kind: {', '.join(KINDS)}", check_kind, "chat")
    if entry.when is None:
        entry.when = questions.until_good(
            "When (Enter for now; e.g. 'yesterday 21:30')",
            lambda answer: run.when(answer) if answer else None,
        )
    for attribute, question in (
        ("concerns", "A concern they raised (Enter for none)"),
        ("tips", "A tip about suspicious activity (Enter for none)"),
        ("shared", "Safety information you shared (Enter for none)"),
    ):
        if not getattr(entry, attribute) and (answer := questions.ask(question).strip()):
            setattr(entry, attribute, [answer])
    return entry


def _last_time(run: State) -> tuple[list[str], str | None]:
    """Who and where the last interaction was with (to offer, never to assume)."""
    from patrol_journal.views.interactions import last_interaction

    try:
        with run.open_index() as index:
            previous = last_interaction(index)
    except JournalError:
        return [], None  # a fresh or unreadable journal: nothing to offer
    return (previous.people, previous.place) if previous is not None else ([], None)


class Questions:
    """Questions on the terminal's stderr; Ctrl-C or Ctrl-D at any of them records nothing."""

    def __init__(self) -> None:
        from patrol_journal.render.terminal import console

        self.out = console(stderr=True)

    def ask(self, question: str, default: str = "") -> str:
        from rich.prompt import Prompt

        try:
            return Prompt.ask(
                question, console=self.out, default=default, show_default=bool(default)
            )
        except (KeyboardInterrupt, EOFError):
            self.out.print()
            raise Cancelled("nothing recorded") from None

    def until_good(self, question: str, check: Callable[[str], Any], default: str = "") -> Any:
        """Ask until the answer is one pj takes: a refused one is said, and asked again
        (never found only after the last question, with the whole entry lost)."""
        from patrol_journal.render.terminal import Text

        while True:
            answer = self.ask(question, default).strip()
            try:
                return check(answer)
            except UsageError as problem:
                self.out.print(Text(f"  {problem.message}", style="red"))


class Cancelled(JournalError):
    """The officer stopped at a prompt: exit 130, nothing recorded."""

    exit_code = 130
