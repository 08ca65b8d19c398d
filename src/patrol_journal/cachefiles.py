"""Where a journal's cache files live, and the cheap "verified" mark `pj log` trusts.

Kept free of sqlite and pydantic so that recording stays as fast as starting the CLI.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from patrol_journal.config import cache_dir
from patrol_journal.journal import VerifyHook


def _key(journal_path: Path) -> str:
    real = os.path.realpath(journal_path)
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def index_path(journal_path: Path) -> Path:
    """The SQLite index of this journal, keyed by its real path."""
    return cache_dir() / f"index-{_key(journal_path)}.sqlite3"


def verified_path(journal_path: Path) -> Path:
    return cache_dir() / f"index-{_key(journal_path)}.verified"


def stat_key(st: os.stat_result) -> str:
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def write_verified(journal_path: Path, st: os.stat_result) -> None:
    """Note that the journal, exactly as it is at this stat, is known to be sound."""
    target = verified_path(journal_path)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(stat_key(st))
        os.replace(temporary, target)
    except OSError:  # only a cache: the next append verifies the slow way
        with contextlib.suppress(OSError):
            temporary.unlink()


def is_verified(journal_path: Path, st: os.stat_result) -> bool:
    try:
        return verified_path(journal_path).read_text() == stat_key(st)
    except OSError:
        return False


class AppendVerifier(VerifyHook):
    """Before an append: trust the journal if nothing but pj has touched it since it was
    last read in full; otherwise bring the index up to date, which reads what changed and
    refuses a journal with errors. After the append: mark the new state as sound."""

    def before_append(self, path: Path, before: os.stat_result) -> None:
        if is_verified(path, before):
            return
        from patrol_journal.errors import TornTail
        from patrol_journal.index import Index

        with Index.open(path) as index:
            torn = index.torn_tail
            current = index.meta("stat") == stat_key(before)
        if torn is None and current:
            write_verified(path, before)
        if torn is not None:
            raise TornTail(
                "the journal ends in an incomplete record (an interrupted write?); "
                "nothing was written. Run 'pj check --repair' to move it aside",
                torn.source,
            )

    def after_append(self, path: Path, before: os.stat_result, after: os.stat_result) -> None:
        if is_verified(path, before):
            write_verified(path, after)
