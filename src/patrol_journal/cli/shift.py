"""`pj shift ...`: on duty, off duty, and where you stand now."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, State, TeamOpt, WhenOpt, emit_json, state
from patrol_journal.cli.complete import complete_person, complete_place
from patrol_journal.cli.root import app
from patrol_journal.errors import UsageError

shift_app = typer.Typer(
    help="Start and end a shift; see who is on duty.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(shift_app, name="shift")

PostOpt = Annotated[
    str | None,
    typer.Option(
        "--post",
        metavar="POST",
        help="Where the shift is worked: a site, a gate, a beat.",
        shell_complete=complete_place,
    ),
]
EquipmentOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--equipment",
        metavar="TEXT",
        help="Equipment received or handed over (repeat): 'radio 4', 'keys set B'.",
    ),
]


@shift_app.command("start")
def start(
    ctx: typer.Context,
    post: PostOpt = None,
    relieving: Annotated[
        str | None,
        typer.Option(
            "--relieving",
            metavar="NAME",
            help="The officer you take over from.",
            shell_complete=complete_person,
        ),
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            "-w",
            metavar="NAME",
            help="A partner on this shift (repeat).",
            shell_complete=complete_person,
        ),
    ] = None,
    equipment: EquipmentOpt = None,
    when: WhenOpt = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Duty, briefing, anything.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Go on duty. First shows the brief for the shift: pass-downs not yet read, open
    concerns at the post, follow-ups due today, report-backs owed.

    One shift is open at a time; entries written while it is open belong to it by their
    time, backdated ones too."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import shift_start_record
    from patrol_journal.views.shifts import open_shift, overlapping

    run = state(ctx)
    moment = run.when(when)
    record = shift_start_record(
        when=moment,
        now=run.now(),
        post=post,
        relieving=relieving,
        partners=with_,
        equipment=equipment,
        note=note,
    )
    with run.open_index() as index:
        current = open_shift(index)
        if current is not None:
            raise UsageError(
                f"a shift is open already: {current['short_id']}, on duty since "
                f"{_words(current['start'])}; end it first with 'pj shift end'"
            )
        clash = overlapping(index, int(moment.timestamp()), int(run.now().timestamp()))
        if clash is not None:
            raise UsageError(
                f"a shift beginning {_words(moment)} would overlap shift {clash['short_id']} "
                f"({_words(clash['start'])} to {_words(clash['end'])}); nothing was recorded"
            )
    brief = _brief(run, record.get("post"), json_)
    acks = [] if json_ else _acknowledged(run, brief["passdowns"], moment)
    append(run.journal_path, [record, *acks])
    _note_on_duty(run, str(record["id"]))
    if json_:
        emit_json({"id": record["id"], "when": moment.isoformat(), "post": record["post"]})
        return
    where = f" at {record['post']}" if record["post"] else ""
    typer.echo(f"On duty{where} from {_words(moment)}: shift {record['id']}")
    if acks:
        from patrol_journal.vocab import plural

        typer.echo(f"Acknowledged {plural(len(acks), 'pass-down')} as read")


def _acknowledged(
    run: State, unread: list[dict[str, Any]], moment: datetime
) -> list[dict[str, Any]]:
    """At a terminal, the pass-downs just listed acknowledged if the officer says so;
    elsewhere, how to acknowledge them."""
    if not unread:
        return []
    from patrol_journal.cli.log import at_a_terminal
    from patrol_journal.recording import ack_record
    from patrol_journal.vocab import plural

    if not at_a_terminal():
        ids = " ".join(row["short_id"] for row in unread)
        typer.echo(f"Read them, then acknowledge: pj passdown ack {ids}", err=True)
        return []
    from patrol_journal.cli.prompts import Questions

    answer = Questions().ask(
        f"Acknowledge the {plural(len(unread), 'pass-down')} as read? (y/n)", "y"
    )
    if not answer.strip().lower().startswith("y"):
        return []
    return [ack_record(row["id"], when=moment, now=run.now()) for row in unread]


def _note_on_duty(run: State, shift_id: str) -> None:
    """Tell `pj log` where the open shift's record is (it reads on from there)."""
    from patrol_journal.index.files import write_duty

    with run.open_index() as index:
        row = index.db.execute("SELECT offset FROM records WHERE id = ?", (shift_id,)).fetchone()
    if row is not None:
        write_duty(run.journal_path, shift_id, int(row[0]))


def _words(moment: datetime | str | None) -> str:
    from patrol_journal.calendar import in_words

    return in_words(moment, with_year=True) if moment is not None else "now"


