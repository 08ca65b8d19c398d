"""`pj concern ...`: raise, note, resolve, report-back, reopen, show."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, WhenOpt, emit_json, note_same_as_open, state
from patrol_journal.cli.complete import (
    complete_concern_id,
    complete_person,
    complete_place,
    complete_priority,
)
from patrol_journal.cli.root import app
from patrol_journal.index.ids import resolve_concern
from patrol_journal.vocab import PRIORITIES, listed

concern_app = typer.Typer(
    help="Follow a concern from open to resolved to reported back.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(concern_app, name="concern")


IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The concern's id (a unique prefix is enough).",
        shell_complete=complete_concern_id,
    ),
]


NoteOpt = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="What happened.", show_default=False)
]


DueOpt = Annotated[
    str | None,
    typer.Option(
        "--due",
        metavar="WHEN",
        help="When to follow up next: 'friday', 'in 3 days', 2026-12-01.",
        show_default=False,
    ),
]


PriorityOpt = Annotated[
    str,
    typer.Option(
        "--priority",
        "-p",
        metavar="P",
        help=f"{listed(PRIORITIES)}.",
        shell_complete=complete_priority,
    ),
]


def _record_event(
    ctx: typer.Context,
    record_id: str,
    action: str,
    *,
    note: str | None = None,
    due: str | None = None,
    referred_to: str | None = None,
    unresolved: bool = False,
    when: str | None = None,
    json_: bool = False,
) -> None:
    """Check the step against the concern's state at WHEN, append it, show the new state."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import concern_event_record
    from patrol_journal.views.concerns import check_transition, concern

    run = state(ctx)
    moment = run.when(when)
    due_at = run.due(due, moment)
    with run.open_shared_index() as index:  # in a team: a teammate's concern too
        concern_id = resolve_concern(index, record_id)
        check_transition(index, concern_id, action, moment, unresolved=unresolved)
    record = concern_event_record(
        concern_id,
        action,
        when=moment,
        now=run.now(),
        note=note,
        due=due_at,
        referred_to=referred_to,
        unresolved=unresolved,
    )
    append(run.journal_path, [record])
    with run.open_shared_index() as index:
        current = concern(index, concern_id, run.now())
    _report(current, str(record["id"]), action, json_, moment)


_DONE = {
    "raise": "Opened",
    "note": "Noted on",
    "resolve": "Resolved",
    "report-back": "Reported back on",
    "reopen": "Reopened",
    "amend": "Corrected",
}


def _report(
    current: dict[str, Any], event_id: str, action: str, json_: bool, moment: datetime
) -> None:
    if json_:
        emit_json({**current, "event": event_id})
        return
    from patrol_journal.calendar import due_text, in_words
    from patrol_journal.vocab import plural

    who = ", ".join(current["raised_by"]) or "nobody named"
    where = f" at {current['place']}" if current["place"] else ""
    typer.echo(
        f"{_DONE[action]} concern {current['id']} [{current['status']}]: {current['text']}, "
        f"{in_words(moment, with_year=True)}"
    )
    age = current["age_days"]
    when = "today" if age == 0 else f"{plural(age, 'day')} ago"
    typer.echo(f"  raised by {who}{where}, {when}; event {event_id}")
    if current["due"]:
        typer.echo(f"  next follow-up due {due_text(current['due'])}")
    if current["status"] == "resolved":
        typer.echo(f"  now tell {who}: pj concern report-back {current['short_id']}")


@concern_app.command("raise")
def raise_(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The concern, in the resident's words.")],
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Who raised it (repeat, or separate by commas).",
            shell_complete=complete_person,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            "-a",
            metavar="PLACE",
            help="Where the problem is.",
            shell_complete=complete_place,
        ),
    ] = None,
    priority: PriorityOpt = "normal",
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="CAT", help="e.g. lighting, traffic, noise."),
    ] = None,
    due: DueOpt = None,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Open a concern outside an interaction."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import concern_raise_record
    from patrol_journal.views.concerns import concern

    run = state(ctx)
    moment = run.when(when)
    note_same_as_open(run, [text])
    record = concern_raise_record(
        text,
        raised_by=by or [],
        place=at,
        priority=priority,
        category=category,
        due=run.due(due, moment),
        when=moment,
        now=run.now(),
    )
    append(run.journal_path, [record])
    with run.open_index() as index:
        current = concern(index, str(record["id"]), run.now())
    _report(current, str(record["id"]), "raise", json_, moment)


