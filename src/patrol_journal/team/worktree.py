"""Moving a clone's index, work tree and branch to a new commit with the officer's own
journal held as it is, so that git never writes it; written down first, so that a sync
killed half-way is finished by the next one. One sync at a time in a clone."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from patrol_journal.errors import JournalError
from patrol_journal.team import git, tree


def _pending(root: Path) -> Path:
    return git.git_dir(root) / "pj" / "sync-pending"


def move(
    root: Path,
    branch: str,
    old: str,
    new: str,
    own: str,
    own_blob: str,
    env: dict[str, str] | None = None,
) -> None:
    """Index, work tree and branch from `old` to `new`, your journal held as it is (its
    blob in both trees, so git leaves the file alone). Written down first, so a kill
    half-way is finished by the next sync."""
    if old == new:
        return
    step = {
        "branch": branch,
        "old": old,
        "new": new,
        "from": tree.tree_with(root, old, {own: own_blob}),
        "to": tree.tree_of(root, new),
        "own": own,
        "blob": own_blob,
    }
    pending = _pending(root)
    from patrol_journal.outputs import write_atomically

    write_atomically(pending, json.dumps(step))
    try:
        _finish(root, step, env)
    finally:
        pending.unlink(missing_ok=True)


def _finish(root: Path, step: dict[str, str], env: dict[str, str] | None = None) -> None:
    git.run(root, "update-index", "--add", "--cacheinfo", f"100644,{step['blob']},{step['own']}")
    git.run(root, "read-tree", "-m", "-u", step["from"], step["to"], what="updating the work tree")
    current = tree.commit_of(root, f"refs/heads/{step['branch']}")
    if current == step["old"]:
        tree.move_branch(root, step["branch"], step["new"], step["old"], env)


def recover(root: Path) -> bool:
    """Finish the move of a sync that was stopped half-way (killed, or the machine
    off), or drop it if the branch has moved on since. True if one was finished."""
    pending = _pending(root)
    try:
        step = json.loads(pending.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        pending.unlink(missing_ok=True)
        return False
    current = tree.commit_of(root, f"refs/heads/{step.get('branch', '')}")
    try:
        if current in (step.get("old"), step.get("new")):
            _finish(root, step)
            return True
        return False
    finally:
        pending.unlink(missing_ok=True)


@contextlib.contextmanager
def sync_lock(root: Path) -> Iterator[None]:
    """One sync at a time in a clone."""
    import fcntl

    path = git.git_dir(root) / "pj" / "sync.lock"
    path.parent.mkdir(exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalError(
                f"another 'pj sync' is running in {root}; wait for it to finish"
            ) from None
        yield
    finally:
        os.close(fd)
