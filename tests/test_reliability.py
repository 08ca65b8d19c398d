"""Nothing lost, nothing damaged, nothing leaked: faults, bad files and bad input."""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import Interaction
from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00"}


def _log(pj: Pj, *args: str) -> str:
    return logged(pj, *args, env=NOW)


def _one_line_error(result: object, code: int) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)  # type: ignore[attr-defined]
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr


# ----------------------------------------------------------------------------- concurrency


@pytest.mark.slow
def test_four_processes_appending_twenty_five_records_each(journal: Path) -> None:
    script = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from pathlib import Path\n"
        "from patrol_journal.recording import InteractionInput, interaction_records\n"
        "from patrol_journal.index.verify import append\n"
        "path, who = Path(sys.argv[1]), sys.argv[2]\n"
        "for n in range(25):\n"
        "    entry = InteractionInput(text=f'{who} {n}', people=[who], concerns=[f'c {who} {n}'])\n"
        "    records, _, _ = interaction_records(entry, datetime.now(timezone.utc))\n"
        "    append(path, records)\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(journal), f"w{n}"]) for n in range(4)
    ]
    assert [w.wait(timeout=180) for w in workers] == [0, 0, 0, 0]
    contents = read_journal(journal)
    assert contents.problems == []
    texts = sorted(r.text for r in contents.records if isinstance(r, Interaction))
    assert texts == sorted(f"w{w} {n}" for w in range(4) for n in range(25))
    ids = [r.id for r in contents.records]
    assert len(ids) == 200 and len(set(ids)) == 200


def test_a_writer_that_cannot_get_the_lock_gives_up_and_writes_nothing(
    pj: Pj, journal: Path
) -> None:
    before = journal.read_bytes()
    with journal.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = pj("log", "blocked", env={**NOW, "PJ_LOCK_TIMEOUT": "0.3"})
    _one_line_error(result, 1)
    assert "locked by another pj process" in result.stderr
    assert journal.read_bytes() == before


# ----------------------------------------------------------------------------- crashes


def test_a_torn_tail_is_reported_by_every_read_and_blocks_appends(pj: Pj, journal: Path) -> None:
    _log(pj, "complete")
    whole = journal.read_bytes()
    _log(pj, "torn away", "--with", "Maria Lopez")
    journal.write_bytes(journal.read_bytes()[: len(whole) + 30])
    torn_line = whole.count(b"\n") + 1
    for view in (["recent"], ["people"], ["concerns"], ["summary"], ["search", "x"]):
        result = pj(*view, env=NOW)
        assert result.exit_code == 0, (view, result.stderr)
        assert f":{torn_line}:" in result.stderr and "incomplete record" in result.stderr
    assert [r["text"] for r in pj("recent", "--json").json()] == ["complete"]
    before = journal.read_bytes()
    refused = pj("log", "after", env=NOW)
    _one_line_error(refused, 1)
    assert f":{torn_line}:" in refused.stderr and "--repair" in refused.stderr
    assert journal.read_bytes() == before


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_a_failed_write_leaves_the_file_byte_identical(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch, fault: int, message: str
) -> None:
    _log(pj, "kept")
    before = journal.read_bytes()
    real_write = os.write

    def failing(fd: int, data: bytes) -> int:  # type: ignore[override]
        if os.fstat(fd).st_ino == os.stat(journal).st_ino:
            real_write(fd, bytes(data)[:7])
            raise OSError(fault, os.strerror(fault))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing)
    result = pj("log", "lost", env=NOW)
    monkeypatch.undo()
    _one_line_error(result, 1)
    assert message in result.stderr and "unchanged" in result.stderr
    assert journal.read_bytes() == before


