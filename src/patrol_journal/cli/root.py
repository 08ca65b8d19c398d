"""The typer application, its global options, and the one exit point."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from patrol_journal import __version__
from patrol_journal.cli import declare
from patrol_journal.cli.common import option
from patrol_journal.cli.exits import Failure, debugging, guarded


class PatrolGroup(TyperGroup):
    """Runs a command through the one exit point (`exits.guarded`): every failure is one
    line on stderr and an exit code; click's usage errors are one line and exit 2."""

    def list_commands(self, ctx: Any) -> list[str]:
        from patrol_journal.cli.commands import COMMAND_MODULES

        order = list(COMMAND_MODULES)
        return sorted(self.commands, key=lambda name: order.index(name) if name in order else 99)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv:
            argv = ["--help"]  # `pj` on its own: show what it can do
        _quiet_flags(self)
        debug = debugging("--debug" in argv)

        def run() -> Any:
            try:
                # color=True: click would strip what looks like a style from a journal's
                # text when piped; every stream is visible already, so escapes show.
                return super(PatrolGroup, self).main(
                    args=argv,
                    prog_name=prog_name or "pj",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **{"color": True, **extra},
                )
            except typer.TyperException as exc:
                context = getattr(exc, "ctx", None)
                if type(exc).__name__ == "NoArgsIsHelpError":
                    typer.echo(exc.format_message())
                    sys.exit(0)
                if context is not None:
                    command = context.command_path
                    raise Failure(
                        f"{command}: {exc.format_message()} (see '{command} --help')",
                        exc.exit_code,
                    ) from None
                raise Failure(f"pj: {exc.format_message()}", exc.exit_code) from None
            except typer.Abort:
                raise Failure("pj: aborted; nothing was recorded", 1) from None

        result = guarded(run, debug=debug)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _quiet_flags(command: Any) -> None:
    """Flags take no value: their help shows none (typer would print `<bool>`), the help
    option's included. A help text's paragraphs are rewrapped to the terminal."""
    if command.help:
        command.help = _paragraphs(command.help)
    for param in command.params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    make_help = command.get_help_option

    def quiet_help(ctx: Any) -> Any:
        option = make_help(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = quiet_help
    for sub in getattr(command, "commands", {}).values():
        _quiet_flags(sub)


def _paragraphs(text: str) -> str:
    """Each paragraph of a help text on one line, for rich to wrap (typer keeps the
    docstring's line breaks after the first paragraph). A paragraph laid out by hand
    (a line indented or a list) keeps its lines."""
    import inspect

    return "\n\n".join(
        paragraph
        if any(line[:1] in (" ", "-", "\b") for line in paragraph.splitlines())
        else " ".join(paragraph.split("\n"))
        for paragraph in inspect.cleandoc(text).split("\n\n")
    )


app = typer.Typer(
    cls=PatrolGroup,
    name="pj",
    help=(
        "pj — a patrol journal: record who you met, where, and what they raised; "
        "see who and where you have neglected and which concerns are still open."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"patrol-journal {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    journal: Annotated[str | None, option(declare.JOURNAL)] = None,
    quiet: Annotated[bool, option(declare.QUIET)] = False,
    debug: Annotated[bool, option(declare.DEBUG)] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Global options come before the command: `pj --journal FILE log ...`."""
    from patrol_journal.cli.common import State

    ctx.obj = State(journal_option=journal, debug=debug, quiet=quiet)
