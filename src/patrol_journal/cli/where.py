"""`pj where`: which journal is in use, and why."""

from __future__ import annotations

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.root import app


@app.command()
def where(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Which journal is in use and why (option, environment, config file or default)."""
    from patrol_journal.config import config_file
    from patrol_journal.index.files import index_path, team_index_path
    from patrol_journal.team.layout import team_of

    location = state(ctx).location()
    exists = location.path.is_file()
    team = team_of(location.path)
    info = {
        "journal": str(location.path),
        "reason": location.reason,
        "exists": exists,
        "config_file": str(config_file()),
        "index": str(index_path(location.path)),
        "team": None if team is None else {"name": team.name, "folder": str(team.root)},
    }
    if json_:
        emit_json(info)
        return
    typer.echo(f"{location.path}")
    typer.echo(f"  because it is {location.detail}")
    if not exists:
        typer.echo("  it does not exist yet: create it with 'pj init'")
    if team is not None:
        typer.echo(f"  in the team '{team.name}' ({team.root}); --team reads all its journals")
    typer.echo(f"  config file: {info['config_file']}")
    typer.echo(f"  index cache: {info['index']} (safe to delete)")
    if team is not None:
        typer.echo(f"  team index cache: {team_index_path(team.root)} (safe to delete)")
