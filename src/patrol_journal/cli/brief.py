"""`pj brief`: one place before walking it."""

from __future__ import annotations

from patrol_journal.cli import declare
from patrol_journal.cli.emit import emit_json
from patrol_journal.cli.state import State


def brief(run: State, place: str, json_: bool, team: bool) -> None:
    """Before walking a beat: who is usually met there, what is open, what is due."""
    from patrol_journal.config import week_start
    from patrol_journal.views.brief import brief as core
    from patrol_journal.views.names import resolve

    with run.open_index(team=team) as index:
        data = core(index, resolve(index, place, "place"), run.now(), week_start())
    if json_:
        emit_json(data)
        return
    from patrol_journal.render.brief import print_brief

    print_brief(data, team=team)


PLACE = declare.Param(
    "place",
    metavar="PLACE",
    required=True,
    complete="place",
    help="The place you are about to walk.",
)
COMMAND = declare.Command("brief", (PLACE, declare.JSON, declare.TEAM), brief)
