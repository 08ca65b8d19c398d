"""Shifts, the daily activity report and pass-downs, through the command line."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patrol_journal.formats import NAMES
from tests.conftest import Pj, ok
from tests.helpers import Officer, clone, printed_pages


def at(moment: str) -> dict[str, str]:
    return {"PJ_NOW": moment}


def night(pj: Pj) -> str:
    """A night at Gate 3: on at 22:00, entries, a quiet stretch, a backdated entry written
    near the end, a pass-down, off at 06:00. Returns the shift's id."""
    started = ok(
        pj("shift", "start", "--post", "Gate 3", "--relieving", "Tom Reed", "--equipment",
           "radio 4", "--equipment", "keys set B", "--json", env=at("2026-11-28 22:00"))
    ).json()  # fmt: skip
    ok(pj("log", "Checked the gate, all quiet", "--kind", "patrol", "--at", "Gate 3",
          env=at("2026-11-28 22:30")))  # fmt: skip
    ok(pj("log", "Lights out by the swings", "--with", "Maria Lopez", "--at", "Elm Park",
          "--tip", "Van with no plates", "--concern", "Lamp out by the swings",
          env=at("2026-11-28 23:10")))  # fmt: skip
    ok(pj("log", "Car park patrol", "--kind", "patrol", env=at("2026-11-29 02:40")))
    ok(pj("log", "Helped Tom O'Brien find his keys", "--with", "Tom O'Brien", "--when",
          "03:00", env=at("2026-11-29 05:50")))  # fmt: skip
    ok(pj("passdown", "add", "Watch for the van with no plates", "--post", "Gate 3",
          "--until", "tomorrow 18:00", env=at("2026-11-29 05:55")))  # fmt: skip
    ok(pj("shift", "end", "--handed-to", "Ann Lee", "--equipment", "radio 4", "--summary",
          "Quiet night; one lamp out", env=at("2026-11-29 06:00")))  # fmt: skip
    return str(started["id"])


def test_a_night_shift_across_midnight_is_one_report(pj: Pj, journal: Path) -> None:
    shift_id = night(pj)
    text = journal.read_text(encoding="utf-8")
    assert 'type = "shift"\n' in text and 'duty = "on"\n' in text and 'duty = "off"\n' in text
    report = ok(pj("dar", "--json", env=at("2026-11-29 07:00"))).json()
    assert (report["id"], report["officer"], report["post"]) == (shift_id, "Sam Rivera", "Gate 3")
    assert (report["start"], report["end"], report["hours"]) == (
        "2026-11-28T22:00:00+00:00",
        "2026-11-29T06:00:00+00:00",
        8.0,
    )
    assert (report["relieved"], report["relieving"]) == ("Tom Reed", "Ann Lee")
    assert report["equipment"] == {
        "received": ["radio 4", "keys set B"],
        "handed_over": ["radio 4"],
    }
    kinds = [(e["when"][11:16], e["type"], e.get("action")) for e in report["entries"]]
    assert kinds == [
        ("22:30", "interaction", None),
        ("23:10", "interaction", None),
        ("23:10", "concern", "raise"),
        ("02:40", "interaction", None),
        ("03:00", "interaction", None),  # backdated: it belongs to the shift by its time
        ("05:55", "passdown", None),
    ]
    late = [e for e in report["entries"] if e["late"]]
    assert [(e["when"], e["recorded"]) for e in late] == [
        ("2026-11-29T03:00:00+00:00", "2026-11-29T05:50:00+00:00")
    ]
    assert report["entries"][1]["tips"] == 1  # counted, not quoted
    assert report["gaps"] == [
        {"from": "2026-11-28T23:10:00+00:00", "to": "2026-11-29T02:40:00+00:00"},
        {"from": "2026-11-29T03:00:00+00:00", "to": "2026-11-29T05:55:00+00:00"},
    ]
    closing = report["closing"]
    assert closing["summary"] == "Quiet night; one lamp out"
    assert [c["text"] for c in closing["open_concerns"]] == ["Lamp out by the swings"]
    assert [p["text"] for p in closing["passdowns"]] == ["Watch for the van with no plates"]
    quoted = ok(pj("dar", "--json", "--tips", env=at("2026-11-29 07:00"))).json()
    assert quoted["entries"][1]["tips"] == ["Van with no plates"]

    screen = ok(pj("dar", "--last", env=at("2026-11-29 07:00"))).stdout
    for said in ("no entry 23:10 to", "written", "Equipment handed over", "Reviewer"):
        assert said in screen, said
    markdown = ok(pj("dar", "--format", "markdown", env=at("2026-11-29 07:00"))).stdout
    assert "| 03:00 Sun 29 | chat | Tom O'Brien |" in markdown
    assert "| written later at 05:50 Sun 29 |" in markdown
    assert "no entry 23:10 to 02:40 Sun 29" in markdown
    assert "no entry 03:00 Sun 29 to 05:55 Sun 29" in markdown
    by_date = ok(pj("dar", "--date", "2026-11-28", "--json", env=at("2026-11-30 12:00"))).json()
    assert by_date["id"] == shift_id


