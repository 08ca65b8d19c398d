"""The docs follow the code: every command has help and is documented; examples work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from patrol_journal.cli import COMMAND_MODULES, app, command_in

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, object]]:
    group = typer.main.get_command(app)
    found: list[tuple[str, object]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found.append((name, command))
        for sub_name, sub in getattr(command, "commands", {}).items():
            found.append((f"{name} {sub_name}", sub))
    return found


def test_every_registered_command_is_in_the_lazy_loading_map() -> None:
    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMAND_MODULES)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [name for name, _command in _commands()])
def test_every_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3
    assert re.search(rf"\bpj {re.escape(name)}\b", README), f"README does not show 'pj {name}'"


@pytest.mark.parametrize("name", [name for name, _command in _commands()])
def test_every_option_has_help(name: str) -> None:
    command = dict(_commands())[name]
    for parameter in command.params:  # type: ignore[attr-defined]
        if parameter.param_type_name == "option" and parameter.name != "help":
            assert parameter.help, f"pj {name} {parameter.opts[0]} has no help text"


def test_the_format_doc_example_passes_check_strict(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "journal-format.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    journal = tmp_path / "doc.toml"
    journal.write_text(example, encoding="utf-8")
    journal.chmod(0o600)
    result = CliRunner().invoke(app, ["--journal", str(journal), "check", "--strict"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "8 records, 0 errors, 0 warnings" in result.stdout


def test_the_example_journal_passes_check() -> None:
    result = CliRunner().invoke(
        app, ["--journal", str(ROOT / "examples" / "elm-park-beat.toml"), "check", "--strict"]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert ", 0 errors" in result.stdout


def test_changelog_has_an_unreleased_section() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["log", "x"], "log"),
        (["--journal", "j.toml", "log", "x"], "log"),
        (["-j", "j.toml", "--debug", "recent"], "recent"),
        (["--version"], None),
        ([], None),
    ],
)
def test_command_in(argv: list[str], command: str | None) -> None:
    assert command_in(argv) == command


def test_pj_alone_shows_the_help() -> None:
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 0
    assert "Commands" in result.stdout and "log" in result.stdout


@pytest.mark.parametrize("name", [name for name, _command in _commands()])
def test_help_paragraphs_are_rewrapped_not_broken_where_the_docstring_was(name: str) -> None:
    """At a wide terminal each paragraph of a command's help is one line: the line breaks
    of its docstring do not reach the screen."""
    command = dict(_commands())[name]
    result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "2000"})
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines()]
    for paragraph in (command.help or "").split("\n\n"):  # type: ignore[attr-defined]
        words = " ".join(paragraph.split())
        if words and not any(line[:1] in " -" for line in paragraph.splitlines()[1:]):
            assert words in lines, f"pj {name}: {words!r} is broken across lines"


def test_help_names_every_word_of_the_vocabulary() -> None:
    """Kinds, statuses, priorities and formats in help are read from the vocabulary."""
    from patrol_journal.formats import NAMES
    from patrol_journal.vocab import KINDS, PRIORITIES, STATUSES

    def shown(*argv: str) -> str:
        result = CliRunner().invoke(app, [*argv, "--help"], env={"COLUMNS": "2000"})
        return " ".join(result.stdout.split())

    assert all(status in shown("concerns") for status in STATUSES)
    assert all(priority in shown("concern", "raise") for priority in PRIORITIES)
    assert all(kind in shown("log") for kind in KINDS)
    assert all(name in shown("people") for name in NAMES)
