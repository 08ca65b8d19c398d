"""The commands of the fast path and their parameters, declared once and without typer.

Each declared command is a `Command` row in its own typer-free module (`cli/recent.py`...)
with the function that runs it. Typer builds its command from the row (`common.register`),
and the fast path (`fast.py`) parses by the same row: one declaration, so the two cannot
disagree about which flags exist, which take a value, which repeat and what a value must
be. Plain classes, not dataclasses: the fast path imports this module on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from patrol_journal.formats import EXTENSIONS, NAMES
from patrol_journal.vocab import KINDS, listed

# The most a count may be (rows to show), and a number of days (a hundred years): beyond
# them a number means nothing, and SQLite or the calendar could not take it.
COUNT_MOST = 1_000_000_000
DAYS_MOST = 36_600


class Param:
    """One option (its flags given) or argument (no flags) of a command.

    `many`: the option repeats, each value kept; `flag`: it takes no value; `kind`: what
    its value is ("str", "int" from `minimum` to `maximum`, or "path"); `default`: its value when
    not given (an argument without one must be given); `complete`: the name of its shell
    completion in `cli/complete.py` (`complete_<name>`).
    """

    __slots__ = (
        "complete",
        "default",
        "flag",
        "flags",
        "help",
        "kind",
        "many",
        "maximum",
        "metavar",
        "minimum",
        "name",
        "required",
    )

    def __init__(
        self,
        name: str,
        *flags: str,
        help: str,
        metavar: str | None = None,
        many: bool = False,
        flag: bool = False,
        kind: str = "str",
        default: Any = None,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = False,
        complete: str | None = None,
    ) -> None:
        self.name = name
        self.flags = flags
        self.help = help
        self.metavar = metavar
        self.many = many
        self.flag = flag
        self.kind = kind
        self.default = False if flag else default
        self.minimum = minimum
        self.maximum = maximum if maximum is not None or kind != "int" else COUNT_MOST
        self.required = required
        self.complete = complete

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {', '.join(map(repr, self.flags))})"


class Command:
    """A command of the fast path: its name, its parameters, the function that runs it
    (`body(run, **values)`, its docstring the command's help), and `fast_if`: whether
    the fast path may run it with these values (else typer reads the command line)."""

    __slots__ = ("body", "fast_if", "name", "params")

    def __init__(
        self,
        name: str,
        params: tuple[Param, ...],
        body: Callable[..., None],
        fast_if: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        self.name = name
        self.params = params
        self.body = body
        self.fast_if = fast_if

    def __repr__(self) -> str:
        return f"Command({self.name!r})"

    def run(self, state: Any, values: dict[str, Any]) -> None:
        """Run the command on its values, typer's or the fast path's, once each is known to
        be text (an argument of bytes that are not UTF-8 arrives as surrogates)."""
        for param in self.params:
            given = values.get(param.name)
            for text in given if isinstance(given, list) else [given]:
                if isinstance(text, str) and not text.isascii():
                    try:
                        text.encode("utf-8")
                    except UnicodeEncodeError:
                        from patrol_journal.errors import UsageError

                        named = (param.metavar or param.name.upper()).strip("[]")
                        said = param.flags[0] if param.flags else named
                        raise UsageError(
                            f"{said}: the value contains bytes that are not UTF-8 "
                            "(is the terminal set to UTF-8?)"
                        ) from None
        self.body(state, **values)


JOURNAL = Param(
    "journal",
    "--journal",
    "-j",
    metavar="PATH",
    help="The journal file to use (else $PATROL_JOURNAL, the config file, the default).",
)
QUIET = Param("quiet", "--quiet", "-q", flag=True, help="No progress display during long work.")
DEBUG = Param("debug", "--debug", flag=True, help="Show the full traceback of an unexpected error.")

TEXT = Param("text", help="What happened, in your words ('-' reads it from standard input).")
WITH = Param(
    "with_",
    "--with",
    "-w",
    metavar="NAME",
    many=True,
    complete="person",
    help="Someone you met (repeat, or separate names by commas). "
    "Add a role in brackets: 'Maria Lopez (resident)'.",
)
AT = Param("at", "--at", "-a", metavar="PLACE", complete="place", help="Where it happened.")
KIND = Param(
    "kind",
    "--kind",
    "-k",
    metavar="KIND",
    complete="kind",
    help=f"{KINDS[0]} (default), {listed(KINDS[1:])}.",
)
WHEN = Param(
    "when",
    "--when",
    metavar="WHEN",
    help="When it happened (default: now), with a time of day: 2026-11-20 14:30, "
    "28/11/2026 06:00 (numeric dates in date_order: day first unless configured), "
    "'yesterday 21:30', '2 hours ago', 'monday 9am'. A day alone is refused.",
)
CONCERN = Param(
    "concern",
    "--concern",
    "-c",
    metavar="TEXT",
    many=True,
    help="A concern raised (repeat for several); opens a concern to follow up.",
)
CONCERN_BY = Param(
    "concern_by",
    "--concern-by",
    metavar="NAME",
    many=True,
    complete="person",
    help="Who raised the concerns (repeat, or separate by commas; default: everyone in --with).",
)
TIP = Param("tip", "--tip", metavar="TEXT", many=True, help="A tip about suspicious activity.")
TIP_FROM = Param(
    "tip_from",
    "--tip-from",
    metavar="NAME",
    complete="person",
    help="Who gave the tips (default: the one person met, if only one; else nobody is credited).",
)
SHARED = Param(
    "shared", "--shared", metavar="TEXT", many=True, help="Safety information you passed on."
)
TAG = Param("tag", "--tag", "-t", metavar="TAG", many=True, help="A tag for searching later.")
EDIT = Param("edit", "--edit", "-e", flag=True, help="Write the entry in $EDITOR from a template.")
JSON = Param("json_", "--json", flag=True, help="Print JSON for programs instead.")

# What the views share.
FORMAT = Param(
    "format_",
    "--format",
    "-f",
    metavar="FORMAT",
    complete="format",
    help=f"{listed(NAMES)} (rich unless given); with --output, taken from its extension "
    f"({', '.join(EXTENSIONS)}) unless given.",
)
OUTPUT = Param(
    "output",
    "--output",
    "-o",
    metavar="FILE",
    kind="path",
    help="Write to FILE (atomically) instead of the terminal ('-': standard output).",
)
TEAM = Param(
    "team",
    "--team",
    flag=True,
    help="Read every journal of your team (rows say which officer); see 'pj team'.",
)
ROWS = Param(
    "limit",
    "-n",
    "--count",
    kind="int",
    default=50,
    minimum=1,
    help="Show at most this many rows (JSON, CSV, Markdown, HTML: all).",
)
SINCE = Param(
    "since",
    "--since",
    metavar="WHEN",
    help="Only from this date or time on (a day: from its start; 'today' works).",
)
UNTIL = Param(
    "until",
    "--until",
    metavar="WHEN",
    help="Only up to this date or time (a day includes the whole of it).",
)

# `pj log`'s parameters, in the order of its function's arguments.
LOG = (TEXT, WITH, AT, KIND, WHEN, CONCERN, CONCERN_BY, TIP, TIP_FROM, SHARED, TAG, EDIT, JSON)
# The global options the fast path understands (`--version` and `--help` go to typer).
GLOBAL = (JOURNAL, QUIET, DEBUG)
