"""`pj team ...`: a beat team on git — init, join, status (and git's merge driver)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from patrol_journal.cli.common import JsonOpt, emit_json, state, warn
from patrol_journal.cli.root import app

team_app = typer.Typer(
    help="A beat team: a git repository holding one journal per officer.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(team_app, name="team")

DirArg = Annotated[
    Path,
    typer.Argument(
        metavar="DIR",
        help="The team's folder: a git repository (a clone of the team's remote).",
        show_default=False,
    ),
]


@team_app.command("init")
def init(
    ctx: typer.Context,
    directory: DirArg,
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="The team's name, e.g. 'Elm Park beat'.")
    ],
) -> None:
    """Make a new team: a git repository with team.toml and journals/."""
    from patrol_journal.team.setup import init_team

    run = state(ctx)
    team = init_team(directory, name, run.now())
    typer.echo(f"Made the team '{team.name}' in {team.root}.")
    typer.echo(
        f"Next: each officer runs 'pj team join {team.root} --officer NAME' (in their own "
        "clone), and someone adds the shared remote: "
        f"git -C {team.root} remote add origin URL"
    )


@team_app.command("join")
def join(
    ctx: typer.Context,
    directory: DirArg,
    officer: Annotated[
        str,
        typer.Option("--officer", "-o", metavar="NAME", help="Your name, as the team knows it."),
    ],
    json_: JsonOpt = False,
) -> None:
    """Join a team: create your own journal in journals/ (or, on your second machine, find
    it), record you in team.toml, commit, and install the merge driver in this clone.
    Prints your journal's path."""
    from patrol_journal.recording import check_name
    from patrol_journal.team.setup import join_team

    run = state(ctx)
    joined = join_team(directory, check_name(officer, "the officer's name"), run.now())
    if json_:
        emit_json(
            {
                "journal": str(joined.journal),
                "officer": joined.officer,
                "team": joined.team,
                "new": joined.new,
            }
        )
        return
    typer.echo(str(joined.journal))
    if joined.new:
        warn(f"{joined.officer} joined '{joined.team}'; the journal is committed.")
    else:
        warn(f"{joined.officer} is already in '{joined.team}'; this clone is ready.")
    warn(
        f"Write to it with: export PATROL_JOURNAL={joined.journal} (or --journal, or "
        "'journal' in the config file); share it with 'pj sync'."
    )


@team_app.command("status")
def status(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Each officer's journal: records, last entry, last sync and the head of its chain."""
    from patrol_journal.team.layout import require_team
    from patrol_journal.views.team import team_status

    run = state(ctx)
    team = require_team(run.journal_path)
    with run.open_index(team=True, warnings=False) as index:
        report = team_status(index, team, run.journal_path)
    if json_:
        emit_json(report)
        return
    from patrol_journal.render.team import print_status

    print_status(report, run.now())


@team_app.command("merge-file", hidden=True)
def merge_file(
    base: Annotated[Path, typer.Argument(help="The common ancestor (%O).")],
    ours: Annotated[Path, typer.Argument(help="Ours, where the result goes (%A).")],
    theirs: Annotated[Path, typer.Argument(help="Theirs (%B).")],
    path: Annotated[str, typer.Argument(help="The file's path in the repository (%P).")],
) -> None:
    """git's merge driver for a team's journals and team.toml (run by git, not by hand)."""
    from patrol_journal.team.setup import merge_file as core

    core(base, ours, theirs, path)
