"""A beat team on real git: a bare repository on disk as the remote, clones as officers."""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path

import pytest

from tests.helpers import Officer, clone, git, ok, pj


def test_init_makes_a_repository_with_team_file_and_merge_rules(tmp_path: Path) -> None:
    folder = tmp_path / "beat"
    result = ok(pj("team", "init", str(folder), "--name", "  Elm   Park beat "))
    assert "Made the team 'Elm Park beat'" in result.stdout
    team = (folder / "team.toml").read_text()
    assert '[team]\nname = "Elm Park beat"' in team
    # pj's attributes live in the clone's own .git/info/attributes, never in a commit.
    attributes = (folder / ".git" / "info" / "attributes").read_text()
    assert "journals/*.toml merge=pj-journal -text -filter -working-tree-encoding" in attributes
    assert not (folder / ".gitattributes").exists()
    assert git(folder, "ls-files").split() == ["team.toml"]
    driver = git(folder, "config", "merge.pj-journal.driver")
    assert " -I -m patrol_journal team merge-file %O %A %B %P" in driver
    assert driver.startswith(os.path.abspath(sys.executable))
    again = pj("team", "init", str(folder), "--name", "Other")
    assert again.exit_code == 1
    assert "already a team" in again.stderr and len(again.stderr.splitlines()) == 1