def test_permission_denied_is_one_line(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def denied(path: object, flags: int, *args: object) -> int:
        if str(path) == str(journal) and flags & os.O_RDWR:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    before = journal.read_bytes()
    monkeypatch.setattr(os, "open", denied)
    result = pj("log", "x", env=NOW)
    monkeypatch.undo()
    _one_line_error(result, 1)
    assert "permission denied" in result.stderr
    assert journal.read_bytes() == before


# ----------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe binary \x00", "binary"),
        (b"[journal]\nformat = 9\n", "format 9"),
        (b"just some notes\nnot toml at all\n", "TOML"),
        (b'title = "not a journal"\n', "no [journal] table"),
        (
            '[journal]\nformat = 1\n\n[[record]]\ntype = "interaction"\nid = "aaaaaaaaaa"\n'
            'when = 2026-11-20T10:00:00Z\ntext = "caf\xe9"\n'.encode("latin-1"),
            "not UTF-8",
        ),
    ],
)
def test_bad_files_get_one_line_and_nothing_written(
    pj: Pj, journal_path: Path, content: bytes, message: str
) -> None:
    journal_path.write_bytes(content)
    journal_path.chmod(0o600)
    for command in (["log", "x"], ["recent"], ["check"]):
        result = pj(*command, env=NOW)
        output = result.stderr + result.stdout
        assert result.exit_code == 1, (command, output)
        assert message in output, (command, output)
        assert "Traceback" not in output and "internal error" not in output
        assert journal_path.read_bytes() == content


def test_a_directory_and_a_missing_file(pj: Pj, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    for target, message in ((tmp_path, "is a directory"), (tmp_path / "missing.toml", "pj init")):
        for command in (["log", "x"], ["recent"], ["check"]):
            result = CliRunner().invoke(app, ["--journal", str(target), *command])
            _one_line_error(result, 1)
            assert message in result.stderr


def test_crlf_and_a_bom_are_accepted(pj: Pj, journal: Path) -> None:
    _log(pj, "first", "--with", "Maria Lopez")
    journal.write_bytes(b"\xef\xbb\xbf" + journal.read_bytes().replace(b"\n", b"\r\n"))
    assert [r["text"] for r in pj("recent", "--json").json()] == ["first"]
    _log(pj, "second")
    assert [r["text"] for r in pj("recent", "--json").json()] == ["second", "first"]
    check = pj("check", "--strict")
    assert check.exit_code == 0, check.stderr


def test_a_symlinked_journal_is_followed(pj: Pj, journal: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from patrol_journal.cli import app

    link = tmp_path / "link.toml"
    link.symlink_to(journal)
    result = CliRunner().invoke(app, ["--journal", str(link), "log", "via the link"])
    assert result.exit_code == 0
    assert link.is_symlink()
    assert "via the link" in journal.read_text()
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    again = CliRunner().invoke(app, ["--journal", str(link), "init"])
    _one_line_error(again, 1)


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["log", "x", "--when", "last blue moon"], 2, "cannot understand"),
        (["log", "x", "--when", "2026-02-30 10:00"], 2, "not a valid date"),
        (["log", "x", "--kind", "gossip"], 2, "unknown kind"),
        (["log", ""], 2, "nothing to record"),
        (["log", "x", "--with", " \t "], 2, "control characters"),
        (["log", "x", "--with", "   "], 2, "empty"),
        (["log", "x", "--with", "Maria\nLopez"], 2, "control characters"),
        (["log", "x", "--at", "Elm\x1bPark"], 2, "control characters"),
        (["log", "x", "--tag", ""], 2, "empty"),
        (["log", "x" * 2_000_001], 2, "the most one field takes"),
        (["amend", "aaaa", "x"], 2, "matches several ids"),
        (["amend", "zzzzzzzz", "x"], 1, "no interaction"),
        (["show", "aaaa"], 2, "matches several ids"),
        (["concern", "resolve", "qqqqqq"], 1, "no concern"),
        (["summary", "--week", "2026-W99"], 2, "not a week of 2026"),
        (["summary", "--week", "2025-W53"], 2, "not a week of 2025"),
        (["people", "--since", "tomorrowish"], 2, "cannot understand"),
        (["people", "--not-seen-for", "0"], 2, "greater than or equal to 1"),
        (["person", "\x07"], 2, "control characters"),
        (["recent", "-n", "many"], 2, "valid integer"),
        (["search", "--kind", "nope"], 2, "unknown kind"),
        (["concern", "raise", "x", "--due", "someday maybe"], 2, "cannot understand"),
        (["nonsense-command"], 2, "No such command"),
    ],
)
def test_bad_input_table(pj: Pj, journal: Path, args: list[str], code: int, message: str) -> None:
    with journal.open("a") as handle:  # two hand-added records sharing the prefix 'aaaa'
        for suffix in ("1", "2"):
            handle.write(
                f'\n[[record]]\ntype = "interaction"\nid = "aaaa00000{suffix}"\n'
                f'when = 2026-11-20T10:00:00Z\ntext = "hand {suffix}"\n'
            )
    before = journal.read_bytes()
    result = pj(*args, env=NOW)
    _one_line_error(result, code)
    assert message in result.stderr
    assert journal.read_bytes() == before


