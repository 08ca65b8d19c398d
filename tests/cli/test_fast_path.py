"""The fast path against typer: the same command line gives the same record, the same
output and the same exit, or the fast path hands it to typer.

Both paths run in this process with the journal write captured (`append`) and ids
numbered in order, so two runs of one command line can be compared record for record.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from patrol_journal.cli import declare, fast, load_commands
from patrol_journal.cli.commands import COMMAND_MODULES, FAST

NOW = "2026-11-28 14:00"

# What one run did: its exit code, the records it would have appended, stdout, stderr.
Outcome = tuple[int, list[dict[str, Any]], str, str]


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A journal with people and places in it, `append` captured, ids in order."""
    journal = tmp_path / "j.toml"
    monkeypatch.setenv("PJ_NOW", NOW)
    monkeypatch.setenv("PATROL_JOURNAL", str(journal))
    app = load_commands()
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    made = ["log", "Hello", "--with", "Ann Lee", "--at", "Elm Park", "-c", "Broken light"]
    assert runner.invoke(app, made).exit_code == 0
    people = ["Ann Lee", "Bo Cy", "Di Eve", "José García"]
    places = ["Elm Park", "Mill Lane", "Station Square"]
    for number in range(12):  # enough rows that a count or an order shows
        entry = ["log", f"Chat {number} about the light", "-w", people[number % 4]]
        entry += ["-a", places[number % 3], "--when", f"{number + 1} days ago 10:00"]
        entry += ["-c", f"Graffiti {number}"] if number % 4 == 0 else []
        assert runner.invoke(app, entry).exit_code == 0
    captured: list[list[dict[str, Any]]] = []
    counter = itertools.count()
    monkeypatch.setattr("patrol_journal.index.verify.append", lambda _p, rs: captured.append(rs))
    monkeypatch.setattr("patrol_journal.recording.new_id", lambda: f"id{next(counter):08d}")

    def reset() -> None:
        captured.clear()
        nonlocal counter
        counter = itertools.count()

    return {"app": app, "captured": captured, "reset": reset, "journal": journal}


def through_typer(paths: dict[str, Any], argv: list[str]) -> Outcome:
    paths["reset"]()
    result = CliRunner().invoke(paths["app"], argv)
    records = [record for batch in paths["captured"] for record in batch]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return -1, records, "", repr(result.exception)  # --debug: the traceback is shown
    return result.exit_code, records, result.stdout, result.stderr


def through_fast(paths: dict[str, Any], argv: list[str]) -> Outcome | None:
    paths["reset"]()
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if not fast.run(argv):
                return None
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # --debug: the traceback is shown
            return -1, [r for batch in paths["captured"] for r in batch], "", repr(exc)
    records = [record for batch in paths["captured"] for record in batch]
    # As click's runner reads its output: CRLF (CSV's line ends) as LF.
    return code, records, out.getvalue().replace("\r\n", "\n"), err.getvalue()


def same(paths: dict[str, Any], argv: list[str]) -> Outcome | None:
    """The fast path's outcome, checked equal to typer's; None when it handed off."""
    quick = through_fast(paths, argv)
    if quick is not None:
        assert quick == through_typer(paths, argv), argv
    return quick


def test_the_typer_command_is_built_from_the_same_declaration() -> None:
    """Every flag the fast path knows is the typer command's, with the same arity."""
    import typer.main

    command = typer.main.get_command(load_commands(["log"])).commands["log"]  # type: ignore[attr-defined]
    params = [
        (p.name, tuple(p.opts + p.secondary_opts), p.multiple, getattr(p, "is_flag", False))
        for p in command.params
    ]
    declared = [(d.name, d.flags or (d.name,), d.many, d.flag) for d in declare.LOG]
    assert params == declared
    group = typer.main.get_command(load_commands(["log"]))
    options = {p.name: tuple(p.opts) for p in group.params}
    assert all(options[d.name] == d.flags for d in declare.GLOBAL)


