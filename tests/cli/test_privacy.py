"""Privacy: a redacted summary names no one; a subject-access export names no one else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-25 12:00", "COLUMNS": "200"}

PEOPLE = ["José García", "Zoë Martin", "Maria Lopez", "Omar Haddad", "Priya Patel", "Tom Reed"]
TIPS = ["Van with no plates by the canal", "Lads selling on the corner at night"]
NOTES = ["Lives above the pharmacy with her mother", "Hard of hearing: face him when speaking"]


@pytest.fixture
def beat(pj: Pj, journal: Path) -> Path:
    """A week on a beat: names with accents, names inside concern texts and shared
    information, tips, notes and roles."""
    logged(
        pj,
        "Chat with José about the swings",
        "--with",
        "José García (resident)",
        "--with",
        "Zoë Martin",
        "--at",
        "Elm Park",
        "--concern",
        "José says Zoë's gate was forced again",
        "--tip",
        TIPS[0],
        "--when",
        "2026-11-23 10:00",
        env=NOW,
    )
    logged(
        pj,
        "Shop visit; Maria Lopez asked about Omar",
        "--with",
        "Maria Lopez (shop owner)",
        "--with",
        "Omar Haddad (bus driver)",
        "--at",
        "Mill Lane",
        "--shared",
        "Told Priya Patel and Omar about the new night bus",
        "--tip",
        TIPS[1],
        "--when",
        "2026-11-24 15:00",
        env=NOW,
    )
    logged(
        pj,
        "Pharmacy",
        "--with",
        "Priya Patel (pharmacist)",
        "--with",
        "Tom Reed",
        "--at",
        "Mill Lane",
        "--when",
        "2026-11-24 16:00",
        env=NOW,
    )
    ok(pj("person", "Priya Patel", "--note", NOTES[0], env=NOW))
    ok(pj("person", "Tom Reed", "--note", NOTES[1], env=NOW))
    return journal


def _forbidden() -> list[str]:
    words = set(PEOPLE)
    for name in PEOPLE:
        words.update(word for word in name.split() if len(word) >= 4)
        words.update(
            word.replace("é", "e").replace("ë", "e") for word in name.split() if len(word) >= 4
        )
    return sorted(words | set(TIPS) | set(NOTES) | {"lives above", "face him"})


@pytest.mark.parametrize("fmt", ["rich", "markdown", "html", "json"])
def test_a_redacted_summary_names_no_one_in_any_format(pj: Pj, beat: Path, fmt: str) -> None:
    text = ok(pj("summary", "--redact", "--format", fmt, env=NOW)).stdout
    for word in _forbidden():
        assert word.casefold() not in text.casefold(), (fmt, word)
    assert "redacted" in text.casefold()
    # names inside the concern and the shared information (Markdown escapes the brackets)
    assert "[name]" in text.replace("\\", "")


def test_a_redacted_summary_counts_people_by_role_and_tips(pj: Pj, beat: Path) -> None:
    data = ok(pj("summary", "--redact", "--json", env=NOW)).json()
    # No role is shared by three people: one group, its roles left out (k = 3).
    assert data["people_by_role"] == "6 people" and data["k"] == 3
    assert sum(tip["count"] for tip in data["tips"]) == 2
    assert {tip["place"] for tip in data["tips"]} == {"other places"}  # one giver a place
    assert all(c["id"] == "" for c in data["concerns"]["opened"])
    # Raised by two: each way they are called said once, so the count is not given.
    assert all(c["raised_by"] == ["a person"] for c in data["concerns"]["opened"])
    # Four people were met at Mill Lane; two at Elm Park: not said how many.
    assert {p["name"]: p["people"] for p in data["places"]} == {"Mill Lane": 4, "Elm Park": None}
    assert all(c["opened"] == "2026-11-23" for c in data["concerns"]["opened"])


def test_an_export_holds_everything_about_one_person_and_names_no_one_else(
    pj: Pj, beat: Path
) -> None:
    for fmt in ("json", "markdown"):
        text = ok(pj("person", "zoe", "--export", "--format", fmt, env=NOW)).stdout
        assert "Zoë Martin" in text
        assert "Chat with [name] about the swings" in text
        assert "[name] says Zoë's gate was forced again" in text  # her own name stays
        for other in ("José", "Jose", "García", "Garcia", "Maria", "Omar", "Priya", "Patel"):
            assert other not in text, (fmt, other)
        assert NOTES[0] not in text and NOTES[1] not in text
    data = json.loads(ok(pj("person", "Priya Patel", "--export", "--json", env=NOW)).stdout)
    assert data["notes"] == [{"when": data["notes"][0]["when"], "note": NOTES[0]}]
    assert data["roles"] == ["pharmacist"]
    assert data["times_met"] == 1
    # Met once; mentioned in what was shared at the shop the hour before.
    assert [i["part"] for i in data["interactions"]] == ["mentioned", "met"]
    assert data["interactions"][0]["shared"] == [
        "Told Priya Patel and [name] about the new night bus"
    ]
    assert data["interactions"][1]["with_others"] == 1


def test_an_export_gives_earlier_versions_only_of_what_was_corrected(pj: Pj, beat: Path) -> None:
    """An interaction later corrected to leave her out is still held about her, as it
    was; one never corrected has no earlier version to show."""
    ok(pj("log", "Coffee", "--with", "Anna Berg", env=NOW))
    logged = ok(pj("log", "Walked with Anna Berg", "--with", "Anna Berg", "--json", env=NOW))
    ok(pj("log", "Anna Berg says the lights are out", "--with", "Priya Patel", env=NOW))
    ok(pj("amend", logged.json()["id"], "Walked alone", "--with", "Omar Haddad", env=NOW))
    data = json.loads(ok(pj("person", "Anna Berg", "--export", "--json", env=NOW)).stdout)
    parts = {row["text"]: row for row in data["interactions"]}
    assert parts["Anna Berg says the lights are out"]["part"] == "mentioned"
    assert parts["Anna Berg says the lights are out"]["earlier_versions"] == []
    assert parts["Walked alone"]["part"] == "in an earlier version"
    assert [v["text"] for v in parts["Walked alone"]["earlier_versions"]] == [
        "Walked with Anna Berg"
    ]


def test_an_export_leaves_out_what_identifies_the_others(pj: Pj, beat: Path) -> None:
    """Another person's role or note that mentions her is hers to see, without the other
    person's name, number or address; her own roles name no one else; tags come too."""
    args = ["--with", "Ken Reed (resident)", "--with", "Rosa Hill (Ken's wife)", "--at", "Elm Park"]
    ok(pj("log", "Met at the gate; Ken drives AB12 CDE", *args, "--tag", "gate", env=NOW))
    ok(pj("person", "Rosa Hill", "--role", "Ken Reed's wife", env=NOW))
    ok(pj("person", "Ann Bell", "--note", "Sister of Ken Reed, phone 07700 900456", env=NOW))
    rosa = json.loads(ok(pj("person", "Rosa Hill", "--export", "--json", env=NOW)).stdout)
    assert rosa["roles"] == ["[name]'s wife"]  # "Ken's wife", "Ken Reed's wife": one
    assert rosa["interactions"][-1]["text"] == "Met at the gate; [name] drives [vehicle]"
    assert rosa["interactions"][-1]["tags"] == ["gate"]
    ken = json.loads(ok(pj("person", "Ken Reed", "--export", "--json", env=NOW)).stdout)
    mentions = ken["mentioned_in_notes"]
    assert {"role": "Ken Reed's wife", "about": "[name]"} in [
        {k: v for k, v in m.items() if k != "when"} for m in mentions
    ]
    assert any(m.get("note") == "Sister of Ken Reed, phone [phone]" for m in mentions)
    text = ok(pj("person", "Ken Reed", "--export", env=NOW)).stdout
    assert "07700" not in text and "Rosa" not in text and "Ann Bell" not in text
    assert "the role of another: Ken Reed's wife" in text
