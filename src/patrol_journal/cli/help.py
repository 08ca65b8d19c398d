"""`pj help [COMMAND]` and `pj version`: what `--help` and `--version` say, as commands, and
the manual page, made from the same declarations as `--help`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from patrol_journal.cli.root import app


@app.command("help")
def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="COMMAND", help="The command to explain, e.g. 'concern resolve'."),
    ] = None,
    man: Annotated[
        bool, typer.Option("--man", help="Print the manual page (roff) of every command.")
    ] = False,
) -> None:
    """Show the help of pj or of one command ('pj help log' is 'pj log --help')."""
    from patrol_journal.cli import load_commands

    group = typer.main.get_command(load_commands())
    if man:
        typer.echo(manual(group), nl=False)
        return
    target: Any = group
    path = ["pj"]
    for word in command or []:
        found = getattr(target, "commands", {}).get(word)
        if found is None:
            from patrol_journal.errors import UsageError

            raise UsageError(f"no command 'pj {' '.join([*path[1:], word])}': see 'pj --help'")
        target, path = found, [*path, word]
    with typer.Context(target, info_name=" ".join(path), parent=None) as context:
        typer.echo(target.get_help(context))


@app.command()
def version() -> None:
    """Show the version of pj (the same as 'pj --version')."""
    from patrol_journal import __version__

    typer.echo(f"patrol-journal {__version__}")


def manual(group: Any) -> str:
    """A manual page for pj(1), in roff, from the commands' own help and options."""
    from datetime import date

    from patrol_journal import __version__

    lines = [
        f'.TH PJ 1 "{date.today():%Y-%m-%d}" "patrol-journal {__version__}" "User Commands"',
        ".SH NAME",
        r"pj \- a patrol journal for security officers",
        ".SH SYNOPSIS",
        r".B pj",
        r"[\fB\-\-journal\fR \fIPATH\fR] \fICOMMAND\fR [\fIOPTIONS\fR]",
        ".SH DESCRIPTION",
        _roff(group.help or ""),
        ".SH COMMANDS",
    ]
    for name, command in _commands(group):
        if getattr(command, "hidden", False):
            continue
        lines += [".TP", rf"\fBpj {_roff(name)}\fR", _roff((command.help or "").strip())]
        for param in command.params:
            opts = ", ".join(getattr(param, "opts", []))
            if not opts.startswith("-") or param.name == "help":
                continue
            lines += [".RS", ".TP", rf"\fB{_roff(opts)}\fR", _roff(param.help or ""), ".RE"]
    lines += [
        ".SH FILES",
        "The journal is a plain-text TOML file; see docs/journal-format.md of patrol-journal.",
        ".SH SEE ALSO",
        "git(1)",
    ]
    return "\n".join(lines) + "\n"


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((f"{prefix}{name}", command))
        found += _commands(command, f"{prefix}{name} ")
    return found


def _roff(text: str) -> str:
    """Text safe in roff: backslashes and leading dots escaped, one paragraph."""
    flat = " ".join(text.replace("\\", "\\\\").split())
    return "\\&" + flat if flat.startswith((".", "'")) else flat
