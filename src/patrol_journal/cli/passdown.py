"""`pj passdown ...`: instructions for whoever comes on next, and reading them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, WhenOpt, emit_json, state
from patrol_journal.cli.complete import complete_concern_id, complete_place
from patrol_journal.cli.root import app
from patrol_journal.errors import UsageError

passdown_app = typer.Typer(
    help="Pass-downs: what the next officer on duty must know.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(passdown_app, name="passdown")


@passdown_app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The instruction, as the next officer reads it.")],
    post: Annotated[
        str | None,
        typer.Option(
            "--post", metavar="POST", help="For that post only.", shell_complete=complete_place
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="WHEN",
            help="When it expires: 'friday 18:00', 'in 3 days', 2026-12-24 (default: never).",
        ),
    ] = None,
    concern: Annotated[
        str | None,
        typer.Option(
            "--concern",
            metavar="ID",
            help="The concern it is about.",
            shell_complete=complete_concern_id,
        ),
    ] = None,
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Write a pass-down for whoever comes on next (at a post, or at any)."""
    from patrol_journal.index.ids import resolve_concern
    from patrol_journal.index.verify import append
    from patrol_journal.recording import passdown_record

    run = state(ctx)
    moment = run.when(when)
    expires = _until(run, until, moment)
    concern_id = None
    if concern is not None:
        with run.open_shared_index() as index:
            concern_id = resolve_concern(index, concern)
    record = passdown_record(
        text, when=moment, now=run.now(), post=post, until=expires, concern=concern_id
    )
    append(run.journal_path, [record])
    if json_:
        emit_json({"id": record["id"]})
        return
    from patrol_journal.calendar import in_words

    lasts = f" until {in_words(expires, with_year=True)}" if expires else ""
    where = f" for {record['post']}" if record["post"] else ""
    typer.echo(f"Pass-down {record['id']}{where}{lasts}: {text}")


def _until(run: object, text: str | None, written: datetime) -> datetime | None:
    """--until: a time, or a day (to its end); after the pass-down is written."""
    if text is None:
        return None
    from patrol_journal.calendar import add_days
    from patrol_journal.cli.common import State

    assert isinstance(run, State)
    found = run.due(text, written)
    assert found is not None
    if not isinstance(found, datetime) and isinstance(found, date):
        found = add_days(found, 1)
    if found <= written:
        raise UsageError(
            f"--until {text} is not after the pass-down is written; nothing was recorded"
        )
    return found


@passdown_app.command("list")
def list_(
    ctx: typer.Context,
    every: Annotated[bool, typer.Option("--all", help="Expired ones too.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Pass-downs not expired (in a team, every officer's), with who read them and when."""
    from patrol_journal.views.passdowns import COLUMNS, passdowns

    run = state(ctx)
    with run.open_shared_index() as index:
        rows = passdowns(index, run.now(), every=every)
    if json_:
        emit_json([{key: row[key] for key in COLUMNS} for row in rows])
        return
    from patrol_journal.render.shifts import print_passdowns

    print_passdowns(rows)


@passdown_app.command("ack")
def ack(
    ctx: typer.Context,
    passdown_id: Annotated[
        str, typer.Argument(metavar="ID", help="The pass-down read (a unique prefix is enough).")
    ],
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Acknowledge a pass-down: written in your own journal (a teammate's pass-down too)."""
    from patrol_journal.index.ids import resolve_id
    from patrol_journal.index.verify import append
    from patrol_journal.recording import ack_record
    from patrol_journal.views.passdowns import passdown_of

    run = state(ctx)
    moment = run.when(when)
    with run.open_shared_index() as index:
        full = resolve_id(index, passdown_id, types=("passdown",), listing="pj passdown list --all")
        found = passdown_of(index, full)
    record = ack_record(found["id"], when=moment, now=run.now())
    append(run.journal_path, [record])
    if json_:
        emit_json({"id": record["id"], "passdown": found["id"]})
        return
    typer.echo(f"Read pass-down {found['id']} of {found['written_by']}: {found['text']}")