def _brief(run: State, post: str | None, quiet: bool) -> dict[str, Any]:
    """The brief for a shift: what the next officer must read before anything else."""
    from patrol_journal.views.shifts import shift_brief

    with run.open_shared_index() as index:
        brief = shift_brief(index, run.now(), post)
    if quiet:
        return brief
    from patrol_journal.render.shifts import print_brief

    print_brief(brief)
    return brief


@shift_app.command("end")
def end(
    ctx: typer.Context,
    handed_to: Annotated[
        str | None,
        typer.Option(
            "--handed-to",
            metavar="NAME",
            help="The officer you hand over to.",
            shell_complete=complete_person,
        ),
    ] = None,
    equipment: EquipmentOpt = None,
    summary: Annotated[
        str | None,
        typer.Option("--summary", metavar="TEXT", help="How the shift went, in a line or two."),
    ] = None,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Go off duty: ends the open shift (its report is `pj dar --last`)."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import shift_end_record
    from patrol_journal.views.shifts import open_shift, written_after

    run = state(ctx)
    moment = run.when(when)
    with run.open_index() as index:
        current = open_shift(index)
        if current is None:
            raise UsageError("no shift is open: start one with 'pj shift start --post POST'")
        if moment <= datetime.fromisoformat(current["start"]):
            raise UsageError(
                f"the end ({_words(moment)}) is not after the start of shift "
                f"{current['short_id']} ({_words(current['start'])}); nothing was recorded"
            )
        after = written_after(index, current, int(moment.timestamp()), run.now())
    if after:
        from patrol_journal.vocab import plural

        raise UsageError(
            f"{plural(after, 'entry', 'entries')} of this shift happened after "
            f"{_words(moment)}: an end there would leave them out; end it later"
        )
    record = shift_end_record(
        current["id"],
        when=moment,
        now=run.now(),
        handed_to=handed_to,
        equipment=equipment,
        summary=summary,
    )
    handed = [] if json_ else _passdown_offered(run, moment, current["post"])
    append(run.journal_path, [record, *handed])
    from patrol_journal.index.files import clear_duty

    clear_duty(run.journal_path)
    if json_:
        emit_json({"id": record["id"], "when": moment.isoformat(), "post": current["post"]})
        return
    hours = (moment - datetime.fromisoformat(current["start"])).total_seconds() / 3600
    typer.echo(
        f"Off duty {_words(moment)} after {hours:.1f} hours: shift {current['short_id']} "
        f"ended ({record['id']}). Its report: pj dar --last"
    )
    if handed:
        typer.echo(f"Pass-down {handed[0]['id']} written for whoever comes on next")
    else:
        typer.echo("For whoever comes on next: pj passdown add TEXT [--post POST] [--until WHEN]")


def _passdown_offered(run: State, moment: datetime, post: str | None) -> list[dict[str, Any]]:
    """At a terminal, a pass-down for the next officer if one is written (Enter: none)."""
    from patrol_journal.cli.log import at_a_terminal

    if not at_a_terminal():
        return []
    from patrol_journal.cli.prompts import Questions
    from patrol_journal.recording import passdown_record

    where = f" at {post}" if post else ""
    text = Questions().ask(f"A pass-down for whoever comes on next{where} (Enter: none)")
    if not text.strip():
        return []
    return [passdown_record(text.strip(), when=moment, now=run.now(), post=post)]


@shift_app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False, team: TeamOpt = False) -> None:
    """Whether you are on duty: since when, where, entries so far, the last one, and how
    long since it (with --team: who is on duty where, now)."""
    from patrol_journal.views.shifts import on_duty
    from patrol_journal.views.shifts import status as core

    run = state(ctx)
    now = run.now()
    with run.open_index(team=team) as index:
        found = on_duty(index, now) if team else core(index, now)
    if json_:
        emit_json(found)
        return
    from patrol_journal.render.shifts import print_status

    print_status(found, team=team)


@shift_app.command("list")
def list_(
    ctx: typer.Context,
    count: Annotated[int, typer.Option("-n", "--count", min=1, help="How many shifts.")] = 10,
    json_: JsonOpt = False,
    team: TeamOpt = False,
) -> None:
    """The last shifts, newest first: when, where, how long (with --team: everyone's)."""
    from patrol_journal.views.shifts import public, shifts

    run = state(ctx)
    with run.open_index(team=team) as index:
        where, params = ("", ()) if team else ("officer = ?", (index.me,))
        rows = [public(row) for row in shifts(index, where, params)[:count]]
    if json_:
        emit_json(rows)
        return
    from patrol_journal.render.shifts import print_shifts

    print_shifts(rows, team=team)
