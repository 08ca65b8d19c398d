"""`pj sync`: share your journal with the team (commit, pull, push through git)."""

from __future__ import annotations

import typer

from patrol_journal.cli.common import JsonOpt, State, emit_json, state, warn
from patrol_journal.cli.root import app


@app.command()
def sync(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Commit your own journal, pull the team's (rebase), push. Commits nobody else's
    journal; your records from two machines are joined, never lost."""
    from patrol_journal.team.sync import sync as core

    run = state(ctx)
    report = core(run.journal_path)
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
    first = " (the first time: later syncs use it too)" if report.upstream_set else ""
    typer.echo(f"Pushed to {where}{first}.")


def _refresh_indexes(run: State) -> None:
    """Bring your journal's index up to date now, while the officer waits for the network
    anyway, rather than on the next command (a join rewrites the journal's end), and the
    team's index too if there is one already. A journal that does not read is said, and
    does not undo the sync."""
    from patrol_journal.errors import JournalError
    from patrol_journal.index.files import team_index_path
    from patrol_journal.team.layout import require_team

    built = team_index_path(require_team(run.journal_path).root).exists()
    for team in (False, True) if built else (False,):
        try:
            run.open_index(team=team).close()
        except JournalError as exc:
            warn(f"synced, but {exc}")
            return
