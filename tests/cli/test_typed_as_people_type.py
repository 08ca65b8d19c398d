"""What a review typed that pj got wrong: times stored wrong or refused with nonsense,
internal errors on ordinary input, options silently dropped. Each is one clear line, a
non-zero exit and an untouched journal, or the time that was meant."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-12-01 19:38"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("30 minutes 1 hour ago", "2026-12-01T18:08:00"),  # was 19:08: only the last unit went back
        ("1 hour 30 minutes ago", "2026-12-01T18:08:00"),  # was "30 minutes in the future"
        ("2 hours 15 minutes ago", "2026-12-01T17:23:00"),
        ("1 hour and 5 mins ago", "2026-12-01T18:33:00"),
        ("yesterday 21.30", "2026-11-30T21:30:00"),  # was "a day without a time"
        ("monday 9.30", "2026-11-30T09:30:00"),
        ("yesterday at 6.15", "2026-11-30T06:15:00"),
    ],
)
def test_a_time_is_stored_as_meant(pj: Pj, journal: Path, typed: str, stored: str) -> None:
    record_id = logged(pj, "Chat", "--when", typed, env=NOW)
    shown = ok(pj("show", record_id, "--json", env=NOW)).json()
    assert shown["current"]["when"].startswith(stored), typed


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("yesterday 24:00", "'24:00' in 'yesterday 24:00' is not a time of day"),  # was 00:00
        ("sunday 24:00", "'24:00' in 'sunday 24:00' is not a time of day"),
        ("yesterday 21:61", "'21:61' in 'yesterday 21:61' is not a time of day"),
        ("today 25:00", "'25:00' in 'today 25:00' is not a time of day"),
        ("yesterday 13pm", "'13pm' in 'yesterday 13pm' is not a time of day"),  # was 13:00
        ("-2 hours ago", "cannot understand the time '-2 hours ago'"),  # was 2 hours ago
    ],
)
def test_a_time_that_is_none_is_refused_in_one_line(
    pj: Pj, journal: Path, typed: str, said: str
) -> None:
    before = _digest(journal)
    result = pj("log", "Chat", "--when", typed, env=NOW)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert said in result.stderr
    assert _digest(journal) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["recent", "-n", "99999999999999999999"],  # was IntegrityError: datatype mismatch
        ["search", "x", "-n", "9223372036854775808"],
        ["people", "--not-seen-for", "3000000"],  # was OverflowError: date value out of range
        ["places", "--not-visited-for", "99999999999"],
    ],
    ids=" ".join,
)
def test_a_number_too_large_is_refused_not_an_internal_error(
    pj: Pj, journal: Path, argv: list[str]
) -> None:
    result = pj(*argv, env=NOW)
    assert result.exit_code == 2 and "internal error" not in result.stderr
    assert "less than or equal to" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "\udcff"],  # bytes that are not UTF-8 arrive as surrogates
        ["person", "Ann\udcff"],
        ["brief", "\udcffPark"],
        ["people", "-a", "\udcff"],
        ["concerns", "-w", "\udcff"],
        ["trends", "--at", "\udcff"],
    ],
    ids=lambda argv: argv[0],
)
def test_an_argument_that_is_not_utf8_is_one_line(pj: Pj, journal: Path, argv: list[str]) -> None:
    ok(pj("log", "Chat", "-w", "Ann Lee", "--at", "Elm Park", env=NOW))
    result = pj(*argv, env=NOW)
    assert result.exit_code == 2 and "internal error" not in result.stderr
    assert "the value contains bytes that are not UTF-8" in result.stderr


def test_sort_names_are_read_in_any_case(pj: Pj, journal: Path) -> None:
    ok(pj("log", "Chat", "-w", "Ann Lee", "--at", "Elm Park", env=NOW))
    assert ok(pj("people", "--sort", "COUNT", "--json", env=NOW)).json()[0]["name"] == "Ann Lee"
    assert ok(pj("places", "--sort", "Visits", "--json", env=NOW)).json()[0]["name"] == "Elm Park"


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--export", "--note", "Likes dogs"], "--export shows what is held"),
        (["--note", "Likes dogs", "-f", "csv"], "--format is for showing the card"),
        (["--role", "resident", "-o", "card.md"], "--output is for showing the card"),
        (["--note", "Likes dogs", "--team"], "--team is for showing the card"),
        (["--when", "yesterday 10:00"], "--when says when you learnt a --role or --note"),
    ],
)
def test_person_options_that_mean_nothing_together_are_refused(
    pj: Pj, journal: Path, extra: list[str], said: str
) -> None:
    ok(pj("log", "Chat", "-w", "Maria Lopez", env=NOW))
    before = _digest(journal)
    result = pj("person", "Maria Lopez", *extra, env=NOW)
    assert result.exit_code == 2 and said in result.stderr
    assert _digest(journal) == before


def _process(journal: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import sys; sys.argv = ['pj', *sys.argv[1:]]; from patrol_journal.cli import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, "--journal", str(journal), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **NOW, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_an_unknown_zone_and_debug_off_are_understood(journal: Path) -> None:
    """Through pj's console entry, fast path and typer alike."""
    for argv in (["log", "Chat"], ["summary"], ["shift", "start"]):
        result = _process(journal, *argv, TZ="Nowhere/Zone")  # was ZoneInfoNotFoundError
        assert result.returncode == 2, (argv, result.stderr)
        assert "TZ='Nowhere/Zone' is not a time zone pj knows" in result.stderr
    for setting in ("0", "false", "no", "off"):  # each turned debugging on
        result = _process(journal, "recent", "-f", "xml", PJ_DEBUG=setting)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, setting
    # --debug shows the traceback of an unexpected error, never of an officer's mistake
    for argv in (["--debug", "recent", "-f", "xml"], ["--debug", "concern", "show", "zzzz"]):
        result = _process(journal, *argv)
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, argv
        assert result.returncode in (1, 2)


@pytest.mark.parametrize("view", ["people", "search"])
def test_since_after_until_is_refused_as_in_the_summary(pj: Pj, journal: Path, view: str) -> None:
    """It matched nothing, and said "Nobody met yet" as if nothing had been recorded."""
    ok(pj("log", "Chat", "-w", "Ann Lee", env=NOW))
    result = pj(view, "--since", "2026-11-20", "--until", "2026-11-01", env=NOW)
    assert result.exit_code == 2 and result.stderr == "--since must be before --until\n"
    assert ok(pj(view, "--since", "2026-11-01", "--until", "2026-12-01", "--json", env=NOW)).json()
