"""The formats a view can be written in, registered once: their names, the file extensions
that name them, and what each is for. `--format`, `--output FILE`, completion and help all
read this table.

Light on purpose (no imports beyond the standard library, `errors` and `vocab`): every command
that takes `--format` reads it at start-up.
"""

from __future__ import annotations

from pathlib import Path

from patrol_journal.errors import UsageError
from patrol_journal.vocab import listed


class Format:
    """A way of writing a view: its name, the extensions of files in it, what it is for.

    A plain class rather than a dataclass: the fast path reads this table on every run,
    and importing `dataclasses` (with `inspect`) costs more than the rest of it.
    """

    __slots__ = ("extensions", "name", "what")

    def __init__(self, name: str, extensions: tuple[str, ...], what: str) -> None:
        self.name = name
        self.extensions = extensions
        self.what = what

    def __repr__(self) -> str:
        return f"Format({self.name!r}, {self.extensions!r}, {self.what!r})"


FORMATS: tuple[Format, ...] = (
    Format("rich", (".txt",), "tables for the terminal (the default)"),
    Format("markdown", (".md", ".markdown"), "Markdown"),
    Format("json", (".json",), "JSON for programs"),
    Format("csv", (".csv",), "CSV for spreadsheets: UTF-8, one header row, raw values"),
    Format("html", (".html", ".htm"), "a web page to print or share"),
)
NAMES = tuple(form.name for form in FORMATS)
EXTENSIONS = {extension: form.name for form in FORMATS for extension in form.extensions}


def to_stdout(output: Path | None) -> bool:
    """--output - (or none) writes to standard output."""
    return output is None or str(output) == "-"


def choose(given: str | None, json_: bool, output: Path | None) -> str:
    """The format asked for: --format (or --json), else the extension of --output, else
    the terminal's. An unknown format, one that contradicts --json or the extension, and
    a file whose extension names no format (without --format) are refused."""
    named = given.strip().lower() if given is not None else None
    if named is not None and named not in NAMES:
        raise UsageError(f"unknown format '{given}': use {listed(NAMES)}")
    if json_ and named not in (None, "json"):
        raise UsageError(f"--json and --format {named} disagree: give one")
    named = "json" if json_ else named
    if to_stdout(output):
        return named or "rich"
    assert output is not None
    by_extension = EXTENSIONS.get(output.suffix.lower())
    if named is None and by_extension is None:
        raise UsageError(
            f"--output {output}: pj cannot tell a format from '{output.suffix or output.name}'; "
            f"give --format, or end the name in {listed(tuple(EXTENSIONS), 'or')}"
        )
    if named is not None and by_extension is not None and named != by_extension:
        raise UsageError(
            f"--format {named} contradicts --output {output} (a {by_extension} file); "
            "give one or make them agree"
        )
    return named or by_extension or "rich"
