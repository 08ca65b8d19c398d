"""The options `pj log` and `pj amend` share."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from patrol_journal.cli.complete import complete_kind, complete_person, complete_place

TextArg = Annotated[
    str | None,
    typer.Argument(
        help="What happened, in your words ('-' reads it from standard input).",
        show_default=False,
    ),
]


WithOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        metavar="NAME",
        help="Someone you met (repeat, or separate names by commas). "
        "Add a role in brackets: 'Maria Lopez (resident)'.",
        shell_complete=complete_person,
        show_default=False,
    ),
]


AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        "-a",
        metavar="PLACE",
        help="Where it happened.",
        show_default=False,
        shell_complete=complete_place,
    ),
]


KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="chat (default), event, business, patrol, meeting, call or other.",
        shell_complete=complete_kind,
        show_default=False,
    ),
]


ConcernOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--concern",
        "-c",
        metavar="TEXT",
        help="A concern raised (repeat for several); opens a concern to follow up.",
        show_default=False,
    ),
]


ConcernByOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--concern-by",
        metavar="NAME",
        help="Who raised the concerns (repeat, or separate by commas; default: everyone "
        "in --with).",
        show_default=False,
        shell_complete=complete_person,
    ),
]


TipOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tip", metavar="TEXT", help="A tip about suspicious activity.", show_default=False
    ),
]


TipFromOpt = Annotated[
    str | None,
    typer.Option(
        "--tip-from",
        metavar="NAME",
        help="Who gave the tips (default: the one person met, if only one; else nobody is "
        "credited).",
        shell_complete=complete_person,
        show_default=False,
    ),
]


SharedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--shared", metavar="TEXT", help="Safety information you passed on.", show_default=False
    ),
]


TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag for searching later.", show_default=False
    ),
]


EditOpt = Annotated[
    bool, typer.Option("--edit", "-e", help="Write the entry in $EDITOR from a template.")
]


def read_text(text: str | None) -> str | None:
    """TEXT as given, or ('-') read from standard input, its line ends as pj writes them
    (a Windows file's CRLF, an old Mac's CR) and the last one left out."""
    if text == "-":
        return sys.stdin.read().replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    return text