FORMS = [
    # every option, long and short, with its value next
    ["log", "Chat", "--with", "Bo Cy", "-w", "Di Eve", "--at", "Mill Lane", "--kind", "patrol"],
    ["log", "Chat", "-a", "Mill Lane", "-k", "business", "--when", "yesterday 21:30"],
    ["log", "Chat", "--concern", "Graffiti", "-c", "Noise", "--concern-by", "Bo Cy"],
    ["log", "Chat", "--tip", "Van", "--tip", "Car", "--tip-from", "Bo Cy", "--shared", "Lock"],
    ["log", "Chat", "--tag", "night", "-t", "school", "--json"],
    # values joined by =, an empty one, a comma list
    ["log", "--with=Ann Lee, Bo Cy", "Chat", "--at=", "--when=28/11/2026 06:00"],
    # repeated single options: the last one counts
    ["log", "Chat", "--at", "Elm Park", "--at", "Mill Lane", "--kind", "chat", "-k", "event"],
    # the TEXT anywhere, and after --
    ["log", "--at", "Elm Park", "Chat at the park"],
    ["log", "--with", "Ann Lee", "--", "--help is the text"],
    ["log", "--", "-5 degrees"],
    # global options before the command
    ["--journal", "J", "log", "Chat"],
    ["-j", "J", "--debug", "log", "Chat"],
    ["--journal=J", "log", "Chat"],
    # bad values: the same one line and exit code
    ["log", "Chat", "--when", "the thirty-second of Brumaire"],
    ["log", "Chat", "--when", "2 hours later"],
    ["log", "Chat", "--kind", "chit-chat"],
    ["log", "  "],
    ["log", ""],
    ["log", "Chat", "--concern-by", "Nobody Met"],
]

HANDED_OFF = [
    ["log"],  # no TEXT: pj asks, or says what is missing
    ["log", "Chat", "--edit"],
    ["log", "Chat", "-e"],
    ["log", "--help"],
    ["log", "Chat", "-h"],
    ["--help"],
    ["--version"],
    ["shift", "status"],  # not declared: typer
    ["log", "Chat", "More"],  # two TEXTs
    ["log", "Chat", "--with"],  # a missing value
    ["log", "Chat", "--with", "--at"],  # a value that looks like an option
    ["log", "Chat", "-wAnn"],  # a value joined to a short option
    ["log", "Chat", "-ej"],  # a cluster of short flags
    ["log", "Chat", "--json=yes"],  # a value given to a flag
    ["log", "Chat", "--wit", "Ann"],  # an abbreviation click does not take
    ["log", "Chat", "--journal", "J"],  # a global option after the command
    ["log", "-5"],
    ["--debug", "--", "log", "Chat"],
    ["-j"],
]


@pytest.mark.parametrize("argv", FORMS, ids=lambda argv: " ".join(argv))
def test_each_form_gives_the_same_record_as_typer(paths: dict[str, Any], argv: list[str]) -> None:
    argv = [str(paths["journal"]) if word == "J" else word for word in argv]
    argv = [f"--journal={paths['journal']}" if word == "--journal=J" else word for word in argv]
    outcome = same(paths, argv)
    assert outcome is not None, f"handed off: {argv}"


def test_the_forms_record_what_they_say(paths: dict[str, Any]) -> None:
    """The comparison above compares something: records, their fields, the errors."""
    code, records, out, _ = same(paths, FORMS[0]) or (1, [], "", "")
    assert code == 0 and out.startswith("Recorded interaction id00000000, Sat 28 Nov 2026 14:00")
    [interaction] = records
    assert interaction["people"] == ["Bo Cy", "Di Eve"] and interaction["kind"] == "patrol"
    code, records, _, _ = same(paths, FORMS[2]) or (1, [], "", "")
    assert code == 0 and [r["type"] for r in records] == ["interaction", "concern", "concern"]
    code, records, _, _ = same(paths, FORMS[6]) or (1, [], "", "")
    assert records[0]["place"] == "Mill Lane" and records[0]["kind"] == "event"
    code, records, _, err = same(paths, FORMS[13]) or (0, [], "", "")
    assert (
        code == 2 and records == [] and err.count("\n") == 1 and "cannot understand the time" in err
    )


