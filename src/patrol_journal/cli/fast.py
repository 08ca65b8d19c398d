"""The commands most used, without typer: the command line parsed by the command's
`declare.Command` row, then the function typer's command calls too.

Typer and the pydantic it builds its parameters with take longer to import than pj
takes to record an entry or to show a view. This path understands the forms officers
type: global options before the command; long options with their value next or after
`=`; short options with their value next; repeated options; the arguments; `--`.
Whatever it does not fully understand -- `--help`, an unknown option, a cluster of
short options, a value that starts with `-`, a missing value, a number that is not one
or is below its minimum, an argument too many or missing, what the command's `fast_if`
refuses (`pj log` with no TEXT, where pj asks for it, or with `--edit`), shell
completion -- goes to typer, which reads it as it always has: this path never guesses.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from patrol_journal.cli import declare
from patrol_journal.cli.commands import COMMAND_MODULES, FAST

# A parameter's name -> its value: a str, a list of them (`many`), a bool (`flag`), or None.
Values = dict[str, Any]


def parse(argv: list[str], params: tuple[declare.Param, ...]) -> Values | None:
    """The values of `params` on a command line (the words after the command), as click
    gives them to the command's function; None when typer must read it."""
    flags = _flags(params)
    values = _defaults(params)
    arguments = [param for param in params if not param.flags]
    words = iter(argv)
    given: list[str] = []
    for word in words:
        if word == "--":
            given += words
            break
        if word == "-" or not word.startswith("-"):
            given.append(word)
        elif not _take(word, words, flags, values):
            return None
    if len(given) > len(arguments) or any(p.required for p in arguments[len(given) :]):
        return None
    for param, word in zip(arguments, given, strict=False):
        values[param.name] = word
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
    value: Any = attached if joined else next(words, None)
    if value is None or (not joined and value.startswith("-")):
        return False
    if param.kind == "int":
        value = _number(value, param.minimum, param.maximum)
    elif param.kind == "path":
        value = Path(value) if value else None
    if value is None:
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
    return {param.name: param.default for param in params}


def _number(text: str, minimum: int | None, maximum: int | None) -> int | None:
    """A whole number as click reads one, from `minimum` to `maximum`, else None."""
    try:
        number = int(text)
    except ValueError:
        return None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def command_values(argv: list[str]) -> tuple[Values, declare.Command, Values] | None:
    """The global options, the declared command and its values of a command line (the
    words after `pj`), or None when typer must read it."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    found = split_global(argv)
    if found is None or found[1] not in FAST:
        return None
    options, name, rest = found
    module = importlib.import_module(f"patrol_journal.cli.{COMMAND_MODULES[name]}")
    command: declare.Command = module.COMMAND
    values = parse(rest, command.params)
    if values is None or (command.fast_if is not None and not command.fast_if(values)):
        return None
    return options, command, values


def run(argv: list[str]) -> bool:
    """Run a declared command if this path understands the command line (exiting as the
    typer command would on a failure); False: typer must read it."""
    found = command_values(argv)
    if found is None:
        return False
    options, command, values = found
    from patrol_journal.cli.exits import debugging, guarded

    debug = debugging(options["debug"])

    def body() -> None:
        from patrol_journal.cli.state import State

        state = State(journal_option=options["journal"], debug=debug, quiet=options["quiet"])
        command.run(state, values)

    guarded(body, debug=debug)
    return True
