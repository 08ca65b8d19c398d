"""The options `pj amend` shares with `pj log`, as typer builds them from `declare.py`."""

from __future__ import annotations

from typing import Annotated

from patrol_journal.cli import declare
from patrol_journal.cli.common import option

__all__ = [
    "AtOpt",
    "ConcernByOpt",
    "ConcernOpt",
    "EditOpt",
    "KindOpt",
    "SharedOpt",
    "TagOpt",
    "TextArg",
    "TipFromOpt",
    "TipOpt",
    "WithOpt",
]

TextArg = Annotated[str | None, option(declare.TEXT)]
WithOpt = Annotated[list[str] | None, option(declare.WITH)]
AtOpt = Annotated[str | None, option(declare.AT)]
KindOpt = Annotated[str | None, option(declare.KIND)]
ConcernOpt = Annotated[list[str] | None, option(declare.CONCERN)]
ConcernByOpt = Annotated[list[str] | None, option(declare.CONCERN_BY)]
TipOpt = Annotated[list[str] | None, option(declare.TIP)]
TipFromOpt = Annotated[str | None, option(declare.TIP_FROM)]
SharedOpt = Annotated[list[str] | None, option(declare.SHARED)]
TagOpt = Annotated[list[str] | None, option(declare.TAG)]
EditOpt = Annotated[bool, option(declare.EDIT)]
