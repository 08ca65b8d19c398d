"""`pj log` at a terminal (prompts) and with --edit ($EDITOR on a template)."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import ConcernEvent, Interaction
from tests.conftest import Pj, ok


def test_prompts_offer_the_last_who_and_where_but_never_assume_them(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pj("log", "First", "--with", "Maria Lopez", "--at", "Elm Park").exit_code == 0
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    # Enter at every question: nobody, nowhere, a chat, now, nothing raised
    result = pj("log", input="Second chat\n" + "\n" * 7)
    assert result.exit_code == 0, result.stderr
    assert "last time: Maria Lopez" in result.stderr
    second = read_journal(journal).records[-1]
    assert isinstance(second, Interaction)
    assert (second.text, second.people, second.place, second.kind) == (
        "Second chat",
        [],
        None,
        "chat",
    )
    # '=' takes what was offered: the last entry's people and place
    result = pj("log", input="Third\n=\n=\n" + "\n" * 5)
    assert result.exit_code == 0, result.stderr
    third = read_journal(journal).records[-1]
    assert isinstance(third, Interaction)
    assert (third.people, third.place) == ([], None)  # the last entry had nobody, nowhere
    ok(pj("log", "Fourth", "--with", "Tom Reed", "--at", "Mill Lane"))
    result = pj("log", input="Fifth\n=\n=\n" + "\n" * 5)
    fifth = read_journal(journal).records[-1]
    assert isinstance(fifth, Interaction)
    assert (fifth.people, fifth.place) == (["Tom Reed"], "Mill Lane")


def test_every_field_can_be_given_at_the_prompts(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    answers = [
        "Walked the estate",
        "Tom Reed, Ana Diaz (resident)",
        "Oak Estate",
        "patrol",
        "2026-11-20 21:30",
        "Broken lock on the bin store",
        "Van with no plates",
        "New number for the night bus",
    ]
    result = pj("log", "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    records = read_journal(journal).records
    interaction = next(r for r in records if isinstance(r, Interaction))
    concern = next(r for r in records if isinstance(r, ConcernEvent))
    assert interaction.people == ["Tom Reed", "Ana Diaz"]
    assert (interaction.place, interaction.kind) == ("Oak Estate", "patrol")
    assert interaction.when.isoformat() == "2026-11-20T21:30:00+00:00"
    assert (interaction.tips, interaction.shared) == (
        ["Van with no plates"],
        ["New number for the night bus"],
    )
    assert concern.text == "Broken lock on the bin store"


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


def test_field_lines_after_the_text_are_fields(pj: Pj, journal: Path, tmp_path: Path) -> None:
    content = "Walked the park.\nTwo lamps out.\nwith: Maria Lopez\nat: Elm Park\nconcern: Lamps\n"
    result = pj("log", "--edit", env={"EDITOR": _editor(tmp_path, content)})
    assert result.exit_code == 0, result.stderr
    interaction, concern, *_ = read_journal(journal).records
    assert isinstance(interaction, Interaction) and isinstance(concern, ConcernEvent)
    assert interaction.text == "Walked the park.\nTwo lamps out."
    assert (interaction.people, interaction.place) == (["Maria Lopez"], "Elm Park")
    assert concern.text == "Lamps"


def test_a_misspelt_field_line_is_reported(pj: Pj, journal: Path, tmp_path: Path) -> None:
    before = journal.read_bytes()
    content = "Walked the park.\nwiht: Maria Lopez\nNote: this line is text\n"
    result = pj("log", "--edit", env={"EDITOR": _editor(tmp_path, content)})
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "did you mean 'with:'" in result.stderr
    assert journal.read_bytes() == before


def test_a_bad_answer_is_asked_again_not_found_at_the_end(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("patrol_journal.cli.log.at_a_terminal", lambda: True)
    answers = [
        "Walked the estate",
        "",
        "",
        "gossip",
        "patrol",
        "sometime",
        "yesterday",
        "2026-11-20 21:30",
        "",
        "",
        "",
    ]
    result = pj("log", "--json", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "unknown kind 'gossip'" in result.stderr
    assert "cannot understand the time 'sometime'" in result.stderr
    assert "'yesterday' is a day without a time" in result.stderr
    (interaction,) = [r for r in read_journal(journal).records if isinstance(r, Interaction)]
    assert interaction.kind == "patrol"
    assert interaction.when.isoformat() == "2026-11-20T21:30:00+00:00"


def test_a_refused_field_in_the_editor_keeps_the_write_up(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    before = journal.read_bytes()
    content = "wiht: Maria Lopez\\nA long write-up of the night, with every detail.\\n"
    result = pj("log", "--edit", env={"EDITOR": _editor(tmp_path, content)})
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "did you mean 'with:'?" in result.stderr and "kept in " in result.stderr
    kept = Path(result.stderr.rsplit("kept in ", 1)[1].strip())
    assert "A long write-up of the night" in kept.read_text()
    assert kept.stat().st_mode & 0o777 == 0o600
    assert journal.read_bytes() == before


@pytest.mark.slow
def test_at_a_terminal_the_editor_reopens_on_the_write_up_with_the_problem(
    journal: Path, tmp_path: Path
) -> None:
    """On a real pseudo-terminal: the first save has a misspelt field and an impossible
    time; the editor opens again on the same text, the problems said at the top, and the
    fixed entry is recorded."""
    import os
    import shutil
    import sys

    import pexpect

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "log = open(__file__ + '.seen', 'a')\n"
        "log.write(text + '\\n=====\\n')\n"
        "if '# pj: ' not in text:\n"
        "    text += 'wiht: Maria Lopez\\nwhen: 31/02/2026 10:00\\n'\n"
        "    text += 'The whole night, written up.\\n'\n"
        "elif 'wiht' in text:\n"
        "    text = text.replace('wiht:', 'with:')\n"
        "else:\n"
        "    text = text.replace('31/02/2026', '20/11/2026')\n"
        "open(path, 'w').write(text)\n"
    )
    pj_script = shutil.which("pj", path=os.path.dirname(sys.executable))
    assert pj_script is not None
    env = {
        **os.environ,
        "EDITOR": f"{sys.executable} {editor}",
        "TZ": "UTC",
        "PJ_NOW": "2026-11-25 12:00",
    }
    child = pexpect.spawn(
        pj_script,
        ["--journal", str(journal), "log", "--edit", "--json"],
        env=env,
        encoding="utf-8",
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    (interaction,) = [r for r in read_journal(journal).records if isinstance(r, Interaction)]
    assert (
        interaction.people == ["Maria Lopez"] and interaction.text == "The whole night, written up."
    )
    assert interaction.when.isoformat() == "2026-11-20T10:00:00+00:00"
    runs = Path(f"{editor}.seen").read_text().split("\n=====\n")[:-1]
    assert len(runs) == 3  # written, then opened again twice with the problem at the top
    assert runs[1].startswith("# pj: line ") and "did you mean 'with:'?" in runs[1]
    assert "The whole night, written up." in runs[1]
    assert runs[2].startswith("# pj: ") and "31/02/2026" in runs[2].splitlines()[0]