def test_the_dar_in_csv_is_raw_values_a_gap_a_row(pj: Pj, journal: Path) -> None:
    night(pj)
    out = ok(pj("dar", "--format", "csv", env=at("2026-11-29 07:00"))).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["type"] for row in rows] == [
        "interaction", "interaction", "concern", "gap", "interaction", "interaction", "gap",
        "passdown",
    ]  # fmt: skip
    assert rows[4]["when"] == "2026-11-29T02:40:00+00:00"
    assert rows[5]["late"] == "true" and rows[0]["late"] == "false"


def test_a_shift_the_night_the_clocks_go_back(
    pj: Pj, journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nine real hours from 22:00 to 06:00; the two 01:30s read with their offsets."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    ok(pj("shift", "start", "--post", "Gate 3", env=at("2026-10-24T22:00:00+01:00")))
    ok(pj("log", "First half past one", env=at("2026-10-25T01:30:00+01:00")))
    ok(pj("log", "Second half past one", env=at("2026-10-25T01:30:00+00:00")))
    ok(pj("log", "Before the end", env=at("2026-10-25T05:30:00+00:00")))
    ok(pj("shift", "end", env=at("2026-10-25T06:00:00+00:00")))
    report = ok(pj("dar", "--json", env=at("2026-10-25T07:00:00+00:00"))).json()
    assert report["hours"] == 9.0
    markdown = ok(pj("dar", "--format", "markdown", env=at("2026-10-25T07:00:00+00:00"))).stdout
    assert "| 01:30 Sun 25 (+01:00) | chat |" in markdown
    assert "| 01:30 Sun 25 (+00:00) | chat |" in markdown
    # The gap from the second 01:30 to 05:30 is four real hours, one wall hour more.
    assert report["gaps"] == [
        {"from": "2026-10-24T22:00:00+01:00", "to": "2026-10-25T01:30:00+01:00"},
        {"from": "2026-10-25T01:30:00+00:00", "to": "2026-10-25T05:30:00+00:00"},
    ]


def test_one_shift_at_a_time_and_no_end_before_its_start(pj: Pj, journal: Path) -> None:
    ok(pj("shift", "start", "--post", "Gate 3", env=at("2026-11-28 22:00")))
    before = journal.read_bytes()
    refused = [
        (("shift", "start"), "a shift is open already: "),
        (("shift", "end", "--when", "2026-11-28 21:00"), "is not after the start of shift"),
        (("passdown", "ack", "zzzzzz"), "no passdown has an id starting 'zzzzzz' (see 'pj pass"),
        (("dar", "--date", "2026-11-20"), "no shift began that day"),
        (("dar", "--last", "--date", "2026-11-20"), "give one of --shift, --date and --last"),
    ]
    for args, said in refused:
        result = pj(*args, env=at("2026-11-29 01:00"))
        assert result.exit_code in (1, 2), (args, result.stderr)  # an unknown id is 1
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1, args
        assert journal.read_bytes() == before, args
    ok(pj("shift", "end", env=at("2026-11-29 06:00")))
    before = journal.read_bytes()
    for args, said in (
        (("shift", "end"), "no shift is open"),
        (("shift", "start", "--when", "2026-11-29 05:00"), "would overlap shift"),
    ):
        result = pj(*args, env=at("2026-11-29 07:00"))
        assert result.exit_code == 2 and said in result.stderr, args
        assert journal.read_bytes() == before


def test_status_and_check_say_when_a_shift_runs_too_long(pj: Pj, journal: Path) -> None:
    ok(pj("shift", "start", "--post", "Gate 3", env=at("2026-11-28 22:00")))
    ok(pj("log", "All quiet", env=at("2026-11-28 23:00")))
    status = ok(pj("shift", "status", "--json", env=at("2026-11-29 01:00"))).json()
    assert (status["on_duty"], status["post"], status["entries"], status["too_long"]) == (
        True, "Gate 3", 1, False
    )  # fmt: skip
    assert (status["last_entry"], status["hours_without_entry"]) == (
        "2026-11-28T23:00:00+00:00",
        2.0,
    )
    assert (
        "last Sat 28 Nov 23:00; 2.0 h without"
        in pj("shift", "status", env=at("2026-11-29 01:00")).stdout
    )
    assert ok(pj("check", env=at("2026-11-29 13:00"))).stdout.count("warning: shift") == 0
    late = pj("check", env=at("2026-11-29 15:00"))
    assert "has been open for 17.0 hours, longer than the limit of 16" in late.stdout
    assert ok(pj("shift", "status", "--json", env=at("2026-11-29 15:00"))).json()["too_long"]
    ok(pj("shift", "end", env=at("2026-11-29 15:00")))
    assert ok(pj("shift", "status", "--json", env=at("2026-11-29 15:01"))).json() == {
        "on_duty": False
    }


def test_check_reports_a_hand_written_overlap_and_an_end_of_nothing(pj: Pj, journal: Path) -> None:
    ok(pj("shift", "start", env=at("2026-11-28 22:00")))
    with journal.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[record]]\ntype = "shift"\nid = "aaaaaaaaaa"\nduty = "on"\n'
            "when = 2026-11-28T23:00:00Z\n"
            '\n[[record]]\ntype = "shift"\nid = "bbbbbbbbbb"\nduty = "off"\n'
            'shift = "cccccccccc"\nwhen = 2026-11-29T01:00:00Z\n'
        )
    result = pj("check", env=at("2026-11-29 02:00"))
    assert result.exit_code == 1
    assert "aaaaaaaaaa begins 2026-11-28T23:00:00+00:00, before " in result.stderr
    assert "error: the end of 'cccccccccc': no shift of that id begun" in result.stderr
    # Written in advance: a hand-written record whose WHEN is after its RECORDED.
    with journal.open("a", encoding="utf-8") as out:
        out.write(
            '\n[[record]]\ntype = "interaction"\nid = "dddddddddd"\ntext = "ahead"\n'
            "when = 2026-11-29T08:00:00Z\nrecorded = 2026-11-29T01:30:00Z\n"
        )
    ahead = pj("check", env=at("2026-11-29 09:00"))
    assert "is after it was recorded (2026-11-29T01:30:00+00:00): nothing is written before" in (
        ahead.stderr
    )


