"""Fuzzing: arbitrary text round-trips through every recording command, and no damage to a
journal's bytes makes any command show a traceback."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from patrol_journal.cli import app
from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import ConcernEvent, Interaction, PersonRecord
from patrol_journal.vocab import clean_text

NOW = {"PJ_NOW": "2026-11-25 12:00"}
# PJ_FUZZ_EXAMPLES raises the number of cases for a long campaign (docs/reliability.md).
SETTINGS = settings(
    max_examples=int(os.environ.get("PJ_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40).filter(
    lambda s: s.strip() != "" and not s.startswith("-")
)
# A comma separates names ("Tom Reed, Maria Lopez"), so a single name has none.
name = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc", "Cf"], exclude_characters=","),
    min_size=1,
    max_size=20,
).filter(
    lambda s: clean_text(s) != "" and not s.startswith("-") and not re.search(r"\([^()]*\)\s*$", s)
)
step = st.one_of(
    st.tuples(st.just("log"), text, name, name, text),
    st.tuples(st.just("raise"), text, name),
    st.tuples(st.just("note"), text),
    st.tuples(st.just("person"), text),
)


def _run(journal: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["--journal", str(journal), *args], env=NOW)


@pytest.mark.slow
@SETTINGS
@given(steps=st.lists(step, min_size=1, max_size=6))
def test_any_sequence_of_recording_commands_round_trips(
    tmp_path_factory: Any, steps: list[tuple[str, ...]]
) -> None:
    journal = Path(tmp_path_factory.mktemp("seq")) / "j.toml"
    assert _run(journal, "init").exit_code == 0
    expected: list[tuple[str, str]] = []
    concern_id: str | None = None
    person: str | None = None
    for kind, *values in steps:
        if kind == "log":
            what, who, where, tip = values
            result = _run(
                journal, "log", "--with", who, "--at", where, "--tip", tip, "--json", "--", what
            )
            assert result.exit_code == 0, result.stderr
            expected += [("text", what), ("tip", tip)]
            person = clean_text(who)
        elif kind == "raise":
            what, who = values
            result = _run(journal, "concern", "raise", "--by", who, "--json", "--", what)
            assert result.exit_code == 0, result.stderr
            concern_id = result.stdout.split('"id": "')[1][:10]
            expected.append(("concern", what))
        elif kind == "note" and concern_id is not None:
            result = _run(journal, "concern", "note", concern_id, "--", values[0])
            assert result.exit_code == 0, result.stderr
            expected.append(("note", values[0]))
        elif kind == "person" and person is not None:
            result = _run(journal, "person", person, "--note", values[0])
            assert result.exit_code == 0, result.stderr
            expected.append(("person", values[0]))
    contents = read_journal(journal)
    assert contents.problems == []
    found: list[tuple[str, str]] = []
    for record in contents.records:
        if isinstance(record, Interaction):
            found += [("text", record.text), *[("tip", tip) for tip in record.tips]]
        elif isinstance(record, ConcernEvent):
            found.append(
                ("concern", record.text or "")
                if record.action == "raise"
                else ("note", record.note or "")
            )
        elif isinstance(record, PersonRecord) and record.note is not None:
            found.append(("person", record.note))
    assert found == expected


damage = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(0, 255)),
        st.tuples(st.just("cut"), st.integers(0, 10**6), st.integers(1, 200)),
        st.tuples(
            st.just("insert"),
            st.integers(0, 10**6),
            st.binary(min_size=1, max_size=30)
            | st.sampled_from(
                [b"[[record]]\n", b"\n", b'"', b"\r\n", b"\x00", b"= =", b"seal = \n"]
            ),
        ),
        st.tuples(st.just("truncate"), st.integers(0, 10**6)),
    ),
    min_size=1,
    max_size=4,
)
COMMANDS = (
    ["check"],
    ["recent"],
    ["log", "after the damage"],
    ["people"],
    ["places"],
    ["concerns", "--status", "all"],
    ["summary", "--week", "2026-W46"],
    ["search", "maria"],
    ["check", "--strict"],
)


def _damaged(original: bytes, edits: list[tuple[Any, ...]]) -> bytes:
    data = bytearray(original)
    for edit in edits:
        position = edit[1] % (len(data) + 1)
        if edit[0] == "flip" and data:
            data[position % len(data)] = edit[2]
        elif edit[0] == "cut":
            del data[position : position + edit[2]]
        elif edit[0] == "insert":
            data[position:position] = edit[2]
        elif edit[0] == "truncate":
            del data[position:]
    return bytes(data)


EXAMPLE = Path(__file__).parents[1] / "examples" / "elm-park-beat.toml"


@pytest.mark.slow
@SETTINGS
@given(edits=damage)
def test_damage_never_causes_a_traceback_and_check_names_a_line(
    tmp_path_factory: Any, edits: list[tuple[Any, ...]]
) -> None:
    folder = Path(tmp_path_factory.mktemp("damage"))
    journal = folder / "j.toml"
    shutil.copyfile(EXAMPLE, journal)
    journal.chmod(0o600)
    journal.write_bytes(_damaged(journal.read_bytes(), edits))
    for command in COMMANDS:
        result = _run(journal, *command)
        output = result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command,
            output,
        )
        assert "Traceback" not in output and "internal error" not in output, (command, output)
        assert result.exit_code in (0, 1, 2), (command, result.exit_code, output)
        if command[0] == "check" and result.exit_code == 1:
            problems = [line for line in result.stderr.splitlines() if line.strip()]
            assert problems, output
            for line in problems:
                # file:line: then the message: an editor can jump to every problem
                assert re.match(rf"{re.escape(str(journal))}:\d+: ", line), line
