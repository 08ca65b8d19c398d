"""How a command's output reaches the officer, typer-free: the format chosen, a view or a
report in it, to the terminal or atomically to --output FILE."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from patrol_journal.cli.state import State


def echo(text: str) -> None:
    """One line (or several) on stdout."""
    print(text, flush=True)


def format_of(run: State, given: str | None, json_: bool, output: Path | None) -> str:
    """The format a view is written in (`formats.choose`), once --output is known not to
    be the journal itself or a directory."""
    from patrol_journal.formats import choose

    refuse_journal(output, run.journal_path)
    return choose(given, json_, output)


def refuse_journal(output: Path | None, journal: Path) -> None:
    """--output never names the journal itself, nor a directory."""
    from patrol_journal.errors import UsageError
    from patrol_journal.formats import to_stdout

    if output is None or to_stdout(output):
        return
    if os.path.realpath(output) == os.path.realpath(journal):
        raise UsageError(f"--output {output} is the journal itself; choose another file")
    if output.is_dir():
        raise UsageError(f"--output {output} is a directory; give a file name")


def write_out(text: str, output: Path | None, what: str, *, visible: bool = True) -> None:
    """`text` to the terminal, or (atomically) to --output FILE, saying so on stderr.
    `visible=False`: a text made safe already, whose line ends are its own (CSV's CRLF)."""
    from patrol_journal.formats import to_stdout

    if output is None or to_stdout(output):
        if visible:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            from patrol_journal.outputs import raw_stream

            stream = raw_stream(sys.stdout)
            stream.write(text)
            stream.flush()
        return
    from patrol_journal.outputs import write_report

    write_report(output, text)
    print(f"Wrote {what} to {output}", file=sys.stderr, flush=True)


def emit_document(
    data: dict[str, Any],
    chosen: str,
    output: Path | None,
    *,
    what: str,
    rich: Any,
    markdown: Any,
    html: Any,
    csv: Any,
) -> None:
    """A report of its own layout (a shift's DAR, trends) in the format chosen: its JSON,
    or what its renderers make of it (`markdown()`, `html()`, `csv()` give the text;
    `rich()` prints the terminal's), to the terminal or to --output FILE."""
    from patrol_journal.formats import to_stdout

    if chosen == "rich" and to_stdout(output):
        rich()
        return
    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(data) + "\n"
    else:
        made = {"csv": csv, "markdown": markdown, "html": html}.get(chosen)
        text = made() if made is not None else printed(rich)
    write_out(text, output, what, visible=chosen != "csv")


def emit_view(
    run: State,
    rows: list[dict[str, Any]] | dict[str, Any],
    *,
    title: str,
    chosen: str,
    output: Path | None,
    rich: Any,
    columns: tuple[str, ...] = (),
) -> None:
    """A view in the format chosen: JSON (its rows, or its one record), CSV, Markdown or
    HTML (its rows as one plain table; a record as its plain tables), or the terminal's
    tables (`rich()` prints them), to the terminal or to --output FILE (which
    `format_of`, choosing the format, has checked)."""
    from patrol_journal.formats import to_stdout

    if chosen == "rich" and to_stdout(output):
        rich()
        return
    if chosen == "json":
        from patrol_journal.render.jsonout import dumps

        text = dumps(rows) + "\n"
    elif chosen == "rich":
        text = printed(rich)
    else:
        from patrol_journal.render import tables

        found = (
            tables.record_tables(title, rows)
            if isinstance(rows, dict)
            else [tables.rows_table(title, rows, list(columns))]
        )
        if chosen == "csv":
            one = found[0] if len(found) == 1 else tables.sections_table(title, found)
            text = tables.to_csv(one)
        elif chosen == "markdown":
            text = tables.to_markdown(found, title)
        else:
            text = tables.to_html(found, title)
    write_out(text, output, title.lower(), visible=chosen != "csv")


def printed(show: Any) -> str:
    """What `show()` prints, as plain text (for --output with --format rich)."""
    import io
    from contextlib import redirect_stdout

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        show()
    return buffer.getvalue()


def emit_json(data: Any) -> None:
    from patrol_journal.render.jsonout import dumps

    sys.stdout.write(dumps(data) + "\n")