@concern_app.command()
def note(
    ctx: typer.Context,
    record_id: IdArg,
    text: Annotated[str, typer.Argument(help="The follow-up: what you did or heard.")],
    due: DueOpt = None,
    referred_to: Annotated[
        str | None,
        typer.Option("--referred-to", metavar="WHO", help="Who you passed it on to."),
    ] = None,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Add a follow-up to a concern (and when to follow up next)."""
    _record_event(
        ctx, record_id, "note", note=text, due=due, referred_to=referred_to, when=when, json_=json_
    )


def _step(action: str, summary: str) -> None:
    """A concern step that takes only a note: `pj concern resolve` and `pj concern reopen`."""

    def step(
        ctx: typer.Context,
        record_id: IdArg,
        note: NoteOpt = None,
        when: WhenOpt = None,
        json_: JsonOpt = False,
    ) -> None:
        _record_event(ctx, record_id, action, note=note, when=when, json_=json_)

    step.__doc__ = summary
    concern_app.command(action)(step)


_step("resolve", "Mark a concern resolved. Then tell the person who raised it: report-back.")


@concern_app.command("report-back")
def report_back(
    ctx: typer.Context,
    record_id: IdArg,
    note: NoteOpt = None,
    unresolved: Annotated[
        bool,
        typer.Option("--unresolved", help="You told them it cannot be fixed (still open)."),
    ] = False,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """The person who raised it was told the outcome: the loop is closed."""
    _record_event(
        ctx, record_id, "report-back", note=note, unresolved=unresolved, when=when, json_=json_
    )


_step("reopen", "Reopen a resolved concern.")


@concern_app.command("amend")
def amend_concern(
    ctx: typer.Context,
    record_id: IdArg,
    text: Annotated[
        str | None,
        typer.Option("--text", metavar="TEXT", help="What the concern says, corrected."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            "-a",
            metavar="PLACE",
            help="Where the problem is.",
            shell_complete=complete_place,
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Who raised it (repeat, or separate by commas): replaces the raisers.",
            shell_complete=complete_person,
        ),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            "-p",
            metavar="P",
            help=f"{listed(PRIORITIES)}.",
            shell_complete=complete_priority,
        ),
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", metavar="CAT", help="e.g. lighting, traffic, noise."),
    ] = None,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Correct what a concern says: its text, place, raisers, priority or category. The
    correction is a step of its own: the history keeps what it said before."""
    from patrol_journal.errors import UsageError
    from patrol_journal.index.verify import append
    from patrol_journal.recording import concern_amend_record
    from patrol_journal.views.concerns import concern

    run = state(ctx)
    moment = run.when(when)
    with run.open_shared_index() as index:
        concern_id = resolve_concern(index, record_id)
        raiser = index.teammates_record(concern_id)
    if raiser is not None:
        raise UsageError(
            f"concern {concern_id} is {raiser}'s: only the officer who raised a concern "
            f"corrects what it says (add what you know with 'pj concern note {concern_id}')"
        )
    record = concern_amend_record(
        concern_id,
        when=moment,
        now=run.now(),
        text=text,
        place=at,
        raised_by=by,
        priority=priority,
        category=category,
    )
    append(run.journal_path, [record])
    with run.open_shared_index() as index:
        current = concern(index, concern_id, run.now())
    _report(current, str(record["id"]), "amend", json_, moment)


@concern_app.command("show")
def show_concern(ctx: typer.Context, record_id: IdArg, json_: JsonOpt = False) -> None:
    """One concern with its whole history, in the order things happened."""
    from patrol_journal.views.history import record_history

    run = state(ctx)
    with run.open_shared_index() as index:
        history = record_history(index, resolve_concern(index, record_id), run.now())
    if json_:
        emit_json(history)
        return
    from patrol_journal.render.history import print_history

    print_history(history)