def test_the_reviewers_findings(pj: Pj, journal: Path) -> None:
    """What a review found, each refused with one line and the journal untouched: an end
    that would leave entries out, an acknowledgement before the pass-down was written or
    a second one, a pass-down already expired, a time out of every range; a day with two
    shifts is ambiguous; the id of a shift's end finds the shift."""
    written = ok(pj("passdown", "add", "Lock sticks", "--json", env=at("2026-11-28 21:00"))).json()
    unread = ok(pj("passdown", "add", "Radio 2", "--json", env=at("2026-11-28 21:30"))).json()
    ok(pj("shift", "start", env=at("2026-11-28 22:00")))
    ok(pj("log", "At one", env=at("2026-11-29 01:00")))
    ok(pj("passdown", "ack", written["id"], env=at("2026-11-29 01:05")))
    before = journal.read_bytes()
    for args, now, said in (
        (("shift", "end", "--when", "2026-11-28 23:30"), "2026-11-29 02:00",
         "2 entries of this shift happened after Sat 28 Nov 2026 23:30"),
        (("passdown", "ack", written["id"]), "2026-11-29 02:00", "you read pass-down"),
        (("passdown", "ack", unread["id"], "--when", "2026-11-28 20:00"), "2026-11-29 02:00",
         "it cannot have been read then"),
        (("passdown", "add", "Late", "--when", "2026-11-29 01:00", "--until",
          "2026-11-29 01:30"), "2026-11-29 02:00", "has passed by the time"),
        (("log", "x", "--when", "999999999999999999999 hours ago"), "2026-11-29 02:00",
         "is outside the dates a journal holds"),
    ):  # fmt: skip
        result = pj(*args, env=at(now))
        assert result.exit_code == 2, (args, result.stderr)
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1, args
        assert journal.read_bytes() == before, args
    ended = ok(pj("shift", "end", "--json", env=at("2026-11-29 06:00"))).json()
    ok(pj("shift", "start", env=at("2026-11-29 07:00")))
    ok(pj("shift", "end", env=at("2026-11-29 09:00")))
    ok(pj("shift", "start", env=at("2026-11-29 20:00")))
    by_end = ok(pj("dar", "--shift", ended["id"][:6], "--json", env=at("2026-11-29 21:00")))
    assert by_end.json()["end"] == "2026-11-29T06:00:00+00:00"
    two = pj("dar", "--date", "2026-11-29", env=at("2026-11-29 21:00"))
    assert two.exit_code == 2 and "2 shifts began that day: " in two.stderr
    listed = ok(pj("shift", "list", "--json", env=at("2026-11-29 21:00"))).json()
    assert [row["hours"] for row in listed] == [None, 2.0, 8.0]