@pytest.mark.parametrize("argv", HANDED_OFF, ids=lambda argv: " ".join(argv))
def test_what_the_fast_path_does_not_understand_goes_to_typer(
    paths: dict[str, Any], argv: list[str]
) -> None:
    assert through_fast(paths, argv) is None


WORDS = sorted(
    {flag for param in declare.LOG for flag in param.flags}
    | {"--", "-", "-h", "--help", "--with=Bo Cy", "--at=", "--json=1", "-wBo", "-ej", "--wit"}
    | {"Bo Cy", "Ann Lee, Di Eve", "Elm Park", "patrol", "chit", "2 hours ago", "28/11/2026 06:00"}
    | {"Chat", "", "José", "-5", "--journal", "log"}
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    before=st.sampled_from([[], ["--debug"], ["-j", "J"], ["--journal=J"], ["-j"], ["--version"]]),
    words=st.lists(st.sampled_from(WORDS), max_size=7),
)
def test_any_command_line_records_as_typer_would_or_goes_to_typer(
    paths: dict[str, Any], before: list[str], words: list[str]
) -> None:
    journal = str(paths["journal"])
    before = [
        journal if w == "J" else f"--journal={journal}" if w == "--journal=J" else w for w in before
    ]
    words = [word for word in words if word != "-"]  # stdin: tested through a process below
    same(paths, [*before, "log", *words])


VIEW_VALUES = [
    "1",
    "2",
    "5",
    "0",
    "-1",
    "x",
    "Ann Lee",
    "Elm Park",
    "Ann",
    "Elm",
    "json",
    "markdown",
]
VIEW_VALUES += ["csv", "html", "last", "count", "name", "visits", "all", "resolved", "2026-11-01"]
VIEW_VALUES += ["light", "Broken light", "", "--", "-h", "-", "high", "chat", "2026-W47"]


@pytest.mark.parametrize("name", sorted(FAST - {"log"}))
def test_every_view_shows_what_typer_shows_or_goes_to_typer(
    paths: dict[str, Any], name: str
) -> None:
    """Each declared view, on command lines made of its own flags and values officers
    type: the same output, error and exit code as typer's, or typer reads it."""
    import importlib

    command = importlib.import_module(f"patrol_journal.cli.{COMMAND_MODULES[name]}").COMMAND
    flags = sorted(
        flag
        for param in command.params
        for flag in param.flags
        if param.kind != "path"  # --output FILE: tested below
    )
    taken = []

    word = st.sampled_from(flags + VIEW_VALUES)
    pair = st.tuples(st.sampled_from(flags), st.sampled_from(VIEW_VALUES))  # an option's value

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(parts=st.lists(st.one_of(word.map(lambda w: (w,)), pair), max_size=4))
    def check(parts: list[tuple[str, ...]]) -> None:
        outcome = same(paths, [name, *(w for part in parts for w in part)])
        if outcome is not None:
            taken.append(outcome[0])

    check()
    assert taken, f"the fast path never ran pj {name}"


VIEW_FORMS = [
    ["recent", "-n", "2"],
    ["recent", "--count=3", "--json"],
    ["recent", "-f", "markdown"],
    ["people", "--sort", "count", "-n", "2"],
    ["people", "--not-seen-for", "3", "--json"],
    ["people", "--at", "Elm Park", "--format=csv"],
    ["places", "--sort", "visits", "--json"],
    ["places", "--not-visited-for", "2"],
    ["concerns", "--status", "all", "--json"],
    ["concerns", "-w", "Ann Lee"],
    ["concerns", "--overdue", "--to-report-back"],
    ["search", "light", "-n", "2", "--json"],
    ["search", "--with", "Bo Cy", "--since", "2026-11-20"],
    ["search", "--", "-light"],
    ["summary", "--week", "last"],
    ["summary", "--json"],
    ["summary", "--redact", "-f", "markdown"],
    ["trends"],
    ["trends", "--by", "month", "--since", "2026-06-01", "--json"],
    ["trends", "--at", "Elm Park", "-f", "csv"],
    ["trends", "--by", "day"],
    ["brief", "Elm Park"],
    ["brief", "Mill Lane", "--json"],
    ["person", "Ann Lee"],
    ["person", "Bo", "--json"],
    ["person", "Di Eve", "--export", "--json"],
    ["person", "Ann Lee", "--note", "Likes dogs", "--when", "2 hours ago"],
    # bad values: the same one line and exit code
    ["people", "--sort", "age"],
    ["brief", "Nowhere At All"],
    ["summary", "--week", "2026-W99"],
    ["search", "--kind", "chit"],
    ["recent", "-o", "/"],
]


