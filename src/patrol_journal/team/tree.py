"""git's plumbing for `pj sync`: blobs, trees and commits made without touching the work
tree, so that git never writes the officer's journal; pj does, under its lock."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from patrol_journal.team import git

REGULAR = ("100644", "100755")
_NO_OBJECT = "0" * 40


class Entry:
    """One path of a commit's tree: its mode and object."""

    __slots__ = ("mode", "sha")

    def __init__(self, mode: str, sha: str) -> None:
        self.mode = mode
        self.sha = sha

    @property
    def regular(self) -> bool:
        return self.mode in REGULAR


def commit_of(root: Path, ref: str) -> str | None:
    """The commit a ref names, or None if there is none."""
    done = git.call(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return done.text.strip() if done.returncode == 0 else None


def tree_of(root: Path, commit: str) -> str:
    return git.run(root, "rev-parse", f"{commit}^{{tree}}").strip()


def entry(root: Path, commit: str | None, path: str) -> Entry | None:
    """What `commit` holds at `path` (None when nothing, or no commit)."""
    if commit is None:
        return None
    listing = git.run_bytes(root, "ls-tree", "-z", commit, "--", path).decode("utf-8", "replace")
    for item in listing.split("\0"):
        info, _tab, name = item.partition("\t")
        if name == path:
            mode, _kind, sha = info.split(" ")
            return Entry(mode, sha)
    return None


def paths_under(root: Path, commit: str, folder: str) -> list[str]:
    """Every file path `commit` holds under `folder` (a journal's path that someone made
    a folder)."""
    listing = git.run_bytes(root, "ls-tree", "-r", "-z", "--name-only", commit, "--", folder)
    return [path for path in listing.decode("utf-8", "replace").split("\0") if path]


def blob(root: Path, sha: str) -> bytes:
    return git.run_bytes(root, "cat-file", "blob", sha)


def file_at(root: Path, commit: str | None, path: str) -> bytes | None:
    """The bytes of a regular file in `commit`, None if it has none there; anything else
    (a link, a folder) raises GitError."""
    found = entry(root, commit, path)
    if found is None:
        return None
    if not found.regular:
        raise git.GitError(
            f"{path} is not a regular file in commit {commit[:10] if commit else ''}"
        )
    return blob(root, found.sha)


def hash_blob(root: Path, data: bytes) -> str:
    """Store `data` as a blob, exactly as it is (no filter, no line-end conversion)."""
    return (
        git.run_bytes(root, "hash-object", "-w", "--no-filters", "--stdin", input=data)
        .decode("ascii")
        .strip()
    )


def tree_with(root: Path, base: str, changes: dict[str, str | None]) -> str:
    """A tree: `base` (a tree or commit) with each path of `changes` set to that blob
    (None: removed). Built in a scratch index, never the clone's own."""
    scratch = git.git_dir(root) / "pj" / f"index-{os.getpid()}"
    scratch.parent.mkdir(exist_ok=True)
    env = {"GIT_INDEX_FILE": str(scratch)}
    try:
        git.run_bytes(root, "read-tree", base, env=env)
        lines = [
            f"100644 {sha}\t{path}\n" if sha is not None else f"0 {_NO_OBJECT}\t{path}\n"
            for path, sha in changes.items()
        ]
        if lines:
            git.run_bytes(
                root, "update-index", "--index-info", input="".join(lines).encode(), env=env
            )
        return git.run_bytes(root, "write-tree", env=env).decode("ascii").strip()
    finally:
        with contextlib.suppress(OSError):
            scratch.unlink()


def remove_stale_scratch(root: Path) -> None:
    """Scratch indexes a killed sync left in .git/pj (their process gone)."""
    from patrol_journal.journal.files import remove_left_by_the_dead

    remove_left_by_the_dead((git.git_dir(root) / "pj").glob("index-*"), "-")


def changed_paths(root: Path, before: str, after: str) -> list[str]:
    """The paths that differ between two commits (or trees)."""
    listing = git.run_bytes(root, "diff-tree", "-r", "-z", "--name-only", before, after)
    return [path for path in listing.decode("utf-8", "replace").split("\0") if path]


def merge_base(root: Path, first: str, second: str) -> str | None:
    done = git.call(root, "merge-base", first, second)
    return done.text.strip() if done.returncode == 0 else None


def commit_tree(
    root: Path, tree: str, parents: list[str], message: str, env: dict[str, str]
) -> str:
    arguments = [item for parent in parents for item in ("-p", parent)]
    done = git.call(root, "commit-tree", tree, *arguments, "-m", message, env=env)
    if done.returncode != 0:
        raise git.GitError(git.explain("git commit-tree", done.errors))
    return done.text.strip()


def move_branch(
    root: Path, branch: str, new: str, old: str, env: dict[str, str] | None = None
) -> None:
    """Point the branch at `new` if it still points at `old` (never over someone else's
    move)."""
    git.run(root, "update-ref", "-m", "pj sync", f"refs/heads/{branch}", new, old, env=env)


def described(root: Path, commit: str) -> str:
    """ "commit 1a2b3c4 by Bob Stone" """
    line = git.run(root, "log", "-1", "--format=%h by %an", commit, check=False).strip()
    return f"commit {line}" if line else f"commit {commit[:7]}"
