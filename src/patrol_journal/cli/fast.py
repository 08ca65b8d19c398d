"""`pj log` without typer: the command line parsed by the rows of `declare.py`, the entry
recorded by the code the typer command runs (`record.py`).

Typer and the pydantic it builds its parameters with take longer to import than pj
takes to record an entry. This path understands the forms officers type: global options
before the command; long options with their value next or after `=`; short options
with their value next; repeated options; one TEXT; `--`. Whatever it does not fully
understand -- no TEXT (pj asks for it), `--edit`, `--help`, an unknown option, a cluster
of short options, a value that starts with `-`, a missing value, two TEXTs, shell
completion -- goes to typer, which parses it as it always has: this path never guesses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from patrol_journal.cli import declare

# A parameter's name -> its value: a str, a list of them (`many`), a bool (`flag`), or None.
Values = dict[str, Any]


def parse(argv: list[str], params: tuple[declare.Param, ...]) -> Values | None:
    """The values of `params` on a command line (the words after the command), as click
    gives them to the command's function; None when typer must read it."""
    flags = _flags(params)
    values = _defaults(params)
    [argument] = [param for param in params if not param.flags]
    words = iter(argv)
    texts: list[str] = []
    for word in words:
        if word == "--":
            texts += words
            break
        if word == "-" or not word.startswith("-"):
            texts.append(word)
        elif not _take(word, words, flags, values):
            return None
    if len(texts) != 1:
        return None
    values[argument.name] = texts[0]
    return values


def split_global(argv: list[str]) -> tuple[Values, str, list[str]] | None:
    """The global options, the command word and the words after it; None when typer must
    read them."""
    flags = _flags(declare.GLOBAL)
    values = _defaults(declare.GLOBAL)
    words = iter(argv)
    for word in words:
        if not word.startswith("-"):
            return values, word, list(words)
        if not _take(word, words, flags, values):
            return None
    return None


def _take(word: str, words: Iterator[str], flags: dict[str, declare.Param], values: Values) -> bool:
    """Read the option `word` (with its value, joined by `=` or the next word) into
    `values`, as click does; False when typer must read it."""
    name, joined, attached = word.partition("=") if word.startswith("--") else (word, "", "")
    param = flags.get(name)
    if param is None or (param.flag and joined):
        return False
    if param.flag:
        values[param.name] = True
        return True
    value = attached if joined else next(words, None)
    if value is None or (not joined and value.startswith("-")):
        return False
    if param.many:
        found = values[param.name]
        values[param.name] = [*found, value] if isinstance(found, list) else [value]
    else:
        values[param.name] = value  # repeated: the last one counts
    return True


def _flags(params: tuple[declare.Param, ...]) -> dict[str, declare.Param]:
    return {flag: param for param in params for flag in param.flags}


def _defaults(params: tuple[declare.Param, ...]) -> Values:
    return {param.name: False if param.flag else None for param in params}


def log_values(argv: list[str]) -> tuple[Values, Values] | None:
    """The global options and `pj log`'s values of a command line (the words after `pj`),
    or None when typer must read it: anything but `pj log` with its TEXT, without
    `--edit`, outside shell completion."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    found = split_global(argv)
    if found is None or found[1] != "log":
        return None
    options, _, rest = found
    values = parse(rest, declare.LOG)
    if values is None or values["edit"]:
        return None
    return options, values


def run_log(argv: list[str]) -> bool:
    """Record `pj log`'s entry if this path understands the command line (exiting as the
    typer command would on a failure); False: typer must read it."""
    found = log_values(argv)
    if found is None:
        return False
    options, values = found
    debug = options["debug"] or bool(os.environ.get("PJ_DEBUG"))
    journal = options["journal"]

    def body() -> None:
        from patrol_journal.cli.record import entry_of, record
        from patrol_journal.cli.state import State

        run = State(journal_option=journal, debug=debug, quiet=options["quiet"])
        entry = entry_of(**{name: values[name] for name in values if name not in _NOT_OF_ENTRY})
        entry.when = run.when(values["when"])
        record(run, entry, values["json_"])

    from patrol_journal.cli.exits import guarded

    guarded(body, debug=debug)
    return True


_NOT_OF_ENTRY = ("when", "edit", "json_")