@pytest.mark.parametrize("argv", VIEW_FORMS, ids=lambda argv: " ".join(argv))
def test_each_view_form_shows_what_typer_shows(paths: dict[str, Any], argv: list[str]) -> None:
    outcome = same(paths, argv)
    assert outcome is not None, f"handed off: {argv}"
    assert outcome[2] or outcome[3]  # something was said


@pytest.mark.parametrize(
    "argv",
    [
        ["recent", "-n", "0"],
        ["recent", "-n", "x"],
        ["brief"],
        ["brief", "A", "B"],
        ["recent", "-h"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_a_view_typer_must_read_goes_to_typer(paths: dict[str, Any], argv: list[str]) -> None:
    assert through_fast(paths, argv) is None


def test_a_view_to_a_file_writes_what_typer_writes(paths: dict[str, Any], tmp_path: Path) -> None:
    for number, (view, extension) in enumerate([("recent", "md"), ("summary", "html")]):
        quick, slow = tmp_path / f"q{number}.{extension}", tmp_path / f"s{number}.{extension}"
        assert through_fast(paths, [view, "-o", str(quick)]) is not None
        assert through_typer(paths, [view, "-o", str(slow)])[0] == 0
        assert quick.read_bytes() == slow.read_bytes() and quick.stat().st_size > 200


def _pj(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    probe = (
        "import atexit, sys; sys.argv = ['pj', *sys.argv[1:]];"
        "atexit.register(lambda: print('typer' in sys.modules, file=sys.stderr));"
        "from patrol_journal.cli import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_a_real_process_takes_the_fast_path_and_writes_what_typer_writes(tmp_path: Path) -> None:
    """Through pj's console entry: the same bytes as typer's, but for the ids and seals."""
    env = dict(os.environ, PJ_NOW=NOW)
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    argv = ["log", "-", "--with", "José García", "--at", "Elm Park", "-c", "Needles", "--json"]
    for journal in (first, second):
        assert _pj("--journal", str(journal), "init", env=env).returncode == 0
    quick = _pj("--journal", str(first), *argv, env=env, stdin="Spoke by\r\nthe gate\n")
    assert quick.returncode == 0, quick.stderr
    assert quick.stderr.splitlines()[-1] == "False"  # the fast path: no typer loaded
    runner = CliRunner()
    slow = runner.invoke(
        load_commands(),
        ["--journal", str(second), *argv],
        input="Spoke by\r\nthe gate\n",
        env={"PJ_NOW": NOW},
        catch_exceptions=False,
    )
    assert slow.exit_code == 0, slow.stderr
    ids = [*_ids(quick.stdout), *_ids(slow.stdout)]
    assert len(ids) == 4
    texts = [_without(journal.read_text(encoding="utf-8"), ids) for journal in (first, second)]
    assert texts[0] == texts[1]
    assert 'text = "Spoke by\\nthe gate"' in texts[0] and '"José García"' in texts[0]


def _ids(json_text: str) -> list[str]:
    import json

    found = json.loads(json_text)
    return [found["id"], *found["concerns"]]


def _without(text: str, ids: list[str]) -> str:
    """The journal's text with ids and seals blanked (they differ from run to run)."""
    import re

    for record_id in ids:
        text = text.replace(record_id, "ID")
    text = re.sub(r"(?m)^(id|created) = .*$", r"\1 = X", text)  # the journal's own header
    return re.sub(r'seal = "[0-9a-f]+"', 'seal = "S"', text)
