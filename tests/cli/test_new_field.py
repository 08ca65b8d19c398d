"""A new field is one new row of the field table (`fields.py`), and nothing else.

The fixture adds a row to the table's source as a developer would, in memory, and runs
pj's real command line in a new process on that table: no other file of pj is touched.
The field is then recorded by `pj log --edit`, corrected by `pj amend --edit`, found by
`search` after the correction, shown by `show` and in every format of the list views,
and erased by `forget`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from patrol_journal.formats import NAMES

ROW = """\
    Field(
        "weather",
        "text",
        INTERACTION,
        amendable=True,
        searched=True,
        erase="text",
        retain="erase",
        editor="weather",
    ),
"""

# pj's own entry point, on the field table with the row above added at its end.
LAUNCHER = textwrap.dedent(
    """\
    import importlib.util, pathlib, sys, types

    import patrol_journal

    spec = importlib.util.find_spec("patrol_journal.fields")
    source = pathlib.Path(spec.origin).read_text(encoding="utf-8")
    end = "\\n)\\n\\n\\ndef of("
    assert source.count(end) == 1, "the end of FIELDS moved"
    source = source.replace(end, "\\n" + sys.argv.pop(1) + ")\\n\\n\\ndef of(")
    module = types.ModuleType("patrol_journal.fields")
    module.__file__ = spec.origin
    sys.modules["patrol_journal.fields"] = patrol_journal.fields = module
    exec(compile(source, spec.origin, "exec"), module.__dict__)

    from patrol_journal.cli import main

    sys.argv[0] = "pj"
    main()
    """
)

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def pj_with_weather(tmp_path: Path) -> Run:
    """pj, in a process of its own, with a "weather" field added to the table."""
    launcher = tmp_path / "pj_with_weather.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    journal = tmp_path / "journal.toml"

    def run(*args: str, editor: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PJ_NOW="2026-12-01T10:00:00+00:00", COLUMNS="200")
        if editor is not None:
            env["EDITOR"] = editor
        return subprocess.run(
            [sys.executable, str(launcher), ROW, "--journal", str(journal), *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    return run


def _editor(tmp_path: Path, name: str, script: str) -> str:
    """An $EDITOR that rewrites the draft with a line of Python (`text` is the draft)."""
    path = tmp_path / f"{name}.py"
    path.write_text(
        "import pathlib, sys\n"
        "draft = pathlib.Path(sys.argv[1])\n"
        "text = draft.read_text(encoding='utf-8')\n"
        f"{script}\n"
        "draft.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {path}"


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def test_a_row_of_the_table_is_a_field_from_log_to_forget(
    tmp_path: Path, pj_with_weather: Run
) -> None:
    pj = pj_with_weather
    _ok(pj("init", "--officer", "Sam Rivera"))
    write = _editor(
        tmp_path,
        "write",
        "assert \"'weather: ...'\" in text, text\n"
        "text += 'with: Maria Lopez\\nat: Elm Park\\nweather: Maria says drizzle\\n'"
        " + 'Talked about the bins\\n'",
    )
    logged = json.loads(_ok(pj("log", "--edit", "--json", editor=write)).stdout)["id"]
    journal = (tmp_path / "journal.toml").read_text(encoding="utf-8")
    assert 'weather = "Maria says drizzle"' in journal

    shown = json.loads(_ok(pj("show", logged, "--json")).stdout)
    assert shown["current"]["weather"] == "Maria says drizzle"
    assert shown["original"]["weather"] == "Maria says drizzle"
    assert "weather: Maria says drizzle" in _ok(pj("show", logged)).stdout

    # The correction starts from the field as it reads, and search follows it.
    correct = _editor(
        tmp_path,
        "correct",
        "assert 'weather: Maria says drizzle' in text, text\n"
        "text = text.replace('Maria says drizzle', 'Maria says sleet at dusk')",
    )
    _ok(pj("amend", logged, "--edit", editor=correct))
    found = json.loads(_ok(pj("search", "sleet", "--json")).stdout)
    assert [(row["id"], row["matched"]) for row in found] == [(logged, ["weather"])]
    assert json.loads(_ok(pj("search", "drizzle", "--json")).stdout) == []

    rows = json.loads(_ok(pj("recent", "--json")).stdout)
    assert rows[0]["weather"] == "Maria says sleet at dusk"
    # Every format of the registry but the terminal's, whose list is the short form (what,
    # who, where: `show` above is the terminal's whole record).
    for name in NAMES:
        if name != "rich":
            out = _ok(pj("recent", "--format", name)).stdout
            assert "Maria says sleet at dusk" in out, name
    read = list(csv.DictReader(io.StringIO(_ok(pj("recent", "--format", "csv")).stdout)))
    assert read[0]["weather"] == "Maria says sleet at dusk"

    # A name that could not be corrected away is erased from the field like any text.
    _ok(pj("forget", "Maria Lopez", "--yes"))
    journal = (tmp_path / "journal.toml").read_text(encoding="utf-8")
    assert "Maria" not in journal
    after = json.loads(_ok(pj("show", logged, "--json")).stdout)["current"]
    assert "Maria" not in after["weather"] and "sleet at dusk" in after["weather"]
    assert _ok(pj("check")).returncode == 0


def test_a_value_not_of_the_kind_the_table_says_is_refused(
    tmp_path: Path, pj_with_weather: Run
) -> None:
    """The journal is bad input too: a weather of the wrong kind is reported by check,
    and a field the table does not declare still is."""
    pj = pj_with_weather
    _ok(pj("init", "--officer", "Sam Rivera"))
    path = tmp_path / "journal.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[record]]\ntype = "interaction"\nid = "aaaaaaaaaa"\n'
        'when = 2026-11-30T10:00:00Z\ntext = "x"\nweather = 3\n'
        '\n[[record]]\ntype = "interaction"\nid = "bbbbbbbbbb"\n'
        'when = 2026-11-30T11:00:00Z\ntext = "y"\nclimate = "dry"\n',
        encoding="utf-8",
    )
    checked = pj("check")
    assert checked.returncode != 0
    assert "weather: Input should be a valid string" in checked.stdout + checked.stderr
    assert "climate: Extra inputs are not permitted" in checked.stdout + checked.stderr
