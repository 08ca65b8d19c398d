"""`pj concerns`: the concerns, overdue first."""

from __future__ import annotations

from typing import Annotated

import typer

from patrol_journal.cli.common import (
    FormatOpt,
    JsonOpt,
    OutputOpt,
    TeamOpt,
    emit_view,
    format_of,
    state,
)
from patrol_journal.cli.complete import (
    complete_person,
    complete_place,
    complete_priority,
    complete_status,
)
from patrol_journal.cli.root import app
from patrol_journal.vocab import STATUSES, listed


@app.command()
def concerns(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help=f"{listed((*STATUSES, 'all'))}.",
            shell_complete=complete_status,
        ),
    ] = "open",
    at: Annotated[
        str | None,
        typer.Option(
            "--at", "-a", metavar="PLACE", help="Only at this place.", shell_complete=complete_place
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            metavar="NAME",
            help="Only raised by this person.",
            shell_complete=complete_person,
        ),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            "-p",
            metavar="P",
            help="Only this priority.",
            shell_complete=complete_priority,
        ),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open concerns past their follow-up date.")
    ] = False,
    to_report_back: Annotated[
        bool,
        typer.Option(
            "--to-report-back",
            help="Resolved but not yet reported back: who to tell, and where to find them.",
        ),
    ] = False,
    recurring: Annotated[
        bool,
        typer.Option(
            "--recurring",
            help="Group similar concerns at the same place within 90 days.",
        ),
    ] = False,
    json_: JsonOpt = False,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    team: TeamOpt = False,
) -> None:
    """Concerns with their age, who raised them, where, last update and next follow-up.

    Default: the open ones, overdue first, then by priority and age.
    """
    from patrol_journal.recording import check_priority
    from patrol_journal.views import concerns as core
    from patrol_journal.views.names import resolve

    chosen = format_of(ctx, format_, json_, output)
    run = state(ctx)
    now = run.now()
    with run.open_index(team=team) as index:
        place_key = resolve(index, at, "place") if at is not None else None
        person_key = resolve(index, with_, "person") if with_ is not None else None
        if recurring:
            groups = core.recurring(index, now)

            def recurring_shown() -> None:
                from patrol_journal.render.concerns import print_recurring

                print_recurring(groups)

            title = "Recurring concerns"
            emit_view(
                run,
                groups,
                title=title,
                chosen=chosen,
                output=output,
                rich=recurring_shown,
                columns=core.RECURRING_COLUMNS,
            )
            return
        if to_report_back:
            rows = core.to_report_back(index, now, place_key, person_key)
            title = "Resolved, not yet reported back"
        else:
            rows = core.list_concerns(
                index,
                now,
                status=status.strip().lower(),
                place_key=place_key,
                person_key=person_key,
                priority=check_priority(priority) if priority is not None else None,
                overdue=overdue,
            )
            title = f"Concerns ({status})" + (" overdue" if overdue else "")

    def show() -> None:
        from patrol_journal.render.concerns import print_concerns

        print_concerns(rows, title, report_back=to_report_back, team=team)

    columns = core.REPORT_BACK_COLUMNS if to_report_back else core.COLUMNS
    emit_view(run, rows, title=title, chosen=chosen, output=output, rich=show, columns=columns)
