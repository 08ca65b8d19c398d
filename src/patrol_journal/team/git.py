"""git as a subprocess: every failure becomes one line that says what to do."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from patrol_journal.errors import JournalError

DRIVER = "pj-journal"


class GitError(JournalError):
    """git failed; the message is one line."""


def run(root: Path, *args: str, check: bool = True, what: str | None = None) -> str:
    """Run `git -C root ARGS`; its stdout. A failure raises GitError with git's reason."""
    git = shutil.which("git")
    if git is None:
        raise GitError("git is not installed; install git to work as a team")
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(
            [git, "-C", str(root), *args],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if check and done.returncode != 0:
        raise GitError(explain(what or f"git {args[0]}", done.stderr or done.stdout))
    return done.stdout


def succeeds(root: Path, *args: str) -> bool:
    try:
        run(root, *args)
    except GitError:
        return False
    return True


def explain(what: str, output: str) -> str:
    """git's reason in one line, with what it usually means."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    ours = [line[line.index("pj merge:") + 10 :] for line in lines if "pj merge:" in line]
    fatal = [line for line in lines if line.lower().startswith(("fatal:", "error:"))]
    reason = (ours or fatal or lines or ["no reason given"])[0]
    for prefix in ("fatal: ", "error: "):
        if reason.lower().startswith(prefix):
            reason = reason[len(prefix) :]
    lowered = output.lower()
    hint = ""
    if "could not resolve host" in lowered or "network is unreachable" in lowered:
        hint = " (offline? run 'pj sync' again when connected)"
    elif "authentication failed" in lowered or "permission denied" in lowered:
        hint = " (check your access to the team's repository)"
    elif "does not appear to be a git repository" in lowered or "repository not found" in lowered:
        hint = " (check the remote: git remote -v)"
    elif "please tell me who you are" in lowered:
        hint = " (set git config user.name and user.email)"
    return f"{what} failed: {reason}{hint}"


def is_repository(root: Path) -> bool:
    return (root / ".git").exists() and succeeds(root, "rev-parse", "--git-dir")


def driver_command() -> str:
    """How git runs pj's merge driver on this machine: this Python, this pj."""
    python = shlex.quote(sys.executable)
    return f"{python} -m patrol_journal team merge-file %O %A %B %P"


def install_driver(root: Path) -> bool:
    """Register pj's merge driver in this clone's config (clones do not copy it).
    True if it was missing or out of date."""
    wanted = driver_command()
    current = run(root, "config", "--local", "--get", f"merge.{DRIVER}.driver", check=False)
    if current.strip() == wanted:
        return False
    run(root, "config", "--local", f"merge.{DRIVER}.name", "patrol-journal: join appends")
    run(root, "config", "--local", f"merge.{DRIVER}.driver", wanted)
    return True


def identity_options(root: Path, officer: str) -> list[str]:
    """`-c user.name=... -c user.email=...` when git has no identity here, so a commit
    never fails for want of one: the officer's name, with an address that says so."""
    name = run(root, "config", "user.name", check=False).strip()
    email = run(root, "config", "user.email", check=False).strip()
    options = []
    if not name:
        options += ["-c", f"user.name={officer}"]
    if not email:
        options += ["-c", "user.email=officer@patrol-journal.invalid"]
    return options


def current_branch(root: Path) -> str:
    branch = run(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False).strip()
    if not branch:
        raise GitError(
            f"{root} is not on a branch (a rebase or detached HEAD?); "
            "finish it with git, then run 'pj sync'"
        )
    return branch


def has_commits(root: Path) -> bool:
    return succeeds(root, "rev-parse", "--verify", "--quiet", "HEAD")
