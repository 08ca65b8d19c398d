"""The typer application, its global options, and the one exit point."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from patrol_journal import __version__
from patrol_journal.errors import JournalError


class PatrolGroup(TyperGroup):
    """Runs a command and turns every failure into one line on stderr and an exit code.

    JournalError -> its message (`path:line: message` when it has a line), exit 1 (2 for
    usage); click usage errors -> one line, exit 2; Ctrl-C -> 130; anything unexpected ->
    one line and a hint to rerun with --debug, which shows the traceback.
    """

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
        debug = "--debug" in argv or bool(os.environ.get("PJ_DEBUG"))
        try:
            with _visible_output():
                # color=True: click would strip what looks like a style from a journal's
                # text when piped; every stream is visible already, so escapes show.
                result = super().main(
                    args=argv,
                    prog_name=prog_name or "pj",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **{"color": True, **extra},
                )
        except JournalError as exc:
            if debug:
                raise
            _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:
            context = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.format_message())
                sys.exit(0)
            if context is not None:
                command = context.command_path
                _fail(f"{command}: {exc.format_message()} (see '{command} --help')", exc.exit_code)
            _fail(f"pj: {exc.format_message()}", exc.exit_code)
        except typer.Abort:
            _fail("pj: aborted; nothing was recorded", 1)
        except KeyboardInterrupt:
            _fail("pj: interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(1)
        except Exception as exc:
            if debug:
                raise
            _fail(
                f"pj: internal error: {type(exc).__name__}: {exc} "
                "(rerun with --debug for the traceback, and please report it)",
                1,
            )
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


@contextlib.contextmanager
def _visible_output() -> Iterator[None]:
    """stdout and stderr pass every write through `vocab.visible` while a command runs."""
    from patrol_journal.outputs import VisibleStream

    streams = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(sys.stdout)
    sys.stderr = VisibleStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams


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


def _fail(message: str, code: int) -> None:
    """One line on stderr; control characters from user input are shown escaped."""
    from patrol_journal.vocab import visible

    line = " ".join(message.splitlines()) if message else "pj: failed"
    typer.echo(visible(line.replace("\t", " ")), err=True)
    sys.exit(code)


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
    journal: Annotated[
        str | None,
        typer.Option(
            "--journal",
            "-j",
            metavar="PATH",
            help="The journal file to use (else $PATROL_JOURNAL, the config file, the default).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
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

    ctx.obj = State(journal_option=journal, debug=debug)
