"""Shell completion as bash drives it: the completion script, COMP_WORDS and COMP_CWORD."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PJ = shutil.which("pj", path=os.path.dirname(sys.executable)) or shutil.which("pj")
BASH = shutil.which("bash") or "/bin/bash"  # pj is POSIX-only; bash drives its completion


def _pj(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    assert PJ is not None
    return subprocess.run(
        [PJ, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.fixture
def beat(tmp_path: Path) -> tuple[dict[str, str], Path]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TZ": "UTC"}
    env.pop("PATROL_JOURNAL", None)
    journal = tmp_path / "j.toml"
    assert _pj(env, "--journal", str(journal), "init").returncode == 0
    for args in (
        ["Chat", "--with", "José García", "--at", "Elm Park"],
        ["Again", "--with", "José García", "--with", "Maria Lopes", "--at", "Oak Estate"],
    ):
        assert _pj(env, "--journal", str(journal), "log", *args).returncode == 0
    last = _pj(env, "--journal", str(journal), "recent", "-n", "1", "--json")
    record_id = last.stdout.split('"id": "')[1][:10]
    fixed = _pj(
        env,
        "--journal",
        str(journal),
        "amend",
        record_id,
        "--with",
        "José García",
        "--with",
        "Maria Lopez",
    )
    assert fixed.returncode == 0, fixed.stderr
    return env, journal


def _complete(env: dict[str, str], journal: Path, *words: str) -> list[str]:
    """What bash puts in COMPREPLY for `pj --journal J WORDS...` (the last word being
    completed), through pj's own completion script."""
    script = _pj({**env, "_PJ_COMPLETE": "source_bash"}).stdout
    line = " ".join(shlex.quote(word) for word in ["pj", "--journal", str(journal), *words])
    program = (
        f"{script}\n"
        f"COMP_WORDS=({line})\n"
        f"COMP_CWORD={len(words) + 2}\n"
        f"_pj_completion {PJ}\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        [BASH, "--norc", "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    return [value for value in result.stdout.splitlines() if value]


def _as_typed(value: str) -> list[str]:
    """The arguments a shell makes of a completed word."""
    program = f'for a in {value}; do printf "%s\\n" "$a"; done'
    result = subprocess.run([BASH, "--norc", "-c", program], capture_output=True, text=True)
    return result.stdout.splitlines()


def test_a_name_with_a_space_and_an_accent_goes_in_as_one_argument(
    beat: tuple[dict[str, str], Path],
) -> None:
    env, journal = beat
    for typed in ("jo", "JOSE", "garc", "'jos"):
        (value,) = _complete(env, journal, "person", typed)
        assert _as_typed(value) == ["José García"], (typed, value)


def test_log_with_and_at_complete_and_corrected_names_are_gone(
    beat: tuple[dict[str, str], Path],
) -> None:
    env, journal = beat
    assert [_as_typed(v)[0] for v in _complete(env, journal, "log", "x", "--with", "mar")] == [
        "Maria Lopez"
    ]
    assert [_as_typed(v)[0] for v in _complete(env, journal, "log", "x", "--at", "oak")] == [
        "Oak Estate"
    ]


def test_ids_kinds_statuses_and_formats_complete(beat: tuple[dict[str, str], Path]) -> None:
    env, journal = beat
    ids = _complete(env, journal, "show", "")
    assert len(ids) == 3 and all(len(value) == 10 for value in ids)
    assert _complete(env, journal, "log", "x", "--kind", "pa") == ["patrol"]
    assert _complete(env, journal, "concerns", "--status", "re") == ["resolved", "reported-back"]
    assert _complete(env, journal, "summary", "--format", "h") == ["html"]


def test_a_concern_step_offers_only_the_concerns_it_can_be_taken_on(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TZ": "UTC"}
    env.pop("PATROL_JOURNAL", None)
    journal = tmp_path / "j.toml"
    assert _pj(env, "--journal", str(journal), "init").returncode == 0
    ids = {}
    for text in ("Lamp out", "Bins not collected"):
        raised = _pj(env, "--journal", str(journal), "concern", "raise", text, "--json")
        ids[text] = raised.stdout.split('"id": "')[1][:10]
    assert (
        _pj(env, "--journal", str(journal), "concern", "resolve", ids["Lamp out"]).returncode == 0
    )
    assert _complete(env, journal, "concern", "report-back", "") == [ids["Lamp out"]]
    assert _complete(env, journal, "concern", "resolve", "") == [ids["Bins not collected"]]
