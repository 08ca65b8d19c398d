"""pj driven by a hypothesis state machine, every view held to the reference model after
every step (tests/oracle): log, amend, concern steps, person notes, forget, retention,
repair after a cut; in a team, a second officer's journal and steps on each other's
concerns. Views are read through the real command line, from an index brought up to date
step by step and, after a `rebuild` step, from nothing.

`--hypothesis-profile=long` runs thousands of steps.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.helpers import ok, pj
from tests.oracle.compare import check_all, check_summary

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=ZONE)
NAMES = ["Maria Lopez", "maria  lopez", "José García", "Jose Garcia", "Tom Reed", "Li", "Zoë Hart"]
PLACES = ["Elm Park", "elm park", "Corner Shop", "Library", "Mill Lane"]
KINDS = ["chat", "patrol", "business", "event", "call"]
WORDS = ["gate", "lamp", "van", "dog", "bins", "noise", "bike", "Garcia"]

settings.register_profile(
    "long",
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
# A failing sequence is shown as it was found (shrinking many CLI steps takes minutes);
# PJ_ORACLE_SHRINK=1 shrinks it to the fewest steps.
SETTINGS = settings(
    max_examples=int(os.environ.get("PJ_ORACLE_EXAMPLES", "3")),
    stateful_step_count=int(os.environ.get("PJ_ORACLE_STEPS", "7")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("PJ_ORACLE_SHRINK") else []),
)


def _moments() -> st.SearchStrategy[str]:
    """WHEN as officers give it: local wall times in the past five weeks, and both sides
    of the night the clocks went back (25 October 2026, 01:00-02:00 twice in London)."""
    ordinary = st.integers(min_value=0, max_value=40 * 24 * 4).map(
        lambda quarter: (NOW - timedelta(minutes=15 * quarter)).strftime("%Y-%m-%d %H:%M")
    )
    clocks = st.sampled_from(
        [
            "2026-10-25T00:30:00+01:00",
            "2026-10-25T01:30:00+01:00",
            "2026-10-25T01:30:00+00:00",
            "2026-10-25T02:30:00+00:00",
            "2026-10-24T23:59:00+01:00",
        ]
    )
    return st.one_of(ordinary, ordinary, clocks)


text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


class Beat(RuleBasedStateMachine):
    """Alice's journal (and, in a team, Bob's), and what the officers did to them."""

    interactions = Bundle("interactions")
    concerns = Bundle("concerns")
    team = False

    @initialize()
    def start(self) -> None:
        self.root = Path(os.environ["PJ_ORACLE_DIR"]) / f"beat{time.monotonic_ns()}"
        self.root.mkdir(parents=True)
        os.environ["XDG_CACHE_HOME"] = str(self.root / "cache")
        from patrol_journal import config

        config.cache_dir.cache_clear()
        if self.team:
            (self.root / "team.toml").write_text(
                '[team]\nname = "Beat"\n\n[[member]]\nofficer = "Alice Ward"\n'
                'journal = "journals/alice.toml"\n\n[[member]]\nofficer = "Bob Stone"\n'
                'journal = "journals/bob.toml"\n'
            )
            folder = self.root / "journals"
        else:
            folder = self.root
        self.journals = {"alice": folder / "alice.toml", "bob": folder / "bob.toml"}
        officers = {"alice": "Alice Ward", "bob": "Bob Stone"}
        for who in self.writers():
            ok(self.pj(who, "init", "--officer", officers[who]))

    def writers(self) -> list[str]:
        return ["alice", "bob"] if self.team else ["alice"]

    def pj(self, who: str, *args: str) -> Any:
        return pj(*args, journal=self.journals[who], now=NOW.strftime("%Y-%m-%d %H:%M"))

    # ------------------------------------------------------------------ what officers do

    @rule(
        target=interactions,
        who=st.sampled_from(["alice", "bob"]),
        what=text,
        people=st.lists(st.sampled_from(NAMES), max_size=3),
        place=st.none() | st.sampled_from(PLACES),
        kind=st.sampled_from(KINDS),
        when=_moments(),
        concern=st.none() | text,
        tip=st.none() | text,
        shared=st.none() | text,
    )
    def log(
        self,
        who: str,
        what: str,
        people: list[str],
        place: str | None,
        kind: str,
        when: str,
        concern: str | None,
        tip: str | None,
        shared: str | None,
    ) -> Any:
        who = who if self.team else "alice"
        args = ["log", what, "--kind", kind, "--when", when, "--json"]
        for name in people:
            args += ["--with", name]
        for option, value in (
            ("--at", place),
            ("--concern", concern),
            ("--tip", tip),
            ("--shared", shared),
        ):
            if value is not None:
                args += [option, value]
        result = self.pj(who, *args)
        if result.exit_code != 0:
            return None
        found = result.json()
        self.opened = found["concerns"]
        return (who, found["id"])

    @rule(
        target=concerns,
        who=st.sampled_from(["alice", "bob"]),
        what=text,
        by=st.sampled_from(NAMES),
        place=st.none() | st.sampled_from(PLACES),
        when=_moments(),
        priority=st.sampled_from(["low", "normal", "high"]),
    )
    def raise_concern(
        self, who: str, what: str, by: str, place: str | None, when: str, priority: str
    ) -> Any:
        who = who if self.team else "alice"
        args = [
            "concern",
            "raise",
            what,
            "--by",
            by,
            "--when",
            when,
            "--priority",
            priority,
            "--json",
        ]
        if place is not None:
            args += ["--at", place]
        result = self.pj(who, *args)
        return (who, result.json()["id"]) if result.exit_code == 0 else None

    @rule(
        interaction=interactions,
        when=st.none() | _moments(),
        place=st.none() | st.sampled_from(PLACES),
        people=st.none() | st.lists(st.sampled_from(NAMES), min_size=1, max_size=2),
        what=st.none() | text,
        kind=st.none() | st.sampled_from(KINDS),
    )
    def amend(
        self,
        interaction: Any,
        when: str | None,
        place: str | None,
        people: list[str] | None,
        what: str | None,
        kind: str | None,
    ) -> None:
        if interaction is None:
            return
        who, record = interaction
        args = ["amend", record]
        for option, value in (("--when", when), ("--at", place), ("--kind", kind)):
            if value is not None:
                args += [option, value]
        for name in people or []:
            args += ["--with", name]
        if what is not None:
            args += ["--text", what]
        if len(args) > 2:
            self.pj(who, *args)

    @rule(
        concern=concerns,
        who=st.sampled_from(["alice", "bob"]),
        action=st.sampled_from(["note", "resolve", "report-back", "reopen"]),
        when=_moments(),
        note=text,
        due=st.none() | st.sampled_from(["2026-12-04", "friday"]),
    )
    def step(
        self, concern: Any, who: str, action: str, when: str, note: str, due: str | None
    ) -> None:
        if concern is None:
            return
        who = who if self.team else concern[0]
        if action == "note":
            args = ["concern", "note", concern[1], note, "--when", when]
            if due is not None:
                args += ["--due", due]
        else:
            args = ["concern", action, concern[1], "--note", note, "--when", when]
        self.pj(who, *args)

    @rule(
        concern=concerns,
        who=st.sampled_from(["alice", "bob"]),
        what=st.none() | text,
        place=st.none() | st.sampled_from(PLACES),
        by=st.none() | st.lists(st.sampled_from(NAMES), min_size=1, max_size=2),
        priority=st.none() | st.sampled_from(["low", "normal", "high"]),
    )
    def amend_concern(
        self,
        concern: Any,
        who: str,
        what: str | None,
        place: str | None,
        by: list[str] | None,
        priority: str | None,
    ) -> None:
        if concern is None:
            return
        args = ["concern", "amend", concern[1]]
        for option, value in (("--text", what), ("--at", place), ("--priority", priority)):
            if value is not None:
                args += [option, value]
        for name in by or []:
            args += ["--by", name]
        self.pj(who if self.team else concern[0], *args)

    @rule(
        who=st.sampled_from(["alice", "bob"]),
        name=st.sampled_from(NAMES),
        role=st.none() | st.sampled_from(["resident", "shop owner", "vicar"]),
        note=st.none() | text,
    )
    def person_note(self, who: str, name: str, role: str | None, note: str | None) -> None:
        who = who if self.team else "alice"
        args = ["person", name]
        if role is not None:
            args += ["--role", role]
        if note is not None:
            args += ["--note", note]
        if len(args) > 2:
            self.pj(who, *args)

    @rule(who=st.sampled_from(["alice", "bob"]), name=st.sampled_from(NAMES))
    def forget(self, who: str, name: str) -> None:
        self.pj(who if self.team else "alice", "forget", name, "--yes")

    @rule(
        who=st.sampled_from(["alice", "bob"]),
        before=st.sampled_from(["2026-10-20", "2026-10-26", "2026-11-10"]),
    )
    def retention(self, who: str, before: str) -> None:
        self.pj(who if self.team else "alice", "forget", "--before", before, "--yes")

    @rule(who=st.sampled_from(["alice", "bob"]), keep=st.floats(min_value=0.05, max_value=0.95))
    def cut_and_repair(self, who: str, keep: float) -> None:
        """A write cut off by a crash: part of a record pj would write, then the repair."""
        who = who if self.team else "alice"
        record = (
            '[[record]] # sealed\ntype = "interaction"\nid = "cut0000001"\n'
            'when = 2026-11-20 10:00:00+00:00\ntext = "never finished"\nseal = "0123456789abcdef"\n'
        )
        with self.journals[who].open("a", encoding="utf-8") as handle:
            handle.write(record[: max(1, int(len(record) * keep))])
        ok(self.pj(who, "check", "--repair"))

    @rule()
    def rebuild(self) -> None:
        """Throw the caches away: the next views are built from nothing."""
        shutil.rmtree(self.root / "cache", ignore_errors=True)

    # ------------------------------------------------------------------ what must hold

    @invariant()
    def every_view_agrees_with_the_model(self) -> None:
        if not hasattr(self, "journals"):
            return
        officers = {"alice": "Alice Ward", "bob": "Bob Stone"}
        for who in self.writers():
            check_all(
                self.journals[who], [(self.journals[who], None)], NOW, words=("gate", "garcia")
            )
        check_summary(
            self.journals["alice"],
            [(self.journals["alice"], None)],
            NOW,
            [f"2026-W{week}" for week in range(42, 49)],
        )
        if self.team:
            both = [(self.journals[w], officers[w]) for w in ("alice", "bob")]
            check_all(self.journals["alice"], both, NOW, team=True, words=("lamp",))
            check_summary(self.journals["alice"], both, NOW, ["2026-W44"], team=True)


class TeamBeat(Beat):
    team = True


@pytest.fixture
def oracle_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PJ_ORACLE_DIR", str(tmp_path))
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    return tmp_path


@pytest.mark.slow
def test_one_officer_against_the_model(oracle_dir: Path) -> None:
    run_state_machine_as_test(Beat, settings=_settings())


@pytest.mark.slow
def test_a_team_against_the_model(oracle_dir: Path) -> None:
    run_state_machine_as_test(TeamBeat, settings=_settings())


def _settings() -> settings:
    """The suite's bounded run, or the chosen profile's (`--hypothesis-profile=long`)."""
    chosen = settings()
    return chosen if chosen.max_examples > 100 else SETTINGS
