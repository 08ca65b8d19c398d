"""Helpers the tests share: pj through typer's CliRunner, git by hand, a beat team on real
git (a bare repository on disk as the remote, clones as officers)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from patrol_journal.cli import app


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def ok(result: Run) -> Run:
    """A setup step that must work: fail the test here, with pj's error, if it did not."""
    assert result.exit_code == 0, result.stderr
    return result


def invoke(argv: list[str], *, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """pj's command line through typer's CliRunner: the one way the tests run it in-process."""
    result = CliRunner().invoke(app, argv, input=input, env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def pj(*args: str, journal: Path | None = None, now: str | None = None) -> Run:
    """pj with a journal and a pinned `now` if given."""
    prefix = ["--journal", str(journal)] if journal is not None else []
    return invoke([*prefix, *args], env={"PJ_NOW": now} if now else None)


def git(folder: Path, *args: str, check: bool = True) -> str:
    """git by hand, as an officer would type it (with an identity for commits)."""
    env = dict(os.environ, GIT_AUTHOR_NAME="Officer", GIT_AUTHOR_EMAIL="officer@example.org")
    env |= {"GIT_COMMITTER_NAME": "Officer", "GIT_COMMITTER_EMAIL": "officer@example.org"}
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=check, env=env
    )
    return done.stdout


class Officer:
    """One officer at one machine: a clone of the team, and their journal in it."""

    def __init__(self, clone: Path, name: str) -> None:
        self.clone = clone
        joined = ok(pj("team", "join", str(clone), "--officer", name, "--json")).json()
        self.journal = Path(joined["journal"])
        self.new = joined["new"]

    def __call__(self, *args: str, now: str = "2026-11-27 12:00") -> Run:
        return pj(*args, journal=self.journal, now=now)

    def log(self, text: str, *args: str, now: str = "2026-11-27 12:00") -> str:
        return str(ok(self("log", text, *args, "--json", now=now)).json()["id"])

    def sync(self) -> dict[str, Any]:
        result: dict[str, Any] = ok(self("sync", "--json")).json()
        return result

    def json(self, *args: str) -> Any:
        return ok(self(*args, "--json")).json()


def make_remote(tmp_path: Path) -> Path:
    """A bare repository holding a team that a founding clone made and pushed."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    founding = tmp_path / "founding"
    ok(pj("team", "init", str(founding), "--name", "Elm Park beat"))
    git(founding, "remote", "add", "origin", str(bare))
    git(founding, "push", "--quiet", "--set-upstream", "origin", "HEAD")
    return bare


def clone(remote: Path, folder: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(remote), str(folder)], check=True)
    return folder


def commit_and_push(folder: Path, message: str, *paths: str) -> None:
    """A teammate's commit made by hand (not by pj), pushed to the team's remote."""
    git(folder, "add", "--", *paths)
    git(folder, "commit", "--quiet", "-m", message, "--", *paths)
    git(folder, "push", "--quiet", "origin", "HEAD")


def printed_pages(page: Path, folder: Path) -> int:
    """How many pages headless Chromium prints an HTML page on (each checked to be A4)."""
    pdf = folder / f"{page.stem}.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "(A4)" in info.stdout
    return next(int(line.split()[1]) for line in info.stdout.splitlines() if "Pages:" in line)
