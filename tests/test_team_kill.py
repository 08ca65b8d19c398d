"""`kill -9` of `pj sync` at random moments, with `pj log` running meanwhile, against a slow
remote (a pre-receive hook that sleeps): every acknowledged record is in its journal after
each kill, and on the remote after the next syncs; no clone is left needing a person.

Three clones: Alice at her desk, Alice on her laptop (the same journal on two machines),
and Bob. `PJ_KILL_SECONDS` sets how long the kills go on (default 20 s in the suite);
`PJ_KILL_SEED` replays a run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import git

PJ = shutil.which("pj", path=os.path.dirname(sys.executable)) or shutil.which("pj")
SECONDS = float(os.environ.get("PJ_KILL_SECONDS", "20"))


def _pj(journal: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PJ is not None
    return subprocess.run(
        [PJ, "--journal", str(journal), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _setup(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\ncat > /dev/null\nsleep 0.3\n")
    hook.chmod(0o755)
    founding = tmp_path / "founding"
    assert PJ is not None
    subprocess.run([PJ, "team", "init", str(founding), "--name", "Beat"], check=True)
    git(founding, "remote", "add", "origin", str(bare))
    git(founding, "push", "--quiet", "--set-upstream", "origin", "HEAD")
    journals = {}
    for clone, officer in (("desk", "Alice Ward"), ("laptop", "Alice Ward"), ("bob", "Bob Stone")):
        folder = tmp_path / clone
        subprocess.run(["git", "clone", "--quiet", str(bare), str(folder)], check=True)
        joined = subprocess.run(
            [PJ, "team", "join", str(folder), "--officer", officer],
            capture_output=True,
            text=True,
            check=True,
        )
        journals[clone] = Path(joined.stdout.strip())
        assert _pj(journals[clone], "sync").returncode == 0
    return bare, journals


def _log(journal: Path, number: int) -> str | None:
    """One `pj log`: the id it acknowledged, or None if it said it wrote nothing."""
    done = _pj(journal, "log", f"Round {number}", "--with", "Ann Lee", "--json")
    if done.returncode != 0:
        assert "nothing was written" in done.stderr or "locked" in done.stderr, done.stderr
        return None
    return str(done.stdout.split('"id": "')[1].split('"')[0])


def _clean(folder: Path) -> None:
    """Nothing a person would have to clear up."""
    dot_git = folder / ".git"
    for leftover in ("rebase-merge", "rebase-apply", "index.lock", "MERGE_HEAD"):
        assert not (dot_git / leftover).exists(), (folder, leftover)
    assert not (dot_git / "pj" / "sync-pending").exists()
    status = git(folder, "status", "--porcelain", "--", "journals", "team.toml")
    others = [line for line in status.splitlines() if not line.endswith(".toml") or "??" in line]
    assert not [line for line in others if "journals/." not in line], status


@pytest.mark.slow
def test_kill_9_of_sync_at_random_moments_loses_no_acknowledged_record(tmp_path: Path) -> None:
    seed = int(os.environ.get("PJ_KILL_SEED", str(random.randrange(1 << 30))))
    chance = random.Random(seed)
    bare, journals = _setup(tmp_path)
    acknowledged: dict[str, set[str]] = {clone: set() for clone in journals}
    kills = syncs = number = 0
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        clone = chance.choice(list(journals))
        journal = journals[clone]
        assert PJ is not None
        sync = subprocess.Popen(
            [PJ, "--journal", str(journal), "sync"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        stop_at = time.monotonic() + chance.uniform(0.0, 1.5)
        while time.monotonic() < stop_at and sync.poll() is None:
            number += 1
            found = _log(journal, number)
            if found is not None:
                acknowledged[clone].add(found)
        if sync.poll() is None:
            os.kill(sync.pid, signal.SIGKILL)
            kills += 1
        sync.wait()
        syncs += 1
        text = journal.read_text()
        lost = [rid for rid in acknowledged[clone] if rid not in text]
        assert not lost, f"seed {seed}: {clone} lost {lost} after a kill"
    # Then syncs that are not stopped: everything reaches every copy and the remote.
    for _round in range(3):
        for clone, journal in journals.items():
            done = _pj(journal, "sync")
            assert done.returncode == 0, f"seed {seed}: {clone}: {done.stderr}"
    alice = acknowledged["desk"] | acknowledged["laptop"]
    remote_alice = git(bare, "show", "HEAD:journals/alice-ward.toml")
    remote_bob = git(bare, "show", "HEAD:journals/bob-stone.toml")
    assert not [rid for rid in alice if rid not in remote_alice], f"seed {seed}"
    assert not [rid for rid in acknowledged["bob"] if rid not in remote_bob], f"seed {seed}"
    copies = {
        name: {(tmp_path / c / "journals" / name).read_bytes() for c in journals}
        for name in ("alice-ward.toml", "bob-stone.toml")
    }
    assert all(len(versions) == 1 for versions in copies.values()), f"seed {seed}"
    for clone, journal in journals.items():
        _clean(tmp_path / clone)
        check = _pj(journal, "check", "--strict")
        assert check.returncode == 0, f"seed {seed}: {clone}: {check.stdout}{check.stderr}"
    total = sum(len(ids) for ids in acknowledged.values())
    print(f"seed {seed}: {syncs} syncs, {kills} killed, {total} records acknowledged, 0 lost")
    assert kills > 0 and total > 0