def test_log_on_duty_says_when_an_hour_passed_with_no_entry(pj: Pj, journal: Path) -> None:
    ok(pj("shift", "start", env=at("2026-11-28 22:00")))
    assert ok(pj("log", "Soon after", env=at("2026-11-28 22:40"))).stderr == ""
    later = ok(pj("log", "Much later", env=at("2026-11-29 02:10")))
    assert later.stderr == "note: no entry between Sat 28 Nov 22:40 and 02:10 on this shift\n"
    backdated = ok(pj("log", "Written late", "--when", "01:00", env=at("2026-11-29 02:20")))
    assert backdated.stderr == ("note: no entry between Sat 28 Nov 22:40 and 01:00 on this shift\n")
    ok(pj("shift", "end", env=at("2026-11-29 06:00")))
    assert ok(pj("log", "Off duty", env=at("2026-11-29 09:00"))).stderr == ""


@pytest.mark.parametrize("name", NAMES)
def test_a_redacted_dar_names_no_one_in_every_format(pj: Pj, journal: Path, name: str) -> None:
    night(pj)
    out = ok(pj("dar", "--redact", "--format", name, env=at("2026-11-29 07:00"))).stdout
    for who in ("Maria", "Lopez", "O'Brien", "Tom O"):
        assert who not in out, (name, who)
    assert "Car park patrol" in out


def test_pass_downs_expire_and_list_who_read_them(pj: Pj, journal: Path) -> None:
    written = ok(
        pj("passdown", "add", "Gate 3 lock sticks", "--post", "Gate 3", "--until", "2026-11-30",
           "--json", env=at("2026-11-28 21:00"))
    ).json()["id"]  # fmt: skip
    ok(pj("passdown", "add", "Any post: radio 2 is faulty", env=at("2026-11-28 21:05")))
    before = journal.read_bytes()
    bad = pj(
        "passdown", "add", "Too late", "--until", "2026-11-27 10:00", env=at("2026-11-28 21:10")
    )
    assert bad.exit_code == 2 and journal.read_bytes() == before
    brief = ok(pj("shift", "start", "--post", "Gate 3", env=at("2026-11-28 22:00"))).stdout
    assert "Pass-downs to read (2)" in brief and "Gate 3 lock sticks [Gate 3]" in brief
    ok(pj("passdown", "ack", written[:6], env=at("2026-11-28 22:05")))
    listed = ok(pj("passdown", "list", "--json", env=at("2026-11-29 10:00"))).json()
    first = next(row for row in listed if row["id"] == written)
    assert set(first) == {
        "id", "text", "post", "written_by", "written", "until", "concern", "expired",
        "acknowledged",
    }  # fmt: skip
    assert first["acknowledged"] == [{"officer": "Sam Rivera", "when": "2026-11-28T22:05:00+00:00"}]
    assert first["until"] == "2026-11-30"  # a day alone: until its end
    after = ok(pj("passdown", "list", "--json", env=at("2026-12-01 10:00"))).json()
    assert [row["text"] for row in after] == ["Any post: radio 2 is faulty"]
    every = ok(pj("passdown", "list", "--all", "--json", env=at("2026-12-01 10:00"))).json()
    assert [row["expired"] for row in every] == [False, True]


