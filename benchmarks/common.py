"""What the benchmark scripts share: where their data and cache live, the environment pj
runs in, how one process is timed and its peak memory read, the generated journals."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CACHE = DATA / "cache"
HELLO = HERE / "hello_typer.py"


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(CACHE)
    env["XDG_CONFIG_HOME"] = str(DATA / "config")
    env["XDG_DATA_HOME"] = str(DATA / "share")
    env.pop("PATROL_JOURNAL", None)
    env["COLUMNS"] = "100"
    return env


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one process, and its CPU seconds: user + system, the kernel's own
    accounting of the reaped child (`os.wait4`), which machine noise moves less.

    Peak memory is read by `peak_rss_kb`: a child's ru_maxrss counts the memory of the
    process it was forked from, so that figure comes from a second run under GNU time.
    """
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    errors = child.stderr.read()
    child.stderr.close()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}\n{errors.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime


def peak_rss_kb(argv: list[str], env: dict[str, str]) -> int:
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    if gnu_time is None:
        return -1
    result = subprocess.run(
        [gnu_time, "-f", "%M", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    try:
        return int(result.stderr.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return -1


def journal_for(size: int) -> Path:
    path = DATA / f"journal-{size}.toml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_journal.py"),
                "--interactions",
                str(size),
                "--out",
                str(path),
                "--seed",
                "1",
            ],
            check=True,
        )
    return path


def log_copy(source: Path, name: str) -> Path:
    """A copy for `pj log` to grow, so the views keep reading an unchanged journal."""
    target = DATA / name
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


def pj(*args: str) -> list[str]:
    return (
        [sys.executable, "-m", "patrol_journal", *args]
        if os.environ.get("PJ_AS_MODULE")
        else [str(Path(sys.executable).with_name("pj")), *args]
    )
