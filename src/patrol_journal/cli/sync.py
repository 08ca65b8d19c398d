"""`pj sync`: share your journal with the team (commit, fetch, join, push through git)."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, State, emit_json, state, warn
from patrol_journal.cli.root import app


@app.command()
def sync(
    ctx: typer.Context,
    keep_mine: Annotated[
        bool,
        typer.Option(
            "--keep-mine",
            help="When the remote's copy of your journal lost or changed records: keep "
            "yours (adding any records only the remote's has) and push it.",
        ),
    ] = False,
    take_theirs: Annotated[
        bool,
        typer.Option(
            "--take-theirs",
            help="When the remote's copy of your journal changed records (a 'pj forget' on "
            "your other machine): take it, adding your records it lacks.",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Commit your own journal, fetch the team's, join your records with the remote's
    copy of your journal, push. Commits nobody else's journal, never lets git rewrite
    yours, and refuses a remote copy of your journal that lost or changed a record."""
    from patrol_journal.errors import UsageError
    from patrol_journal.team.sync import KEEP_MINE, TAKE_THEIRS
    from patrol_journal.team.sync import sync as core

    if keep_mine and take_theirs:
        raise UsageError("give --keep-mine or --take-theirs, not both")
    run = state(ctx)
    settle = KEEP_MINE if keep_mine else TAKE_THEIRS if take_theirs else None
    report = core(run.journal_path, settle=settle)
    for line in report.warnings:
        warn(f"warning: {line}")
    _refresh_indexes(run)
    if json_:
        emit_json(
            {
                "journal": report.journal,
                "committed": report.committed,
                "received": report.received,
                "pushed": report.pushed,
                "remote": report.remote,
                "branch": report.branch,
                "warnings": report.warnings,
            }
        )
        return
    from patrol_journal.vocab import plural

    where = f"{report.remote}/{report.branch}"
    if report.received:
        typer.echo("Received: " + ", ".join(report.received) + ".")
    if report.pushed:
        shared = plural(report.committed, "new record") if report.committed else "no new record"
        first = " (the first time: later syncs use it too)" if report.upstream_set else ""
        typer.echo(f"Pushed {shared} of {report.journal} to {where}{first}.")
    else:
        typer.echo(f"Up to date: {where} already has every record of {report.journal}.")


def _refresh_indexes(run: State) -> None:
    """Bring your journal's index up to date now, while the officer waits for the network
    anyway, rather than on the next command (a join rewrites the journal's end), and the
    team's index too if there is one already. A journal that does not read is said, and
    does not undo the sync."""
    from patrol_journal.errors import JournalError
    from patrol_journal.index.files import team_index_path
    from patrol_journal.team.layout import require_team

    try:
        built = team_index_path(require_team(run.journal_path).root).exists()
        for team in (False, True) if built else (False,):
            run.open_index(team=team).close()
    except JournalError as exc:
        warn(f"synced, but {exc}")
