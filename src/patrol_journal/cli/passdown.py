"""`pj passdown ...`: instructions for whoever comes on next, and reading them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import typer

from patrol_journal.cli.common import JsonOpt, State, WhenOpt, emit_json, state
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
    lasts = f" until {_said(expires)}" if expires else ""
    where = f" for {record['post']}" if record["post"] else ""
    typer.echo(f"Pass-down {record['id']}{where}{lasts}: {text}")


def _until(run: State, text: str | None, written: datetime) -> datetime | date | None:
    """--until: a time, or a day (until its end); not before the pass-down is written,
    nor already past."""
    if text is None:
        return None
    from patrol_journal.calendar import due_bounds

    found = run.due(text, written)
    assert found is not None
    ends = due_bounds(found)[0]
    if ends <= max(written, run.now()).timestamp():
        raise UsageError(
            f"--until {text} ({_said(found)}) has passed by the time the pass-down is "
            "written; nothing was recorded"
        )
    return found


def _said(until: datetime | date) -> str:
    from patrol_journal.calendar import due_text

    return due_text(until)


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
    passdown_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="The pass-downs read (a unique prefix of each is enough)."
        ),
    ],
    when: WhenOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Acknowledge pass-downs as read: written in your own journal (a teammate's too)."""
    from patrol_journal.index.ids import resolve_id
    from patrol_journal.index.verify import append
    from patrol_journal.recording import ack_record
    from patrol_journal.views.passdowns import passdown_of

    run = state(ctx)
    moment = run.when(when)
    with run.open_shared_index() as index:
        found = [
            passdown_of(
                index,
                resolve_id(index, given, types=("passdown",), listing="pj passdown list --all"),
                reader=index.me,
            )
            for given in passdown_ids
        ]
    for passdown in found:
        _check_readable(passdown, moment)
    records = [ack_record(p["id"], when=moment, now=run.now()) for p in found]
    append(run.journal_path, records)
    if json_:
        emit_json(
            [{"id": r["id"], "passdown": p["id"]} for r, p in zip(records, found, strict=True)]
        )
        return
    for passdown in found:
        late = (
            " (it had expired)"
            if passdown["expired_at"] and passdown["expired_at"] <= moment.timestamp()
            else ""
        )
        typer.echo(
            f"Read pass-down {passdown['id']} of {passdown['written_by']}{late}: {passdown['text']}"
        )


def _check_readable(passdown: dict[str, Any], moment: datetime) -> None:
    """A pass-down is read once, and not before it was written."""
    from patrol_journal.calendar import in_words

    if passdown["read_at"] is not None:
        raise UsageError(
            f"you read pass-down {passdown['id']} already, {in_words(passdown['read_at'])}; "
            "nothing was recorded"
        )
    if moment < datetime.fromisoformat(passdown["written"]):
        raise UsageError(
            f"pass-down {passdown['id']} was written {in_words(passdown['written'])}, after "
            f"{in_words(moment)}: it cannot have been read then; nothing was recorded"
        )
