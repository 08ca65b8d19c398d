"""The installed `pj`, run as a real process against a real file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import Interaction

PJ = shutil.which("pj", path=os.path.dirname(sys.executable)) or shutil.which("pj")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert PJ is not None, "pj is not installed in this environment"
    return subprocess.run(
        [PJ, *args],
        capture_output=True,
        text=True,
        env=env or dict(os.environ),
        timeout=60,
        check=False,
    )


def test_installed_console_scripts_and_module(tmp_path: Path) -> None:
    path = tmp_path / "j.toml"
    assert _run("--journal", str(path), "init").returncode == 0
    result = _run("--journal", str(path), "log", "Chat", "--with", "Maria Lopez", "--json")
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == {"id", "concerns"}
    module = subprocess.run(
        [sys.executable, "-m", "patrol_journal", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.returncode == 0 and module.stdout.startswith("patrol-journal ")
    other = shutil.which("patrol-journal", path=os.path.dirname(sys.executable))
    assert other is not None
    assert subprocess.run([other, "--version"], capture_output=True, check=False).returncode == 0


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = _run("--journal", str(tmp_path / "missing.toml"), "recent")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "pj init" in result.stderr
    usage = _run("--journal", str(tmp_path / "missing.toml"), "log", "--nope")
    assert usage.returncode == 2
    assert usage.stderr.count("\n") == 1


@pytest.mark.slow
def test_two_processes_appending_fifty_records_each_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "j.toml"
    assert _run("--journal", str(path), "init").returncode == 0
    script = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from pathlib import Path\n"
        "from patrol_journal.recording import InteractionInput, interaction_records\n"
        "from patrol_journal.index.verify import append\n"
        "path, who = Path(sys.argv[1]), sys.argv[2]\n"
        "now = datetime.now(timezone.utc)\n"
        "for n in range(50):\n"
        "    entry = InteractionInput(text=f'{who} {n}', people=[who])\n"
        "    records, _, _ = interaction_records(entry, now)\n"
        "    append(path, records)\n"
    )
    env = dict(os.environ)
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(path), name], env=env)
        for name in ("alpha", "bravo")
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    contents = read_journal(path)
    texts = sorted(r.text for r in contents.records if isinstance(r, Interaction))
    assert texts == sorted([f"alpha {n}" for n in range(50)] + [f"bravo {n}" for n in range(50)])
    assert len({r.id for r in contents.records}) == 100
    check = _run("--journal", str(path), "check", "--strict")
    assert check.returncode == 0, check.stderr
    assert "100 records, 0 errors, 0 warnings" in check.stdout


@pytest.mark.slow
def test_two_pj_processes_logging_at_once(tmp_path: Path) -> None:
    path = tmp_path / "j.toml"
    assert _run("--journal", str(path), "init").returncode == 0
    loops = [
        subprocess.Popen(
            [
                "bash",
                "-c",
                f'for i in $(seq 1 10); do "{PJ}" --journal "{path}" log "{who} $i" '
                "|| exit 1; done",
            ],
            stdout=subprocess.DEVNULL,
        )
        for who in ("alpha", "bravo")
    ]
    assert [loop.wait(timeout=120) for loop in loops] == [0, 0]
    assert _run("--journal", str(path), "check", "--strict").returncode == 0
    recent = json.loads(_run("--journal", str(path), "recent", "-n", "50", "--json").stdout)
    assert len(recent) == 20


@pytest.mark.slow
def test_readers_and_a_writer_at_once_see_no_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "j.toml"
    assert _run("--journal", str(path), "init").returncode == 0
    writer = subprocess.Popen(
        [
            "bash",
            "-c",
            f'for i in $(seq 1 15); do "{PJ}" --journal "{path}" log "entry $i" '
            "--with 'Maria Lopez' || exit 1; done",
        ],
        stdout=subprocess.DEVNULL,
    )
    readers = [
        subprocess.Popen(
            [
                "bash",
                "-c",
                f'for i in $(seq 1 15); do "{PJ}" --journal "{path}" recent '
                "--json >/dev/null || exit 1; done",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    assert writer.wait(timeout=180) == 0
    for process in readers:
        _out, errors = process.communicate(timeout=180)
        assert process.returncode == 0, errors
        assert "incomplete record" not in errors, errors
    recent = json.loads(_run("--journal", str(path), "recent", "-n", "50", "--json").stdout)
    assert sorted(r["text"] for r in recent) == sorted(f"entry {i}" for i in range(1, 16))
    assert _run("--journal", str(path), "check", "--strict").returncode == 0


@pytest.mark.slow
def test_many_processes_creating_the_index_at_once(tmp_path: Path) -> None:
    import shutil as _shutil

    from patrol_journal.index.files import index_path

    path = tmp_path / "j.toml"
    assert _run("--journal", str(path), "init").returncode == 0
    for n in range(20):
        assert _run("--journal", str(path), "log", f"entry {n}", "--with", "Maria").returncode == 0
    cache = index_path(path).parent
    for _round in range(4):
        _shutil.rmtree(cache, ignore_errors=True)
        processes = [
            subprocess.Popen(
                [PJ, "--journal", str(path), "recent", "-n", "30", "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        for process in processes:
            out, errors = process.communicate(timeout=120)
            assert process.returncode == 0, errors
            assert len(json.loads(out)) == 20