def test_join_creates_the_officers_journal_and_commits_it(tmp_path: Path) -> None:
    folder = tmp_path / "beat"
    ok(pj("team", "init", str(folder), "--name", "Elm Park beat"))
    result = ok(pj("team", "join", str(folder), "--officer", "María José Núñez"))
    path = folder / "journals" / "maria-jose-nunez.toml"
    assert result.stdout.strip() == str(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert 'officer = "María José Núñez"' in path.read_text()
    assert 'journal = "journals/maria-jose-nunez.toml"' in (folder / "team.toml").read_text()
    assert (
        git(folder, "log", "-1", "--format=%s")
        == "María José Núñez joins the team (pj team join)\n"
    )
    assert git(folder, "status", "--porcelain") == ""
    # Joining again (another machine, any spelling) finds the same journal and commits nothing.
    again = ok(pj("team", "join", str(folder), "--officer", "maria jose nunez", "--json")).json()
    assert again == {
        "journal": str(path),
        "officer": "María José Núñez",
        "team": "Elm Park beat",
        "new": False,
    }
    assert len(git(folder, "log", "--format=%s").splitlines()) == 2


def test_join_refuses_what_is_not_a_team_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = pj("team", "join", str(tmp_path / "plain"), "--officer", "Alice")
    assert result.exit_code == 2
    assert "is not a team (no team.toml)" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    folder = tmp_path / "beat"
    ok(pj("team", "init", str(folder), "--name", "Beat"))
    empty = pj("team", "join", str(folder), "--officer", "   ")
    assert empty.exit_code == 2 and not (folder / "journals").exists()


def test_two_officers_and_a_second_machine_sync_in_every_order(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    assert alice.sync()["pushed"]
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    bob.sync()
    laptop = Officer(clone(remote, tmp_path / "laptop"), "alice ward")  # her second machine
    assert laptop.new is False and laptop.journal.name == alice.journal.name

    logged = [
        alice.log("Chat by the swings", "--with", "José García", "--at", "Elm Park"),
        bob.log("Coffee at the shop", "--with", "Maria Lopez", "--at", "Corner shop"),
        laptop.log("From the car", "--with", "Jose Garcia", "--at", "Elm Park"),
        alice.log("Library steps", "--with", "Ann Lee", "--at", "Library"),
    ]
    laptop.sync()
    alice.sync()  # joins the laptop's append with her own
    bob.log("Second coffee", "--with", "Maria Lopez", "--at", "Corner shop")
    bob.sync()
    laptop.log("Late round", "--with", "Ann Lee", "--at", "Library")
    laptop.sync()
    for officer in (alice, bob, laptop, alice, bob):
        officer.sync()
    logged_total = len(logged) + 2

    journals = {
        name: {(o.clone / "journals" / name).read_bytes() for o in (alice, bob, laptop)}
        for name in ("alice-ward.toml", "bob-stone.toml")
    }
    assert all(len(copies) == 1 for copies in journals.values())  # byte-identical everywhere
    for officer in (alice, bob, laptop):
        check = officer("check", "--strict")
        assert check.exit_code == 0, check.stdout + check.stderr
        assert "0 errors, 0 warnings" in check.stdout
        recent = officer.json("recent", "--team", "-n", "100")
        assert sorted(row["id"] for row in recent) == sorted(
            [
                *logged,
                *[row["id"] for row in recent if row["text"] in ("Second coffee", "Late round")],
            ]
        )
        assert len(recent) == logged_total == len({row["id"] for row in recent})
        assert {row["officer"] for row in recent} == {"Alice Ward", "Bob Stone"}
        people = {row["name"]: row for row in officer.json("people", "--team")}
        # One person, whichever spelling the team's journals met first: accents fold.
        garcia = [row for name, row in people.items() if name in ("José García", "Jose Garcia")]
        assert len(garcia) == 1 and garcia[0]["interactions"] == 2
        assert people["Maria Lopez"]["officers"] == ["Bob Stone"]
        assert people["Ann Lee"]["officer"] == "Alice Ward"
    # The laptop's journal (her own) shows only her records without --team.
    assert {row["text"] for row in laptop.json("recent")} == {
        "Chat by the swings",
        "From the car",
        "Library steps",
        "Late round",
    }
    history = git(alice.clone, "log", "--format=%s", "--", "journals/alice-ward.toml")
    assert history.count("Alice Ward: ") >= 3  # each machine's sync is in the history


def test_team_summary_has_team_totals_and_a_row_per_officer(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.sync()
    alice.log(
        "One",
        "--with",
        "Ann Lee",
        "--at",
        "Library",
        "--tip",
        "Van at night",
        now="2026-11-23 10:00",
    )
    alice.log("Two", "--with", "José García", "--at", "Elm Park", now="2026-11-24 10:00")
    bob.log(
        "Three",
        "--with",
        "Ann Lee",
        "--at",
        "Library",
        "--concern",
        "Lamp out",
        now="2026-11-24 11:00",
    )
    bob.sync()
    alice.sync()
    summary = ok(alice("summary", "--team", "--week", "2026-W48", "--format", "json")).json()
    assert summary["team"] == "Elm Park beat"
    assert summary["totals"]["interactions"] == 3
    assert summary["totals"]["people"] == 2
    assert summary["totals"]["concerns_opened"] == 1
    rows = {row["officer"]: row for row in summary["officers"]}
    assert rows["Alice Ward"]["interactions"] == 2 and rows["Alice Ward"]["tips"] == 1
    assert rows["Bob Stone"]["interactions"] == 1 and rows["Bob Stone"]["concerns_opened"] == 1
    own = ok(alice("summary", "--week", "2026-W48", "--format", "json")).json()
    assert own["totals"]["interactions"] == 2 and "officers" not in own
    screen = ok(alice("summary", "--team", "--week", "2026-W48")).stdout
    assert "Officers" in screen and "Bob Stone" in screen
    html = ok(alice("summary", "--team", "--week", "2026-W48", "--format", "html")).stdout
    assert "<h2>Officers</h2>" in html and "Bob Stone" in html
    for output in ("json", "markdown", "html", "rich"):  # a community meeting's copy
        redacted = ok(
            alice("summary", "--team", "--week", "2026-W48", "--redact", "--format", output)
        ).stdout
        assert "Officers" in redacted or '"officers"' in redacted
        for name in ("Ann", "Lee", "José", "Jose", "García", "Garcia", "Van at night"):
            assert name not in redacted, (output, name)


def test_a_concern_raised_by_one_officer_is_resolved_by_another(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log(
        "Chat",
        "--with",
        "José García",
        "--at",
        "Elm Park",
        "--concern",
        "Broken lamp",
        now="2026-11-27 09:00",
    )
    concern = alice.json("concerns")[0]["id"]
    alice.sync()
    bob.sync()
    resolved = ok(
        bob(
            "concern",
            "resolve",
            concern[:6],
            "--note",
            "Council fixed it",
            "--json",
            now="2026-11-27 10:00",
        )
    ).json()
    assert resolved["status"] == "resolved"
    # The step is in Bob's journal, pointing at Alice's concern; it checks clean there.
    assert f'concern = "{concern}"' in bob.journal.read_text()
    assert resolved["event"] not in alice.journal.read_text()
    assert ok(bob("check", "--strict")).stdout.count("0 errors") == 1
    bob.sync()
    alice.sync()
    for officer in (alice, bob):
        rows = {row["id"]: row for row in officer.json("concerns", "--team", "--status", "all")}
        assert rows[concern]["status"] == "resolved"
        assert rows[concern]["officer"] == "Alice Ward"
        assert rows[concern]["last_officer"] == "Bob Stone"
    # Steps are folded by WHEN across journals, not by which journal is read first:
    # Alice reopens at 11:00 after Bob's 10:00 resolve, so the concern is open again.
    ok(alice("concern", "reopen", concern[:6], "--note", "Out again", now="2026-11-27 11:00"))
    alice.sync()
    bob.sync()
    for officer in (alice, bob):
        rows = {row["id"]: row for row in officer.json("concerns", "--team", "--status", "all")}
        assert rows[concern]["status"] == "open"
        assert rows[concern]["updates"] == 2


def test_a_plain_git_pull_joins_conflicting_appends(remote: Path, tmp_path: Path) -> None:
    desk = Officer(clone(remote, tmp_path / "desk"), "Alice Ward")
    desk.sync()
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    first = desk.log("At the desk", "--with", "Ann Lee")
    second = laptop.log("On the laptop", "--with", "Ann Lee", "--concern", "Dog off lead")
    desk.sync()
    git(laptop.clone, "commit", "--quiet", "-am", "by hand")
    git(laptop.clone, "-c", "pull.rebase=false", "pull", "--quiet", "--no-edit")
    text = laptop.journal.read_text()
    assert "<<<<<<<" not in text and first in text and second in text
    assert git(laptop.clone, "log", "--merges", "--format=%s").strip()  # a merge commit
    laptop.journal.chmod(0o600)
    check = laptop("check", "--strict")
    assert check.exit_code == 0 and "0 errors, 0 warnings" in check.stdout
    assert {row["id"] for row in laptop.json("recent")} == {first, second}


def test_sync_commits_only_the_officers_own_journal(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    bob.sync()
    # A torn tail moved aside beside the journal is never committed and stops nothing.
    (alice.clone / "journals" / "alice-ward.toml.torn-20261127").write_text("[[record]]\n")
    alice.sync()
    assert "torn" not in git(alice.clone, "ls-files")
    where = alice.json("where")
    assert where["team"] == {"name": "Elm Park beat", "folder": str(alice.clone)}
    other = alice.clone / "journals" / "bob-stone.toml"
    other.write_text(other.read_text() + "\n# edited by Alice\n")
    alice.log("Mine", "--with", "Ann Lee")
    before = git(alice.clone, "rev-parse", "HEAD")
    result = alice("sync")
    assert result.exit_code == 1
    assert "journals/bob-stone.toml changed" in result.stderr
    assert "commits only your own journal" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert git(alice.clone, "rev-parse", "HEAD") == before


def test_sync_failures_are_one_line_and_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "beat"
    ok(pj("team", "init", str(folder), "--name", "Beat"))
    alice = Officer(folder, "Alice Ward")
    record = alice.log("Before any remote", "--with", "Ann Lee")
    no_remote = alice("sync")
    assert no_remote.exit_code == 1
    assert "no remote" in no_remote.stderr and len(no_remote.stderr.splitlines()) == 1
    assert record in git(folder, "show", "HEAD:journals/alice-ward.toml")  # committed, kept
    git(folder, "remote", "add", "origin", str(tmp_path / "gone.git"))
    alice.log("While offline", "--with", "Ann Lee")
    offline = alice("sync")
    assert offline.exit_code == 1
    assert offline.stderr.startswith("git fetch failed:")
    assert offline.stderr.rstrip().endswith("your journal is committed here")
    assert len(offline.stderr.splitlines()) == 1
    assert "While offline" in git(folder, "show", "HEAD:journals/alice-ward.toml")
    outside = pj("sync", journal=tmp_path / "solo.toml")
    assert outside.exit_code == 2 and "not a team's journal" in outside.stderr


def test_team_views_need_a_team(tmp_path: Path) -> None:
    solo = tmp_path / "solo.toml"
    ok(pj("init", journal=solo))
    for view in ("recent", "people", "places", "concerns"):
        result = pj(view, "--team", journal=solo)
        assert result.exit_code == 2, view
        assert "not a team's journal" in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_person_places_brief_and_search_across_the_team(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Swings broken", "--with", "Ann Lee", "--at", "Elm Park", now="2026-11-26 10:00")
    bob.log(
        "Swings still broken",
        "--with",
        "Ann Lee",
        "--at",
        "Elm Park",
        "--tip",
        "Van parked",
        now="2026-11-27 09:00",
    )
    alice.sync()
    bob.sync()
    alice.sync()
    card = alice.json("person", "Ann Lee", "--team")
    assert card["interactions"] == 2
    assert [(m["officer"], m["interactions"]) for m in card["met_by"]] == [
        ("Bob Stone", 1),
        ("Alice Ward", 1),
    ]
    assert [row["officer"] for row in card["timeline"]] == ["Bob Stone", "Alice Ward"]
    places = {row["name"]: row for row in alice.json("places", "--team")}
    assert places["Elm Park"]["visits"] == 2
    assert places["Elm Park"]["officer"] == "Bob Stone"
    screen = ok(alice("person", "Ann Lee", "--team")).stdout
    assert "met by: Bob Stone (1 time, last 27 Nov 2026), Alice Ward (1 time, last 26 Nov" in screen
    brief_screen = ok(alice("brief", "Elm Park", "--team")).stdout
    assert "visited by: Bob Stone (1 visit, last 27 Nov 2026), Alice Ward (1 visit" in brief_screen
    brief = alice.json("brief", "Elm Park", "--team")
    assert brief["people"][0]["last_topic"] == "Swings still broken"
    assert brief["people"][0]["officer"] == "Bob Stone"
    assert brief["recent_tips"][0]["officer"] == "Bob Stone"
    found = alice.json("search", "swings", "--team")
    assert [(row["officer"], row["text"]) for row in found] == [
        ("Bob Stone", "Swings still broken"),
        ("Alice Ward", "Swings broken"),
    ]
    assert "officer" not in alice.json("search", "swings")[0]


def test_team_status_shows_each_journal(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("One", "--with", "Ann Lee", now="2026-11-27 09:30")
    alice.sync()
    bob.sync()
    bob.log("Not yet synced", "--with", "Ann Lee")
    status = bob.json("team", "status")
    assert status["team"] == "Elm Park beat"
    assert status["upstream"] == "origin/" + status["branch"]
    rows = {row["officer"]: row for row in status["journals"]}
    assert set(rows) == {"Alice Ward", "Bob Stone"}
    assert rows["Alice Ward"]["records"] == 1 and rows["Bob Stone"]["records"] == 1
    assert rows["Alice Ward"]["last_entry"] == "2026-11-27T09:30:00+00:00"
    assert rows["Alice Ward"]["last_sync"] is not None and rows["Bob Stone"]["unsynced"]
    assert rows["Bob Stone"]["you"] and not rows["Alice Ward"]["you"]
    assert len(rows["Alice Ward"]["chain_head"]) == 16
    assert rows["Alice Ward"]["chain_head"] in alice.journal.read_text()
    screen = ok(bob("team", "status")).stdout
    assert "Bob Stone (you)" in screen and "alice-ward.toml" in screen


def test_sync_refuses_a_rewritten_copy_of_your_journal_until_you_settle_it(
    remote: Path, tmp_path: Path
) -> None:
    desk = Officer(clone(remote, tmp_path / "desk"), "Alice Ward")
    desk.log("Meeting Ann", "--with", "Ann Lee")
    desk.sync()
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    ok(desk("forget", "Ann Lee", "--yes"))  # a rewrite on one machine
    another = laptop.log("Another", "--with", "Ann Lee")
    desk.sync()
    ours = laptop.journal.read_bytes()
    head = git(laptop.clone, "rev-parse", "HEAD")
    result = laptop("sync")
    assert result.exit_code == 1
    assert "changed the text of 1 record" in result.stderr
    assert "--take-theirs" in result.stderr and len(result.stderr.splitlines()) == 1
    assert laptop.journal.read_bytes() == ours  # nothing was changed here
    assert git(laptop.clone, "status", "--porcelain") == ""
    assert git(laptop.clone, "rev-parse", "origin/HEAD") == git(desk.clone, "rev-parse", "HEAD")
    assert laptop("sync").exit_code == 1  # and again, until it is settled
    # The officer says the remote's copy is theirs (the forget was on the desk): taken,
    # with the laptop's own record added after it.
    settled = ok(laptop("sync", "--take-theirs", "--json")).json()
    assert settled["pushed"] and settled["committed"] == 1
    text = laptop.journal.read_text()
    assert '"Ann Lee"' not in text.split(another)[0] and another in text
    assert git(laptop.clone, "rev-parse", "HEAD") != head
    assert ok(laptop("check", "--strict")).exit_code == 0
    desk.sync()
    assert desk.journal.read_bytes() == laptop.journal.read_bytes()


def test_team_json_keys(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("One", "--with", "Ann Lee", "--at", "Library")
    synced = alice.sync()
    assert set(synced) == {
        "journal",
        "committed",
        "received",
        "pushed",
        "remote",
        "branch",
        "warnings",
    }
    assert synced["warnings"] == []
    assert synced["committed"] == 1 and synced["journal"] == "journals/alice-ward.toml"
    row = alice.json("people", "--team")[0]
    assert {"officer", "officers"} <= set(row)
    assert alice.json("concerns", "--team") == []  # no concern raised in the team yet


def test_forget_in_a_team_leaves_nothing_in_the_teams_index(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("Met her by the gate", "--with", "Zelda Quinn", "--at", "Elm Park")
    assert alice.json("people", "--team")[0]["name"] == "Zelda Quinn"  # the team index has her
    ok(alice("forget", "Zelda Quinn", "--yes"))
    cache = Path(os.environ["XDG_CACHE_HOME"])
    for file in cache.rglob("*"):
        if file.is_file():
            assert b"Zelda" not in file.read_bytes(), file
    names = [row["name"] for row in alice.json("people", "--team")]
    assert len(names) == 1 and names[0].startswith("[erased ")  # the stand-in, counts kept


def test_officers_joining_at_once_are_all_members(remote: Path, tmp_path: Path) -> None:
    """Two clones add a member to team.toml each: the driver joins them by member."""
    carol = Officer(clone(remote, tmp_path / "carol"), "Carol Díaz")
    dave = Officer(clone(remote, tmp_path / "dave"), "Dave Okafor")
    carol.sync()
    dave.sync()
    carol.sync()
    for officer in (carol, dave):
        team = (officer.clone / "team.toml").read_text()
        assert team.count("[[member]]") == 2
        assert 'officer = "Carol Díaz"' in team and 'officer = "Dave Okafor"' in team
        assert sorted(p.name for p in (officer.clone / "journals").iterdir()) == [
            "carol-diaz.toml",
            "dave-okafor.toml",
        ]
    assert (carol.clone / "team.toml").read_bytes() == (dave.clone / "team.toml").read_bytes()


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_every_sync_order_ends_with_one_history(
    remote: Path, tmp_path: Path, order: tuple[int, ...]
) -> None:
    """Each of three clones (two officers, one of them on two machines) logs, then they
    sync in this order, and once more in the same order: every record once, everywhere."""
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    bob.sync()
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    clones = [alice, bob, laptop]
    ids = {
        officer.log(f"round {n}", "--with", "Ann Lee", now=f"2026-11-27 1{n}:00")
        for n, officer in enumerate(clones)
    }
    ids |= {clones[order[0]].log("late entry", "--with", "Tom Reed", now="2026-11-27 14:00")}
    for _ in range(2):
        for n in order:
            clones[n].sync()
    for officer in clones:
        assert {row["id"] for row in officer.json("recent", "--team", "-n", "50")} == ids
        assert officer("check", "--strict").exit_code == 0
    for name in ("alice-ward.toml", "bob-stone.toml"):
        assert len({(o.clone / "journals" / name).read_bytes() for o in clones}) == 1


def test_check_reads_the_team_only_for_steps_on_a_teammates_concern(
    remote: Path, tmp_path: Path
) -> None:
    from patrol_journal.index.files import team_index_path

    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Lamp out")
    assert ok(alice("check", "--strict")).stdout.endswith("0 errors, 0 warnings\n")
    assert not team_index_path(alice.clone).exists()  # her own concerns: no team read


def test_a_teammates_concern_not_yet_synced_is_named_as_such(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Lamp out")
    concern = alice.json("concerns")[0]["id"]
    early = bob("concern", "resolve", concern)
    assert early.exit_code == 1
    assert "a teammate's concern not synced here yet? run 'pj sync' first" in early.stderr


def test_two_officers_resolving_one_concern_resolved_it_once(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Lamp out", now="2026-11-23 09:00")
    alice.log("Chat", "--with", "Tom Reed", "--concern", "Bins", now="2026-11-23 09:30")
    lamp, bins = (c["id"] for c in sorted(alice.json("concerns"), key=lambda c: c["text"]))
    alice.sync()
    bob.sync()
    # Both resolve the lamp before either has synced; Bob resolves the bins too.
    ok(alice("concern", "resolve", lamp, now="2026-11-24 10:00"))
    ok(bob("concern", "resolve", lamp, now="2026-11-24 11:00"))
    ok(bob("concern", "resolve", bins, now="2026-11-24 11:30"))
    alice.sync()
    bob.sync()
    alice.sync()
    summary = ok(alice("summary", "--team", "--week", "2026-W48", "--format", "json")).json()
    assert summary["totals"]["concerns_resolved"] == 2
    rows = {row["officer"]: row["concerns_resolved"] for row in summary["officers"]}
    assert rows == {"Alice Ward": 1, "Bob Stone": 1}  # Bob's second resolve of the lamp: no
    again = alice("concern", "resolve", bins, now="2026-11-25 09:00")
    assert again.exit_code == 1
    assert "already resolved (by Bob Stone on Tue 24 Nov 2026 11:30)" in again.stderr


def test_a_name_reads_as_first_spelt_whatever_order_it_was_indexed_in(tmp_path: Path) -> None:
    """Your journal is read first, so your spelling shows: also when a teammate's journal
    was indexed before you wrote it, and after the index is thrown away."""
    root = tmp_path / "beat"
    (root / "journals").mkdir(parents=True)
    (root / "team.toml").write_text('[team]\nname = "Beat"\n')
    alice, bob = root / "journals" / "alice.toml", root / "journals" / "bob.toml"
    ok(pj("init", "--officer", "Alice Ward", journal=alice))
    ok(pj("init", "--officer", "Bob Stone", journal=bob))
    ok(pj("log", "Chat", "--with", "Maria Lopez", journal=bob, now="2026-11-20 10:00"))
    assert ok(pj("people", "--team", "--json", journal=alice)).json()[0]["name"] == "Maria Lopez"
    ok(pj("log", "Chat", "--with", "maria  lopez", journal=alice, now="2026-11-21 10:00"))
    shown = ok(pj("people", "--team", "--json", journal=alice)).json()[0]["name"]
    cache = Path(os.environ["XDG_CACHE_HOME"])
    for file in cache.rglob("team-*"):
        file.unlink()
    rebuilt = ok(pj("people", "--team", "--json", journal=alice)).json()[0]["name"]
    assert shown == rebuilt == "maria lopez"


def test_who_last_met_someone_follows_a_corrected_time(tmp_path: Path) -> None:
    root = tmp_path / "beat"
    (root / "journals").mkdir(parents=True)
    (root / "team.toml").write_text('[team]\nname = "Beat"\n')
    alice, bob = root / "journals" / "alice.toml", root / "journals" / "bob.toml"
    ok(pj("init", "--officer", "Alice Ward", journal=alice))
    ok(pj("init", "--officer", "Bob Stone", journal=bob))
    ok(pj("log", "Chat", "--with", "Zoë Hart", journal=alice, now="2026-11-20 10:00"))
    late = ok(
        pj("log", "Call", "--with", "Zoë Hart", "--json", journal=bob, now="2026-11-18 10:00")
    ).json()["id"]
    assert ok(pj("people", "--team", "--json", journal=alice)).json()[0]["officer"] == "Alice Ward"
    ok(pj("amend", late, "--when", "2026-11-24 10:45", journal=bob, now="2026-11-25 10:00"))
    row = ok(pj("people", "--team", "--json", journal=alice)).json()[0]
    assert row["officer"] == "Bob Stone" and row["last_met"] == "2026-11-24T10:45:00+00:00"


def test_sync_says_how_many_records_it_shared_and_when_nothing_was_pushed(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    ok(alice("sync"))
    alice.log("First", "--with", "Ann Lee", "--concern", "Broken gate")  # two records
    alice.log("Second", "--with", "Tom Reed")
    synced = ok(alice("sync")).stdout
    branch = git(alice.clone, "rev-parse", "--abbrev-ref", "HEAD").strip()
    assert synced == f"Pushed 3 new records of journals/alice-ward.toml to origin/{branch}.\n"
    again = ok(alice("sync")).stdout
    assert again == (
        f"Up to date: origin/{branch} already has every record of journals/alice-ward.toml.\n"
    )


def test_a_step_at_the_moment_of_a_teammates_raise_comes_after_it(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    concern = bob.json("concern", "raise", "Bins", "--when", "2026-11-25 10:00")["id"]
    bob.sync()
    alice.sync()
    ok(alice("concern", "resolve", concern, "--when", "2026-11-25 10:00"))
    alice.sync()
    # On her laptop the team's index is built afresh, her journal read first: her step
    # comes before Bob's raise in reading order, and after it in time.
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    for view in (alice, laptop):
        row = view.json("concerns", "--team", "--status", "all")[0]
        assert (row["status"], row["last_officer"]) == ("resolved", "Alice Ward")
        week = view.json("summary", "--team", "--week", "2026-W48")
        assert [c["id"] for c in week["concerns"]["resolved"]] == [concern]
        assert week["concerns"]["open"] == []


def test_forget_names_the_teammates_journals_that_still_mention_her_and_export_reads_them(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    bob.log("Zelda Quinn's dog loose again", "--at", "Elm Park", now="2026-11-26 10:00")
    bob.sync()
    alice.log("Met her by the gate", "--with", "Zelda Quinn", "--at", "Elm Park")
    alice.sync()
    # Subject access across the team: Bob's note about her is hers to see.
    export = alice.json("person", "Zelda Quinn", "--export", "--team")
    assert "Zelda Quinn's dog loose again" in json.dumps(export)
    bob_journal = alice.clone / "journals" / bob.journal.name
    before = bob_journal.read_bytes()
    result = ok(alice("forget", "Zelda Quinn", "--yes", "--reason", "Asked in person"))
    assert (
        f"still mentioned in journals/{bob.journal.name}, Bob Stone's journal: only Bob Stone "
        "can erase there" in result.stdout
    )
    assert "git history" in result.stdout
    assert bob_journal.read_bytes() == before  # a colleague's notebook is not hers to change
    assert b"Zelda" not in alice.journal.read_bytes()


def test_the_terminal_views_show_whose_record_it_is_in_a_team_only(
    remote: Path, tmp_path: Path
) -> None:
    """The renderers are told they show a team's view (they never guess it from keys)."""
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("Swings broken", "--with", "Ann Lee", "--at", "Elm Park", "--concern",
              "Swings broken", now="2026-11-26 10:00")  # fmt: skip
    for view, heading in (
        (("recent",), "officer"),
        (("search", "swings"), "officer"),
        (("people",), "met by"),
        (("places",), "visited by"),
        (("concerns",), "officer"),
        (("brief", "Elm Park"), "with"),
    ):
        team = ok(alice(*view, "--team")).stdout
        alone = ok(alice(*view)).stdout
        assert f" {heading} " in team, (view, team)
        assert "Alice" in team, view
        assert "Alice" not in alone, view
