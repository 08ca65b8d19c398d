"""`pj log` stays as light as starting the CLI: the modules it must not load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# typer and pydantic (which typer builds its parameters with): `pj log` takes the fast path.
HEAVY = ("sqlite3", "rich", "jinja2", "rapidfuzz", "parsedatetime", "typer", "click", "pydantic")

_PROBE = """
import atexit, json, sys
heavy = {heavy!r}
atexit.register(lambda: print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr))
sys.argv = ["pj", *{argv!r}]
from patrol_journal.cli import main
main()
"""


def _loaded(tmp_path: Path, *argv: str) -> tuple[int, list[str]]:
    """Run pj in a fresh interpreter; return its exit code and the heavy modules it loaded."""
    env = dict(os.environ)
    for variable in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env[variable] = str(tmp_path / variable.lower())
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY, argv=list(argv))],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    *_, last = result.stderr.strip().splitlines()
    return result.returncode, json.loads(last)


def test_log_loads_no_sqlite_rich_jinja_rapidfuzz_typer_or_pydantic(tmp_path: Path) -> None:
    journal = str(tmp_path / "j.toml")
    assert _loaded(tmp_path, "--journal", journal, "init")[0] == 0
    # The first append after init checks the journal through the index (and so loads
    # sqlite3); it leaves the journal marked as verified for the next one.
    assert _loaded(tmp_path, "--journal", journal, "log", "First", "--with", "Ann Lee")[0] == 0
    code, loaded = _loaded(
        tmp_path, "--journal", journal, "log", "Chat", "--with", "Ann Lee", "--at", "Elm Park"
    )
    assert code == 0
    assert loaded == []


def test_a_view_does_load_them(tmp_path: Path) -> None:
    """The probe can see a heavy module when one is loaded (so the test above can fail)."""
    journal = str(tmp_path / "j.toml")
    assert _loaded(tmp_path, "--journal", journal, "init")[0] == 0
    code, loaded = _loaded(tmp_path, "--journal", journal, "recent")
    assert code == 0
    assert "sqlite3" in loaded and "rich" in loaded
    code, loaded = _loaded(tmp_path, "--journal", journal, "shift", "status")
    assert code == 0
    assert "typer" in loaded and "pydantic" in loaded  # a command typer reads


def test_a_view_on_an_indexed_journal_loads_no_typer_or_pydantic(tmp_path: Path) -> None:
    """The views most used take the fast path too; with the index up to date, nothing
    needs the journal's model either."""
    journal = str(tmp_path / "j.toml")
    assert _loaded(tmp_path, "--journal", journal, "init")[0] == 0
    assert _loaded(tmp_path, "--journal", journal, "log", "Hello", "--with", "Ann Lee")[0] == 0
    assert _loaded(tmp_path, "--journal", journal, "recent")[0] == 0
    for view in (["recent"], ["people"], ["concerns"], ["summary"], ["person", "Ann Lee"]):
        code, loaded = _loaded(tmp_path, "--journal", journal, *view)
        assert code == 0, view
        assert not {"typer", "click", "pydantic"} & set(loaded), (view, loaded)
