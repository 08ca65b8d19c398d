import os
import stat
from pathlib import Path

from tests.conftest import Pj


def test_init_creates_a_private_journal_and_says_where(pj: Pj, journal_path: Path) -> None:
    result = pj("init", "--officer", "Sam Rivera")
    assert result.exit_code == 0
    assert str(journal_path) in result.stdout
    assert stat.S_IMODE(os.stat(journal_path).st_mode) == 0o600
    text = journal_path.read_text()
    assert "[journal]" in text
    assert "format = 2" in text
    assert 'officer = "Sam Rivera"' in text


def test_init_refuses_to_overwrite(pj: Pj, journal: Path) -> None:
    before = journal.read_bytes()
    result = pj("init", "--officer", "Someone Else")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert journal.read_bytes() == before


def test_init_creates_missing_folders(pj: Pj, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    target = tmp_path / "deep" / "er" / "j.toml"
    result = CliRunner().invoke(app, ["--journal", str(target), "init"])
    assert result.exit_code == 0
    assert target.is_file()


def test_init_refuses_a_directory(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    result = CliRunner().invoke(app, ["--journal", str(tmp_path), "init"])
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


def test_init_rejects_a_blank_officer_name(pj: Pj, journal_path: Path) -> None:
    result = pj("init", "--officer", "   ")
    assert result.exit_code == 2
    assert "empty" in result.stderr
    assert not journal_path.exists()
