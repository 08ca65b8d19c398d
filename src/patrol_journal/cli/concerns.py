"""`pj concerns`: the concerns, overdue first."""

from __future__ import annotations

from pathlib import Path

from patrol_journal.cli import declare
from patrol_journal.cli.emit import emit_view, format_of
from patrol_journal.cli.state import State
from patrol_journal.vocab import STATUSES, listed


def concerns(
    run: State,
    status: str,
    at: str | None,
    with_: str | None,
    priority: str | None,
    overdue: bool,
    to_report_back: bool,
    recurring: bool,
    json_: bool,
    format_: str | None,
    output: Path | None,
    team: bool,
) -> None:
    """Concerns with their age, who raised them, where, last update and next follow-up.

    Default: the open ones, overdue first, then by priority and age.
    """
    from patrol_journal.recording import check_priority
    from patrol_journal.views import concerns as core
    from patrol_journal.views import recurring as problems
    from patrol_journal.views.names import resolve

    chosen = format_of(run, format_, json_, output)
    now = run.now()
    with run.open_index(team=team) as index:
        place_key = resolve(index, at, "place") if at is not None else None
        person_key = resolve(index, with_, "person") if with_ is not None else None
        if recurring:
            groups = problems.recurring(index, now)

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
                columns=problems.RECURRING_COLUMNS,
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


COMMAND = declare.Command(
    "concerns",
    (
        declare.Param(
            "status",
            "--status",
            "-s",
            default="open",
            complete="status",
            help=f"{listed((*STATUSES, 'all'))}.",
        ),
        declare.Param(
            "at", "--at", "-a", metavar="PLACE", complete="place", help="Only at this place."
        ),
        declare.Param(
            "with_",
            "--with",
            "-w",
            metavar="NAME",
            complete="person",
            help="Only raised by this person.",
        ),
        declare.Param(
            "priority",
            "--priority",
            "-p",
            metavar="P",
            complete="priority",
            help="Only this priority.",
        ),
        declare.Param(
            "overdue", "--overdue", flag=True, help="Only open concerns past their follow-up date."
        ),
        declare.Param(
            "to_report_back",
            "--to-report-back",
            flag=True,
            help="Resolved but not yet reported back: who to tell, and where to find them.",
        ),
        declare.Param(
            "recurring",
            "--recurring",
            flag=True,
            help="Group similar concerns at the same place within 90 days.",
        ),
        declare.JSON,
        declare.FORMAT,
        declare.OUTPUT,
        declare.TEAM,
    ),
    concerns,
)
