"""What every command shares: the global state, option aliases, and small helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from patrol_journal.cli import declare, emit
from patrol_journal.cli.emit import (
    emit_document,
    emit_json,
    emit_view,
    printed,
    refuse_journal,
    write_out,
)
from patrol_journal.cli.record import note_same_as_open
from patrol_journal.cli.state import ENV_NOW, State, warn

__all__ = [
    "ENV_NOW",
    "State",
    "emit_document",
    "emit_json",
    "emit_view",
    "note_same_as_open",
    "option",
    "printed",
    "refuse_journal",
    "state",
    "warn",
    "write_out",
]


def option(param: declare.Param) -> Any:
    """The typer option (or, with no flags, argument) of a declared parameter."""
    complete = None if param.complete is None else _completer(param.complete)
    if not param.flags:
        return typer.Argument(
            help=param.help, metavar=param.metavar, show_default=False, shell_complete=complete
        )
    if param.flag:
        return typer.Option(*param.flags, help=param.help)
    return typer.Option(
        *param.flags,
        metavar=param.metavar,
        help=param.help,
        min=param.minimum,
        max=param.maximum,
        show_default=param.default is not None,
        shell_complete=complete,
    )


def annotation(param: declare.Param) -> Any:
    """The type typer reads a declared parameter as, with its option."""
    value: Any = {"int": int, "path": Path}.get(param.kind, str)
    if param.flag:
        value = bool
    elif param.many:
        value = list[str] | None
    elif param.default is None and not param.required:
        value = value | None
    return Annotated[value, option(param)]


def register(app: typer.Typer, command: declare.Command) -> None:
    """Add a declared command to the typer app: its options built from its parameters,
    its function `command.body(run, **values)` (the one the fast path calls too)."""
    import inspect

    def handler(ctx: typer.Context, **values: Any) -> None:
        command.run(state(ctx), values)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [inspect.Parameter("ctx", keyword, annotation=typer.Context)] + [
        inspect.Parameter(
            param.name,
            keyword,
            annotation=annotation(param),
            default=inspect.Parameter.empty if param.required else param.default,
        )
        for param in command.params
    ]
    handler.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    handler.__annotations__ = {p.name: p.annotation for p in parameters}
    handler.__doc__ = command.body.__doc__
    handler.__name__ = command.name
    app.command(command.name)(handler)


def _completer(name: str) -> Any:
    """`cli/complete.py`'s `complete_<name>`, imported when a shell asks."""

    def complete(ctx: typer.Context, param: Any, incomplete: str) -> list[str]:
        from patrol_journal.cli import complete as completions

        found: list[str] = getattr(completions, f"complete_{name}")(ctx, param, incomplete)
        return found

    return complete


FormatOpt = Annotated[str | None, option(declare.FORMAT)]
OutputOpt = Annotated[Path | None, option(declare.OUTPUT)]

JsonOpt = Annotated[bool, option(declare.JSON)]
TeamOpt = Annotated[bool, option(declare.TEAM)]
WhenOpt = Annotated[str | None, option(declare.WHEN)]


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):  # a command invoked without the group (tests)
        obj = State()
        ctx.find_root().obj = obj
    return obj


def format_of(ctx: typer.Context, given: str | None, json_: bool, output: Path | None) -> str:
    """The format a view is written in (`emit.format_of`)."""
    return emit.format_of(state(ctx), given, json_, output)
