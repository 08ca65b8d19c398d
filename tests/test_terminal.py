"""`pj log` with no arguments on a real pseudo-terminal: every prompt answered, and Ctrl-C."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import ConcernEvent, Interaction

PJ = shutil.which("pj", path=os.path.dirname(sys.executable)) or shutil.which("pj")
pytestmark = pytest.mark.slow


def _spawn(journal: Path, tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TZ": "UTC",
        "COLUMNS": "200",
    }
    assert PJ is not None
    return pexpect.spawn(
        PJ, ["--journal", str(journal), *args], env=env, encoding="utf-8", timeout=30
    )


def _journal(tmp_path: Path) -> Path:
    journal = tmp_path / "j.toml"
    child = _spawn(journal, tmp_path, "init")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return journal


def test_log_at_a_terminal_answering_every_prompt(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    child = _spawn(journal, tmp_path, "log")
    for prompt, answer in (
        ("What happened", "Chat by the swings"),
        ("Who", "José García (resident)"),
        ("Where", "Elm Park"),
        ("What kind", "chat"),
        ("When", "yesterday 21:30"),
        ("A concern", "Lights out by the gate"),
        ("A tip", "Van with no plates"),
        ("Safety information", "New bus times"),
    ):
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Recorded interaction")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    records = read_journal(journal).records
    interaction = next(r for r in records if isinstance(r, Interaction))
    assert interaction.people == ["José García"] and interaction.place == "Elm Park"
    assert interaction.when.hour == 21 and interaction.tips == ["Van with no plates"]
    assert any(isinstance(r, ConcernEvent) and r.text == "Lights out by the gate" for r in records)


def test_ctrl_c_at_a_prompt_records_nothing(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    before = journal.read_bytes()
    child = _spawn(journal, tmp_path, "log")
    child.expect("What happened")
    child.sendline("Half an entry")
    child.expect("Who")
    child.sendintr()
    child.expect("nothing recorded")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert journal.read_bytes() == before


def test_forget_at_a_terminal_says_what_will_change_and_asks(tmp_path: Path) -> None:
    journal = _journal(tmp_path)
    child = _spawn(journal, tmp_path, "log", "Chat", "--with", "José García")
    child.expect(pexpect.EOF)
    child.close()
    before = journal.read_bytes()
    child = _spawn(journal, tmp_path, "forget", "jose garcia")
    child.expect("1 record mentions José García; it will change")
    child.expect(r"Erase José García from .*\?")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and journal.read_bytes() == before
    child = _spawn(journal, tmp_path, "forget", "jose garcia")
    child.expect(r"Erase José García")
    child.sendline("y")
    child.expect("Erased José García")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and "José".encode() not in journal.read_bytes()