def test_a_megabyte_of_text_round_trips(pj: Pj, journal: Path) -> None:
    text = ('Long notes, line after line. 😀 "quoted" \\ [[record]]\n' * 20_000)[:1_048_576]
    record_id = _log(pj, text)
    (record,) = [r for r in read_journal(journal).records if r.id == record_id]
    assert isinstance(record, Interaction) and record.text == text
    assert pj("show", record_id, "--json").json()["current"]["text"] == text


# ----------------------------------------------------------------------------- privacy


def test_cache_files_are_private(pj: Pj, journal: Path, tmp_path: Path) -> None:
    _log(pj, "x", "--with", "Maria Lopez")
    ok(pj("recent"))
    cache = tmp_path / "xdg" / "xdg_cache_home" / "patrol-journal"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    files = [p for p in cache.iterdir() if p.is_file()]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_errors_never_quote_the_journal(pj: Pj, journal: Path) -> None:
    secret = "Witness lives at 12 Oak Road"
    _log(pj, secret, "--with", "Confidential Person")
    with journal.open("a") as handle:
        handle.write(
            '\n[[record]]\ntype = "interaction"\nid = "bbbbbbbbbb"\n'
            'when = "not a date"\ntext = "also secret"\n'
        )
    for command in (["check"], ["recent"], ["log", "x"]):
        result = pj(*command, env=NOW)
        output = result.stdout + result.stderr
        assert result.exit_code == 1
        assert secret not in output and "also secret" not in output
        assert "Confidential" not in output
        assert "when:" in output


def test_without_a_usable_cache_every_command_still_works(
    pj: Pj, journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patrol_journal import config

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    config.cache_dir.cache_clear()
    first = _log(pj, "First", "--with", "Maria Lopez")
    _log(pj, "Second")
    assert [r["id"] for r in pj("recent", "--json").json()][-1] == first
    assert pj("people", "--json").json()[0]["name"] == "Maria Lopez"
    assert pj("check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (["log", "x"], {"PJ_NOW": "not a time"}, 2, "$PJ_NOW: cannot understand"),
        (["log", "--edit"], {"EDITOR": "vim 'unbalanced"}, 1, "cannot read the editor command"),
    ],
)
def test_bad_environment_is_one_line(
    pj: Pj, journal: Path, args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    before = journal.read_bytes()
    result = pj(*args, env=env)
    _one_line_error(result, code)
    assert message in result.stderr
    assert journal.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("rewrite", ["sync", "forget", "migrate"])
def test_an_append_waiting_while_the_journal_is_replaced_lands_in_the_new_file(
    pj: Pj, journal: Path, rewrite: str
) -> None:
    """A rewrite (a sync joining your other machine's records, forget, migrate) replaces
    the journal under its lock; a `pj log` that waited for the lock meanwhile must write to
    the new file, never to the one renamed away."""
    _log(pj, "Before", "--with", "Ann Lee")
    ready = journal.with_name("ready")
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from patrol_journal.journal.files import replace_journal\n"
        "from patrol_journal.journal.write import holding\n"
        "path = Path(sys.argv[1])\n"
        "with holding(path) as fd:\n"
        "    data = os.pread(fd, os.fstat(fd).st_size, 0)\n"
        "    Path(sys.argv[2]).write_text('held')\n"
        "    time.sleep(1.0)\n"
        f"    replace_journal(path, [data], doing={rewrite!r})\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(journal), str(ready)])
    for _ in range(500):
        if ready.exists():
            break
        time.sleep(0.01)
    inode = journal.stat().st_ino
    waited = _log(pj, "While it was being replaced", "--with", "Ann Lee")
    assert holder.wait(10) == 0
    assert journal.stat().st_ino != inode  # the journal was replaced meanwhile
    assert waited in journal.read_text()  # and the waiting append is in the new one
    assert ok(pj("check", "--strict")).exit_code == 0
