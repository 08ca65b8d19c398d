"""`pj log` at a terminal (prompts) and with --edit ($EDITOR on a template)."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import ConcernEvent, Interaction
from tests.conftest import Pj, ok


def test_prompts_for_text_then_who_and_where_with_the_last_entry_as_default(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pj("log", "First", "--with", "Maria Lopez", "--at", "Elm Park").exit_code == 0
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    result = pj("log", input="Second chat\n\n\n")  # accept both defaults
    assert result.exit_code == 0, result.stderr
    second = read_journal(journal).records[-1]
    assert isinstance(second, Interaction)
    assert (second.text, second.people, second.place) == (
        "Second chat",
        ["Maria Lopez"],
        "Elm Park",
    )
    result = pj("log", input="Third\nTom Reed, Ana Diaz\n-\n")
    assert result.exit_code == 0, result.stderr
    third = read_journal(journal).records[-1]
    assert isinstance(third, Interaction)
    assert (third.people, third.place) == (["Tom Reed", "Ana Diaz"], None)


def test_an_empty_answer_records_nothing(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    before = journal.read_bytes()
    result = pj("log", input="   \n")
    assert result.exit_code == 2
    assert journal.read_bytes() == before


def _editor(tmp_path: Path, content: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\ncat > \"$1\" <<'EOF'\n{content}EOF\n")
    script.chmod(0o755)
    return str(script)


def test_edit_opens_the_editor_on_a_template(pj: Pj, journal: Path, tmp_path: Path) -> None:
    content = (
        "# comments are ignored\nwith: Maria Lopez (resident)\nat: Elm Park\n"
        "kind: patrol\nwhen: 2026-11-20 21:30\nconcern: Lights out by the gate\n"
        "tip: Van with no plates\n\nWalked the park.\nTwo lamps out.\n"
    )
    result = pj("log", "--edit", "--json", env={"EDITOR": _editor(tmp_path, content)})
    assert result.exit_code == 0, result.stderr
    interaction, concern, *_ = read_journal(journal).records
    assert isinstance(interaction, Interaction) and isinstance(concern, ConcernEvent)
    assert interaction.text == "Walked the park.\nTwo lamps out."
    assert interaction.people == ["Maria Lopez"] and interaction.place == "Elm Park"
    assert interaction.kind == "patrol" and interaction.tips == ["Van with no plates"]
    assert interaction.when.isoformat() == "2026-11-20T21:30:00+00:00"
    assert concern.text == "Lights out by the gate"


def test_an_empty_edit_records_nothing(pj: Pj, journal: Path, tmp_path: Path) -> None:
    before = journal.read_bytes()
    result = pj("log", "--edit", env={"EDITOR": _editor(tmp_path, "# nothing\n")})
    assert result.exit_code == 2
    assert "left empty" in result.stderr
    assert journal.read_bytes() == before


def test_a_failing_editor_records_nothing(pj: Pj, journal: Path) -> None:
    before = journal.read_bytes()
    result = pj("log", "--edit", env={"EDITOR": "false"})
    assert result.exit_code == 1
    assert "exited with 1" in result.stderr
    missing = pj("log", "--edit", env={"EDITOR": "/no/such/editor"})
    assert missing.exit_code == 1 and "cannot start the editor" in missing.stderr
    assert journal.read_bytes() == before


def test_shell_completion_script(pj: Pj) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    result = CliRunner().invoke(app, ["--show-completion", "bash"], env={"SHELL": "/bin/bash"})
    assert result.exit_code == 0
    assert "complete" in result.stdout and "pj" in result.stdout.lower()


def test_people_table_is_capped(pj: Pj, journal: Path) -> None:
    for name in ("Ana", "Ben", "Cy"):
        ok(pj("log", "Hi", "--with", name))
    result = pj("people", "-n", "2")
    assert "… and 1 more" in result.stdout
    assert len(pj("people", "-n", "2", "--json").json()) == 3
