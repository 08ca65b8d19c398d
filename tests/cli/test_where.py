from pathlib import Path

import pytest

from tests.helpers import invoke


def _where(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = invoke([*args, "where", "--json"], env=env)
    assert result.exit_code == 0, result.stderr
    import json

    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATROL_JOURNAL", str(tmp_path / "env.toml"))
    data = _where("--journal", str(tmp_path / "opt.toml"))
    assert data["journal"] == str(tmp_path / "opt.toml")
    assert data["reason"] == "option"


def test_environment_beats_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "xdg" / "xdg_config_home" / "patrol-journal" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'journal = "{tmp_path / "conf.toml"}"\n')
    monkeypatch.setenv("PATROL_JOURNAL", str(tmp_path / "env.toml"))
    assert _where()["reason"] == "environment"
    monkeypatch.delenv("PATROL_JOURNAL")
    data = _where()
    assert data["reason"] == "config"
    assert data["journal"] == str(tmp_path / "conf.toml")


def test_default_is_the_user_data_dir(tmp_path: Path) -> None:
    data = _where()
    assert data["reason"] == "default"
    assert data["journal"] == str(
        tmp_path / "xdg" / "xdg_data_home" / "patrol-journal" / "journal.toml"
    )
    assert data["exists"] is False


def test_where_in_words(tmp_path: Path) -> None:
    result = invoke(["--journal", str(tmp_path / "j.toml"), "where"])
    assert "given with --journal" in result.stdout
    assert "pj init" in result.stdout


def test_a_broken_config_file_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "xdg" / "xdg_config_home" / "patrol-journal" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("journal = \n")
    result = invoke(["where"])
    assert result.exit_code == 1
    assert "config file is not valid TOML" in result.stderr
    config.write_text('colour = "blue"\n')
    result = invoke(["where"])
    assert result.exit_code == 1
    assert "unknown setting 'colour'" in result.stderr
