"""`pj migrate`: rewrite a journal of an older format in the current one."""

from __future__ import annotations

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.root import app


@app.command()
def migrate(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Rewrite a journal of an older format in the current one.

    One atomic rewrite; the old file is kept beside it until you delete it."""
    from patrol_journal.journal.format import FORMAT_VERSION
    from patrol_journal.journal.migrate import migrate as rewrite
    from patrol_journal.vocab import plural

    run = state(ctx)
    path = run.journal_path
    with run.progress("Migrating the journal") as progress:
        done = rewrite(path, run.now(), progress)
    if done is None:
        if json_:
            emit_json({"journal": str(path), "format": FORMAT_VERSION, "migrated": False})
        else:
            typer.echo(f"{path} is in the current format ({FORMAT_VERSION}): nothing to migrate.")
        return
    if json_:
        emit_json(
            {
                "journal": str(path),
                "from_format": done.old_format,
                "to_format": FORMAT_VERSION,
                "sealed": done.sealed,
                "kept_as_written": done.by_hand,
                "old_file": str(done.kept_at),
                "migrated": True,
            }
        )
        return
    typer.echo(
        f"Migrated {path} from format {done.old_format} to format {FORMAT_VERSION}: "
        f"{plural(done.sealed, 'record')} sealed, {done.by_hand} kept as written by hand."
    )
    typer.echo(f"The old file is kept at {done.kept_at}; delete it when you no longer need it.")
