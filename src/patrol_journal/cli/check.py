"""`pj check`: validate the journal; every problem with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state
from patrol_journal.cli.root import app


@app.command()
def check(
    ctx: typer.Context,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Treat records changed after they were written as errors."),
    ] = False,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Move a torn tail (an interrupted write) to a side file; touches nothing else.",
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Validate the journal: syntax, schema, ids, references, seals, permissions.

    Exit 0 when clean (warnings allowed), 1 when problems were found.
    """
    from patrol_journal.checks import check_contents, steps_elsewhere
    from patrol_journal.journal.read import read
    from patrol_journal.journal.write import repair_torn_tail
    from patrol_journal.vocab import plural

    run = state(ctx)
    path = run.journal_path
    if repair:
        repaired = repair_torn_tail(path, run.now())
        if repaired is None:
            typer.echo(f"{path}: no torn tail; nothing to repair")
        else:
            typer.echo(
                f"{path}:{repaired.line}: moved {repaired.size} bytes of an incomplete record "
                f"to {repaired.moved_to}; every complete record is untouched"
            )
    contents = read(path)
    # Only steps on concerns raised elsewhere need the team's journals read.
    elsewhere = _team_concerns(path) if steps_elsewhere(contents) else frozenset()
    problems = check_contents(contents, strict=strict, team_concerns=elsewhere)
    _refresh_index(path)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if json_:
        emit_json(
            {
                "journal": str(path),
                "records": len(contents.records),
                "errors": len(errors),
                "warnings": len(warnings),
                "problems": [
                    {
                        "severity": p.severity,
                        "line": p.source.line if p.source else None,
                        "message": p.message,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            typer.echo(str(problem), err=problem.severity == "error")
        typer.echo(
            f"{path}: {plural(len(contents.records), 'record')}, "
            f"{plural(len(errors), 'error')}, {plural(len(warnings), 'warning')}"
        )
    if errors:
        raise typer.Exit(1)


def _refresh_index(path: Path) -> None:
    """Bring the index up to date with what check just read, so views see it too."""
    import contextlib

    from patrol_journal.errors import JournalError
    from patrol_journal.index.store import Index

    with contextlib.suppress(JournalError):  # a journal with errors is not indexed
        Index.open(path).close()


def _team_concerns(path: Path) -> frozenset[str]:
    """In a team, the concerns raised in every journal (steps here may follow them up);
    empty when the team's journals cannot be read (check then says what points nowhere)."""
    import contextlib

    from patrol_journal.errors import JournalError
    from patrol_journal.team.layout import team_of

    with contextlib.suppress(JournalError):
        team = team_of(path)
        if team is not None:
            from patrol_journal.views.team import raised_concerns

            return raised_concerns(path, team)
    return frozenset()
