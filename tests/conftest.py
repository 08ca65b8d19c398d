"""Shared fixtures: every path (journal, config, cache) lives in the test's tmp_path."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import Run, invoke, ok

__all__ = ["Run", "ok"]

# CI runs the same property-test examples every time, so a failure there is reproducible;
# local runs explore new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the real home: config, data and cache dirs are in tmp_path."""
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "xdg" / variable.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for variable in ("PATROL_JOURNAL", "PJ_NOW", "PJ_DEBUG", "NO_COLOR", "VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "120")
    time.tzset()
    _forget_paths()
    yield
    _forget_paths()
    time.tzset()


def _forget_paths() -> None:
    """The per-user directories are worked out once per process; each test has its own."""
    from patrol_journal import config

    for function in (config.config_file, config.data_dir, config.cache_dir):
        function.cache_clear()


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.toml"


Pj = Callable[..., Run]


@pytest.fixture
def pj(journal_path: Path) -> Pj:
    """Run pj through typer's CliRunner against the test's journal."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        return invoke(["--journal", str(journal_path), *args], env=env, input=input)

    return run


@pytest.fixture
def journal(pj: Pj, journal_path: Path) -> Path:
    """A fresh journal made with `pj init`."""
    result = pj("init", "--officer", "Sam Rivera")
    assert result.exit_code == 0, result.stderr
    return journal_path


def logged(pj: Pj, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `pj log ... --json`, check it worked, and return the new interaction's id."""
    result = pj("log", *args, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return str(result.json()["id"])


def record_count(path: Path) -> int:
    return sum(1 for line in path.read_text().splitlines() if line.startswith("[[record]]"))


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare repository holding a team that Alice made and pushed (see tests/helpers)."""
    from tests.helpers import make_remote

    return make_remote(tmp_path)
