"""Long work shows its progress on stderr at a terminal, and nothing piped or with --quiet."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
import pytest

from patrol_journal.cli.state import Progress

PJ = shutil.which("pj", path=os.path.dirname(sys.executable)) or shutil.which("pj")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_appears_after_a_second_at_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stderr", _Terminal())
    quick = Progress("Indexing the journal")
    quick(10, 100)
    assert quick.bar is None  # not a second yet
    monkeypatch.setattr(Progress, "AFTER", 0.0)
    with Progress("Indexing the journal") as shown:
        shown(10, 100)
        assert shown.bar is not None
        nearly = Progress("Indexing the journal")
        nearly(96, 100)
        assert nearly.bar is None  # nearly done: not worth showing
    assert shown.bar is None  # stopped
    quiet = Progress("Indexing the journal", quiet=True)
    quiet(10, 100)
    assert quiet.bar is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    piped = Progress("Indexing the journal")
    piped(10, 100)
    assert piped.bar is None


def _big_journal(tmp_path: Path, count: int) -> Path:
    """A journal of `count` interactions, as pj writes them (one append per 1,000)."""
    from patrol_journal.journal.format import serialise_records
    from patrol_journal.journal.tail import inspect_tail
    from patrol_journal.recording import InteractionInput, interaction_records

    journal = tmp_path / "big.toml"
    subprocess.run([PJ or "pj", "--journal", str(journal), "init"], check=True, capture_output=True)
    with journal.open("rb") as handle:
        link = inspect_tail(handle.fileno(), os.fstat(handle.fileno()).st_size, journal).link
    start = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    people = ["Maria Lopez", "Tom Ali", "Priya Mensah", "Sam Khan"]
    with journal.open("a", encoding="utf-8") as handle:
        for batch in range(0, count, 1000):
            records = []
            for number in range(batch, min(count, batch + 1000)):
                when = start + timedelta(minutes=20 * number)
                entry = InteractionInput(
                    text=f"Chat number {number} about the bins by the park gate",
                    people=[people[number % 4]],
                    place="Elm Park",
                    when=when,
                )
                records += interaction_records(entry, when)[0]
            text, link = serialise_records(records, link)
            handle.write(text)
    return journal


@pytest.mark.slow
def test_forget_on_a_large_journal_shows_progress_at_a_terminal(tmp_path: Path) -> None:
    # Large enough that indexing it again takes some seconds on a fast machine.
    journal = _big_journal(tmp_path, 40_000)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "120"}
    assert PJ is not None
    child = pexpect.spawn(
        PJ,
        ["--journal", str(journal), "forget", "Tom Ali", "--yes"],
        env=env,
        encoding="utf-8",
        timeout=180,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    seen = child.before or ""
    assert "Indexing the journal" in seen and "Erasing" in seen
    assert "MB" in seen and "/s" in seen  # bytes done of all, and the rate
    assert "Erased Tom Ali: 10,000 records changed" in seen or "10000" in seen

    # Piped, or with --quiet at a terminal: the same work, no progress.
    piped = subprocess.run(
        [PJ, "--journal", str(journal), "forget", "Sam Khan", "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 0 and "Erasing" not in piped.stderr and "MB" not in piped.stderr
    child = pexpect.spawn(
        PJ,
        ["--journal", str(journal), "--quiet", "forget", "Priya Mensah", "--yes"],
        env=env,
        encoding="utf-8",
        timeout=180,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "MB" not in (child.before or "") and "Erased Priya Mensah" in (child.before or "")