def test_a_pass_down_is_read_by_the_next_officer_on_another_clone(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    ok(alice("shift", "start", "--post", "Gate 3", now="2026-11-28 14:00"))
    written = ok(
        alice("passdown", "add", "Van with no plates at the gate", "--post", "Gate 3", "--json",
              now="2026-11-28 21:50")
    ).json()["id"]  # fmt: skip
    ok(alice("shift", "end", "--handed-to", "Bob Stone", now="2026-11-28 22:00"))
    alice.sync()
    bob.sync()
    brief = ok(bob("shift", "start", "--post", "Gate 3", "--relieving", "Alice Ward",
                   now="2026-11-28 22:00")).stdout  # fmt: skip
    assert "Van with no plates at the gate [Gate 3] — Alice Ward" in brief
    ok(bob("passdown", "ack", written[:6], now="2026-11-28 22:02"))
    assert 'type = "ack"' in bob.journal.read_text(encoding="utf-8")
    assert 'type = "ack"' not in alice.journal.read_text(encoding="utf-8")
    bob.sync()
    alice.sync()
    listed = alice.json("passdown", "list")
    assert listed[0]["acknowledged"] == [
        {"officer": "Bob Stone", "when": "2026-11-28T22:02:00+00:00"}
    ]
    on_duty = alice.json("shift", "status", "--team")
    assert [(row["officer"], row["post"]) for row in on_duty] == [("Bob Stone", "Gate 3")]
    report = alice.json("dar", "--team", "--officer", "Alice Ward")
    assert (report["officer"], report["relieving"]) == ("Alice Ward", "Bob Stone")
    assert json.dumps(report).count("Van with no plates") == 2  # an entry, and the closing


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdfinfo")), reason="needs chromium, pdfinfo"
)
def test_the_dar_of_an_eight_hour_shift_of_thirty_entries_prints_on_two_a4_pages(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    ok(pj("shift", "start", "--post", "Gate 3", "--relieving", "Tom Reed",
          env=at("2026-11-28 22:00")))  # fmt: skip
    texts = [
        "Checked the gate, all quiet",
        "Talked about the broken streetlight by the swings and the kids who gather late",
        "Resident asked about parcel thefts; shared the safe-delivery leaflet",
    ]
    for number in range(30):
        minutes = 5 + 15 * number + (70 if number >= 14 else 0)
        when = (datetime(2026, 11, 28, 22, 0) + timedelta(minutes=minutes)).strftime(
            "%Y-%m-%d %H:%M"
        )
        args = ["log", texts[number % 3], "--at", "Elm Park", "--with", "Maria Lopez"]
        ok(pj(*args, "--when", when, env=at(when)))
    ok(pj("shift", "end", "--summary", "Busy night", env=at("2026-11-29 06:00")))
    page = tmp_path / "dar.html"
    ok(pj("dar", "--output", str(page), env=at("2026-11-29 06:10")))
    pages = printed_pages(page, tmp_path)
    assert 1 <= pages <= 2


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["log", "log-backdated", "note", "person", "amend-when", "passdown"]),
        st.integers(min_value=-120, max_value=720),  # minutes from the start of the shift
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.slow
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_the_dar_holds_what_the_reference_model_says_happened_in_the_shift(
    pj: Pj, journal_path: Path, actions: list[tuple[str, int]]
) -> None:
    """Entries before, in and after a shift (backdated ones, corrections that move one in
    or out, concern steps, person notes, pass-downs): the DAR lists exactly the records
    the naive model finds in the shift, by type."""
    from tests.oracle.model import Model

    journal_path.unlink(missing_ok=True)
    ok(pj("init", "--officer", "Sam Rivera", env=at("2026-11-01 08:00")))
    start = datetime(2026, 11, 28, 22, 0)

    def clock(minutes: int) -> str:
        return (start + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")

    first = ok(pj("log", "Before it all", "--json", env=at(clock(-180)))).json()
    shift_id = ok(pj("shift", "start", "--post", "Gate 3", "--json", env=at(clock(0)))).json()["id"]
    concern = ok(pj("concern", "raise", "Lamp out", "--json", env=at(clock(1)))).json()["id"]
    now = 1
    for action, offset in actions:
        now = max(now + 1, offset) if action not in ("log-backdated", "amend-when") else now + 1
        if action == "log":
            ok(pj("log", f"Entry at {offset}", env=at(clock(now))))
        elif action == "log-backdated":
            ok(pj("log", "Written later", "--when", clock(min(offset, now)), env=at(clock(now))))
        elif action == "note":
            ok(pj("concern", "note", concern, "Still out", env=at(clock(now))))
        elif action == "person":
            ok(pj("person", "Maria Lopez", "--note", "Moved in", env=at(clock(now))))
        elif action == "amend-when":
            ok(pj("amend", first["id"], "--when", clock(min(offset, now)), env=at(clock(now))))
        else:
            ok(pj("passdown", "add", "Watch the van", env=at(clock(now))))
    end = max(now + 1, 480)
    ok(pj("shift", "end", env=at(clock(end))))
    moment = clock(end + 600)
    report = ok(pj("dar", "--shift", shift_id, "--json", env=at(moment))).json()
    found: dict[str, list[str]] = {kind: [] for kind in ("interaction", "concern", "person",
                                                          "passdown", "ack")}  # fmt: skip
    for entry in report["entries"]:
        found[entry["type"]].append(entry["id"])
    expected = Model([(journal_path, None)]).shift_entries(
        shift_id, datetime.fromisoformat(moment).replace(tzinfo=UTC)
    )
    assert {kind: sorted(ids) for kind, ids in found.items()} == expected


def test_at_a_terminal_the_start_asks_to_acknowledge_and_the_end_offers_a_pass_down(
    pj: Pj, journal: Path
) -> None:
    """On a real pseudo-terminal: the brief lists the pass-down, "y" acknowledges it in
    the same append as the start; the end asks for a pass-down and records the answer."""
    import os
    import sys

    import pexpect

    from patrol_journal.journal.read import read as read_journal

    written = ok(
        pj("passdown", "add", "Gate 3 lock sticks", "--post", "Gate 3", "--json",
           env=at("2026-11-28 21:00"))
    ).json()["id"]  # fmt: skip
    pj_script = shutil.which("pj", path=os.path.dirname(sys.executable))
    assert pj_script is not None

    def run(args: list[str], now: str, answer: str) -> str:
        env = {**os.environ, "TZ": "UTC", "PJ_NOW": now, "COLUMNS": "100"}
        child = pexpect.spawn(pj_script, ["--journal", str(journal), *args], env=env,
                              encoding="utf-8", timeout=60)  # fmt: skip
        child.expect(r"\(y/n\)|Enter: none")
        child.sendline(answer)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        return str(child.before)

    shown = run(["shift", "start", "--post", "Gate 3"], "2026-11-28 22:00", "y")
    assert "Acknowledged 1 pass-down as read" in shown
    records = read_journal(journal).records
    assert [r.type for r in records[-2:]] == ["shift", "ack"]
    assert records[-1].passdown == written
    shown = run(["shift", "end"], "2026-11-29 06:00", "Radio 2 is faulty")
    assert "written for whoever comes on next" in shown
    last = read_journal(journal).records[-1]
    assert (last.type, last.text, last.post) == (
        "passdown", "Radio 2 is faulty", "Gate 3"
    )  # fmt: skip


def test_off_a_terminal_the_start_says_how_to_acknowledge(pj: Pj, journal: Path) -> None:
    ok(pj("passdown", "add", "Gate 3 lock sticks", env=at("2026-11-28 21:00")))
    started = ok(pj("shift", "start", env=at("2026-11-28 22:00")))
    assert "Read them, then acknowledge: pj passdown ack " in started.stderr
    assert 'type = "ack"' not in journal.read_text(encoding="utf-8")
