"""`pj sync`: share your journal with the team (commit, pull, push through git)."""

from __future__ import annotations

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.root import app


@app.command()
def sync(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Commit your own journal, pull the team's (rebase), push. Commits nobody else's
    journal; your records from two machines are joined, never lost."""
    from patrol_journal.team.sync import sync as core

    run = state(ctx)
    report = core(run.journal_path)
    if json_:
        emit_json(
            {
                "journal": report.journal,
                "committed": report.committed,
                "received": report.received,
                "pushed": report.pushed,
                "remote": report.remote,
                "branch": report.branch,
            }
        )
        return
    from patrol_journal.vocab import plural

    if report.committed:
        typer.echo(f"Committed {plural(report.committed, 'new record')} of {report.journal}.")
    else:
        typer.echo(f"Nothing new to commit in {report.journal}.")
    if report.received:
        typer.echo("Received: " + ", ".join(report.received) + ".")
    where = f"{report.remote}/{report.branch}"
    typer.echo(f"Pushed to {where}" + (" (now tracked)." if report.upstream_set else "."))
