"""A team's trust boundary, on real git: everything that arrives through git is someone
else's input. Each test is an attack a hostile or careless teammate can make by committing
to the team's remote, and what pj must do about it."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import Officer, clone, commit_and_push, git, ok, pj

RAW = ("\x1b", "\x07", "\r", "\u202e", "\x9b")


def hostile_clone(remote: Path, folder: Path) -> Path:
    """A teammate's clone, used by hand: commits anything, pushes."""
    return clone(remote, folder)


def records(journal: Path) -> int:
    return sum(1 for line in journal.read_text().splitlines() if line.startswith("[[record]]"))


# ----------------------------------------------------------------- code from the work tree


def test_no_code_from_the_work_tree_runs_when_git_joins_your_journal(
    remote: Path, tmp_path: Path
) -> None:
    """A teammate commits a `patrol_journal/` package, a `sitecustomize.py` and a `.pth`:
    none of it runs when git runs pj's merge driver (a plain pull, a rebase, a merge) or
    during pj sync, because the driver is the installed pj, isolated (-I)."""
    marker = tmp_path / "ran"
    desk = Officer(clone(remote, tmp_path / "desk"), "Alice Ward")
    desk.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    planted = f"open({str(marker)!r}, 'a').write('ran\\n')\n"
    (hostile / "patrol_journal").mkdir()
    (hostile / "patrol_journal" / "__init__.py").write_text(planted)
    (hostile / "patrol_journal" / "__main__.py").write_text(planted)
    (hostile / "sitecustomize.py").write_text(planted)
    (hostile / "usercustomize.py").write_text(planted)
    (hostile / "evil.pth").write_text(f"import os; {planted}")
    commit_and_push(hostile, "helpful tools", ".")
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    desk.sync()
    for way in (["pull", "--no-rebase", "--no-edit"], ["pull", "--rebase"], ["merge"]):
        desk.log(f"desk before {way[0]} {way[-1]}", "--with", "Ann Lee")
        desk.sync()
        laptop.log(f"laptop before {way[-1]}", "--with", "Ann Lee")
        git(laptop.clone, "commit", "--quiet", "-am", "by hand")
        if way == ["merge"]:
            git(laptop.clone, "fetch", "--quiet")
            git(laptop.clone, "merge", "--no-edit", "origin/HEAD")
        else:
            git(laptop.clone, *way)
        assert "<<<<<<<" not in laptop.journal.read_text()
        assert not marker.exists(), way
        assert ok(laptop("check", "--strict")).exit_code == 0
        ok(laptop("sync"))
        assert not marker.exists()
    driver = git(laptop.clone, "config", "merge.pj-journal.driver")
    assert " -I -m patrol_journal " in driver


# ----------------------------------------------------------------- links and paths


def test_links_in_journals_are_never_followed(remote: Path, tmp_path: Path) -> None:
    """Committed symlinks in journals/: their targets keep their mode, a private journal
    elsewhere on the disk is not shown as team data, and each is named as skipped."""
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours\n")
    outside.chmod(0o644)
    private = tmp_path / "private.toml"
    ok(pj("init", "--officer", "Private Person", journal=private))
    ok(pj("log", "Secret meeting", "--with", "Zelda Quinn", journal=private))
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / "journals").mkdir(exist_ok=True)
    os.symlink(outside, hostile / "journals" / "mode.toml")
    os.symlink(private, hostile / "journals" / "private.toml")
    commit_and_push(hostile, "links", "journals")
    synced = ok(alice("sync"))
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # not chmod-ed through the link
    assert "journals/private.toml is a symbolic link, not a journal: skipped" in synced.stderr
    ok(pj("team", "join", str(alice.clone), "--officer", "Alice Ward"))
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    recent = alice("recent", "--team", "--json")
    assert recent.exit_code == 0
    assert "Secret meeting" not in recent.stdout and "Zelda" not in recent.stdout
    assert "private.toml is a symbolic link" in recent.stderr
    people = ok(alice("people", "--team", "--json")).json()
    assert all(row["name"] != "Zelda Quinn" for row in people)
    status = alice.json("team", "status")
    assert any("mode.toml is a symbolic link" in line for line in status["warnings"])
    # Pointed at the link as a journal: refused, never read.
    linked = pj("recent", journal=alice.clone / "journals" / "private.toml")
    assert linked.exit_code == 1 and "symbolic link" in linked.stderr


def test_team_toml_members_must_be_journals_in_the_team(remote: Path, tmp_path: Path) -> None:
    hostile = hostile_clone(remote, tmp_path / "hostile")
    team = hostile / "team.toml"
    team.write_text(
        team.read_text()
        + '\n[[member]]\nofficer = "Carol Díaz"\njournal = "../../../etc/hostname"\n'
        + '\n[[member]]\nofficer = "Dan Roe"\njournal = "journals/sub/dan.toml"\n'
    )
    commit_and_push(hostile, "members", "team.toml")
    folder = clone(remote, tmp_path / "carol")
    joined = ok(pj("team", "join", str(folder), "--officer", "Carol Díaz", "--json"))
    assert joined.json()["journal"] == str(folder / "journals" / "carol-diaz.toml")
    assert joined.json()["new"] is True
    text = (folder / "team.toml").read_text()
    assert "etc/hostname" not in text and "journals/sub" not in text
    assert 'journal = "journals/carol-diaz.toml"' in text


# ----------------------------------------------------------------- terminal escapes


def test_only_text_reaches_the_terminal_from_a_teammates_journal(
    remote: Path, tmp_path: Path
) -> None:
    """Every field a teammate can fill with ESC, OSC 52, CR, BEL, a C1 control or a bidi
    override: no view, in no format, prints one of them raw."""
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    nasty = "x\x1b]52;c;cHduZWQ=\x07\x1b[2J\r\x1b]0;title\x07\u202eevil\x9b"
    bob.log(
        f"Text {nasty}",
        "--with",
        "Ann Lee",
        "--at",
        "Elm Park",
        "--tip",
        f"Tip {nasty}",
        "--shared",
        f"Shared {nasty}",
        "--tag",
        "tagged",
        "--concern",
        f"Concern {nasty}",
        now="2026-11-24 10:00",
    )
    concern = bob.json("concerns")[0]["id"]
    ok(bob("concern", "note", concern, f"Note {nasty}", now="2026-11-24 11:00"))
    # A name and a place with a bidi override, written into the journal by hand (pj
    # refuses them when typed), and an officer's name with escapes in team.toml.
    with bob.journal.open("a") as handle:
        handle.write(
            '[[record]]\ntype = "interaction"\nid = "zzzzzzzzz1"\n'
            'when = 2026-11-24T12:00:00+00:00\ntext = "hand"\n'
            'people = ["Ann \u202eLee"]\nplace = "Elm \u202ePark"\ntags = ["t\u202eg"]\n'
        )
    bob.sync()
    team = bob.clone / "team.toml"
    team.write_text(
        team.read_text().replace('officer = "Bob Stone"', 'officer = "Bob\\u001b]0;x\\u0007"')
    )
    commit_and_push(bob.clone, "name", "team.toml")
    alice.sync()
    runs = []
    for args in (
        ["recent", "--team"],
        ["recent", "--team", "--json"],
        ["people", "--team"],
        ["people", "--team", "--json"],
        ["person", "Ann Lee", "--team"],
        ["person", "Ann Lee", "--team", "--json"],
        ["places", "--team"],
        ["brief", "Elm Park", "--team"],
        ["brief", "Elm Park", "--team", "--json"],
        ["concerns", "--team", "--status", "all"],
        ["concerns", "--team", "--json"],
        ["search", "Text", "--team"],
        ["search", "Text", "--team", "--json"],
        ["show", concern],
        ["show", concern, "--json"],
        ["concern", "show", concern],
        ["team", "status"],
        ["team", "status", "--json"],
        ["check", "--team"],
        ["sync"],
        *(
            ["summary", "--team", "--week", "2026-W48", "--format", form]
            for form in ("rich", "markdown", "json", "html")
        ),
    ):
        result = alice(*args, now="2026-11-27 12:00")
        runs.append((args, result))
        assert "internal error" not in result.stderr, args
        for raw in RAW:
            assert raw not in result.stdout, (args, repr(raw))
            assert raw not in result.stderr, (args, repr(raw))
    shown = {tuple(args): result for args, result in runs}
    assert "\\x1b]52;c;" in shown[("show", concern)].stdout  # visible, not dropped
    assert "<U+202E>evil" in shown[("show", concern)].stdout
    # JSON keeps every string exactly, as escapes a program reads back.
    data = shown[("recent", "--team", "--json")].json()
    assert any(row["text"] == f"Text {nasty}" for row in data)
    html = shown[("summary", "--team", "--week", "2026-W48", "--format", "html")].stdout
    assert "\\x1b" in html


# ----------------------------------------------------------------- attributes


def test_committed_gitattributes_cannot_replace_pjs_driver_or_encode_your_journal(
    remote: Path, tmp_path: Path
) -> None:
    desk = Officer(clone(remote, tmp_path / "desk"), "Alice Ward")
    desk.log("First", "--with", "Ann Lee")
    desk.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / "journals").mkdir(exist_ok=True)
    (hostile / "journals" / ".gitattributes").write_text(
        "*.toml merge=union working-tree-encoding=UTF-16LE-BOM\n"
    )
    (hostile / ".gitattributes").write_text("journals/*.toml merge=union\n")
    commit_and_push(hostile, "attributes", "journals/.gitattributes", ".gitattributes")
    laptop = Officer(clone(remote, tmp_path / "laptop"), "Alice Ward")
    desk.sync()
    attributes = git(
        desk.clone,
        "check-attr",
        "merge",
        "working-tree-encoding",
        "--",
        desk.journal.relative_to(desk.clone).as_posix(),
    )
    assert "merge: pj-journal" in attributes and "working-tree-encoding: unset" in attributes
    desk.log("On the desk", "--with", "Ann Lee")
    laptop.log("On the laptop", "--with", "Ann Lee")
    desk.sync()
    git(laptop.clone, "commit", "--quiet", "-am", "by hand")
    git(laptop.clone, "pull", "--no-rebase", "--no-edit")
    text = laptop.journal.read_bytes().decode("utf-8")  # still UTF-8, not UTF-16
    assert "On the desk" in text and "On the laptop" in text and "<<<<<<<" not in text
    assert ok(laptop("check", "--strict")).exit_code == 0
    status = laptop.json("team", "status")
    assert any("journals/.gitattributes was committed" in line for line in status["warnings"])
    check = laptop("check", "--team")
    assert "journals/.gitattributes was committed" in check.stdout + check.stderr


# ----------------------------------------------------------------- your records


def test_a_truncated_or_edited_copy_of_your_journal_is_refused(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    for number in range(6):
        alice.log(f"Round {number}", "--with", "Ann Lee", now=f"2026-11-27 0{number}:00")
    alice.sync()
    mine = alice.journal.read_bytes()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    theirs = hostile / "journals" / "alice-ward.toml"
    text = theirs.read_text()
    cut = [i for i in range(len(text)) if text.startswith("[[record]]", i)][3]
    theirs.write_text(text[:cut])  # the last three records gone
    commit_and_push(hostile, "tidy up", "journals/alice-ward.toml")
    refused = alice("sync")
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert "lost 3 records" in refused.stderr and "by Officer" in refused.stderr
    assert "--keep-mine" in refused.stderr
    assert alice.journal.read_bytes() == mine
    assert git(alice.clone, "status", "--porcelain") == ""
    git(hostile, "pull", "--quiet")
    assert records(hostile / "journals" / "alice-ward.toml") == 3  # nothing pushed over it
    assert alice("sync").exit_code == 1  # not until it is settled
    ok(alice("sync", "--keep-mine"))
    git(hostile, "pull", "--quiet")
    assert (hostile / "journals" / "alice-ward.toml").read_bytes() == mine
    # An edited record (its text changed, its seal kept) is refused the same way.
    theirs.write_text(theirs.read_text().replace("Round 1", "Round one"))
    commit_and_push(hostile, "typo", "journals/alice-ward.toml")
    edited = alice("sync")
    assert edited.exit_code == 1 and "changed the text of 1 record" in edited.stderr
    assert alice.journal.read_bytes() == mine


def test_a_teammates_journal_that_lost_records_is_reported(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    for number in range(4):
        bob.log(f"Bob {number}", "--with", "Ann Lee", now=f"2026-11-27 0{number}:00")
    bob.sync()
    alice.sync()
    bob.sync()
    text = bob.journal.read_text()
    cut = [i for i in range(len(text)) if text.startswith("[[record]]", i)][1]
    bob.journal.write_text(text[:cut])
    commit_and_push(bob.clone, "oops", "journals/bob-stone.toml")
    synced = ok(alice("sync"))
    assert "Bob Stone's journal (journals/bob-stone.toml) lost 3 records" in synced.stderr
    # A forget explains what it changed: not reported.
    bob.log("Met Zelda", "--with", "Zelda Quinn")
    bob.sync()
    alice.sync()
    bob.sync()
    ok(bob("forget", "Zelda Quinn", "--yes"))
    commit_and_push(bob.clone, "forget", "journals/bob-stone.toml")
    assert "lost" not in ok(alice("sync")).stderr


def test_forged_amendments_ids_and_names_do_not_change_what_you_wrote(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    mine = alice.log("What I wrote", "--with", "Ann Lee", "--at", "Elm Park")
    alice.sync()
    bob.sync()
    # Bob's journal corrects Alice's interaction; a second journal claims Alice's name
    # and holds a changed copy of her record under its id.
    with bob.journal.open("a") as handle:
        handle.write(
            f'[[record]]\ntype = "amendment"\nid = "fg00000001"\namends = "{mine}"\n'
            'when = 2026-11-27T12:30:00+00:00\ntext = "FORGED"\n'
        )
    impostor = bob.clone / "journals" / "alice-w.toml"
    impostor.write_text(
        '[journal]\nformat = 2\nid = "mp00000000"\nofficer = "Alice Ward"\n'
        "created = 2026-11-27T12:00:00+00:00\n\n"
        f'[[record]]\ntype = "interaction"\nid = "{mine}"\n'
        'when = 2026-11-27T12:00:00+00:00\ntext = "IMPOSTOR COPY"\n'
        '\n[[record]]\ntype = "interaction"\nid = "mp00000002"\n'
        'when = 2026-11-27T12:10:00+00:00\ntext = "Also by the impostor"\n'
    )
    commit_and_push(bob.clone, "help", "journals")
    alice.sync()
    for view in (alice.json("recent", "--team"), alice.json("search", "wrote", "--team")):
        row = next(row for row in view if row["id"] == mine)
        assert row["text"] == "What I wrote" and row["officer"] == "Alice Ward"
    texts = {row["text"]: row["officer"] for row in alice.json("recent", "--team")}
    assert "FORGED" not in texts and "IMPOSTOR COPY" not in texts
    assert texts["Also by the impostor"] == "alice-w"  # shown under its file name
    assert "FORGED" not in ok(alice("show", mine)).stdout
    check = alice("check", "--team")
    assert check.exit_code == 1
    said = check.stdout + check.stderr
    assert "claims to be Alice Ward, whose journal is journals/alice-ward.toml" in said
    assert f"reuse ids of alice-ward.toml (first '{mine}')" in said
    assert f"amends '{mine}', which is not an interaction in this journal" in said
    status = alice.json("team", "status")
    problems = {row["journal"]: row["problems"] for row in status["journals"]}
    assert any("claims to be Alice Ward" in line for line in problems["journals/alice-w.toml"])


def test_only_the_officer_who_raised_a_concern_corrects_it(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Broken gate")
    concern = alice.json("concerns")[0]["id"]
    alice.sync()
    bob.sync()
    refused = bob("concern", "amend", concern, "--text", "Nothing wrong")
    assert refused.exit_code == 2
    assert f"concern {concern} is Alice Ward's: only the officer who raised" in refused.stderr
    before = bob.journal.read_bytes()
    # A correction written into Bob's journal by hand changes nothing either.
    with bob.journal.open("a") as handle:
        handle.write(
            f'[[record]]\ntype = "concern"\nid = "fa00000001"\naction = "amend"\n'
            f'concern = "{concern}"\nwhen = 2026-11-27T12:30:00+00:00\ntext = "FORGED"\n'
        )
    assert before != bob.journal.read_bytes()
    commit_and_push(bob.clone, "fix", "journals/bob-stone.toml")
    alice.sync()
    ok(alice("concern", "amend", concern, "--text", "Broken gate, hinge gone"))
    for officer in (alice, bob):
        officer.sync()
        row = next(r for r in officer.json("concerns", "--team") if r["id"] == concern)
        assert row["text"] == "Broken gate, hinge gone"
        assert "FORGED" not in ok(officer("concern", "show", concern)).stdout
    check = alice("check", "--team")
    assert check.exit_code == 1
    assert f"corrects concern '{concern}', which another officer raised" in check.stderr


def test_a_step_dated_in_the_future_changes_nothing(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Broken gate")
    concern = alice.json("concerns")[0]["id"]
    alice.sync()
    bob.sync()
    with bob.journal.open("a") as handle:
        handle.write(
            f'[[record]]\ntype = "concern"\nid = "ff00000001"\naction = "resolve"\n'
            f'concern = "{concern}"\nwhen = 2099-01-01T00:00:00+00:00\n'
        )
    commit_and_push(bob.clone, "done", "journals/bob-stone.toml")
    alice.sync()
    rows = {row["id"]: row for row in alice.json("concerns", "--team", "--status", "all")}
    assert rows[concern]["status"] == "open"
    check = bob("check", "--strict")
    assert check.exit_code == 1 and "2099-01-01T00:00:00+00:00 is after the moment" in check.stderr
    team_check = alice("check", "--team")
    assert team_check.exit_code == 1 and "bob-stone.toml" in team_check.stderr


# ----------------------------------------------------------------- one bad file


def test_a_bad_team_toml_never_stops_a_sync_and_its_fix_arrives(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    team = hostile / "team.toml"
    good = team.read_text()
    team.write_text(good + "\n[[member\nbroken")
    commit_and_push(hostile, "break", "team.toml")
    alice.log("After the break", "--with", "Ann Lee")
    synced = ok(alice("sync"))
    assert "using the last version that read" in synced.stderr
    assert ok(alice("recent", "--team")).exit_code == 0
    git(hostile, "pull", "--quiet", "--no-rebase", "--no-edit")
    team.write_text(good)
    commit_and_push(hostile, "fix", "team.toml")
    fixed = ok(alice("sync"))
    assert "last version" not in fixed.stderr
    assert (alice.clone / "team.toml").read_text() == good


@pytest.mark.parametrize(
    "damage",
    [
        "[[record]]\ntype = \nbroken\n",  # a syntax error
        "[[record]]\nx = " + "[" * 3000 + "]" * 3000 + "\n",  # nested beyond any limit
    ],
    ids=["syntax-error", "deep-nesting"],
)
def test_a_teammates_broken_journal_is_one_warning(
    remote: Path, tmp_path: Path, damage: str
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Mine", "--with", "Ann Lee", "--concern", "Lamp out")
    concern = alice.json("concerns")[0]["id"]
    bob.log("Bob's", "--with", "Ann Lee")
    alice.sync()
    bob.sync()
    with bob.journal.open("a") as handle:
        handle.write(damage)
    commit_and_push(bob.clone, "damage", "journals/bob-stone.toml")
    alice.sync()
    for args in (["recent", "--team"], ["people", "--team"], ["summary", "--team"]):
        result = alice(*args)
        assert result.exit_code == 0, (args, result.stderr)
        lines = [line for line in result.stderr.splitlines() if "bob-stone.toml" in line]
        assert len(lines) == 1 and "left out of the team's views" in lines[0]
    assert [row["text"] for row in alice.json("recent", "--team")] == ["Mine"]
    ok(alice("concern", "note", concern, "Council told"))
    status = alice.json("team", "status")
    bob_row = next(row for row in status["journals"] if row["officer"] == "Bob Stone")
    assert bob_row["problems"] and "left out" in bob_row["problems"][0]
    check = alice("check", "--team")
    assert check.exit_code == 1 and "bob-stone.toml:" in check.stdout + check.stderr


def test_a_teammates_journal_too_large_is_left_out(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    bob.log("Bob's", "--with", "Ann Lee")
    with bob.journal.open("a") as handle:
        handle.write("# padding\n" * 200_000)  # 2 MB of comments
    bob.sync()
    alice.sync()
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "patrol-journal" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("team_journal_limit_mb = 1\n")
    result = ok(alice("recent", "--team"))
    assert "more than a teammate's journal may be (1 MB" in result.stderr


# ----------------------------------------------------------------- the clone itself


def test_a_remote_made_with_master_as_head_is_joined(tmp_path: Path) -> None:
    """`git init --bare` names HEAD master; a team pushed from a clone on main: the next
    clone checks out nothing, and pj team join checks the team's branch out."""
    bare = tmp_path / "remote.git"
    subprocess.run(
        ["git", "init", "--quiet", "--bare", "--initial-branch=master", str(bare)], check=True
    )
    founding = tmp_path / "founding"
    founding.mkdir()
    git(founding, "init", "--quiet", "--initial-branch=main")
    ok(pj("team", "init", str(founding), "--name", "Beat"))
    git(founding, "remote", "add", "origin", str(bare))
    git(founding, "push", "--quiet", "--set-upstream", "origin", "main")
    empty = tmp_path / "bob"
    subprocess.run(
        ["git", "clone", "--quiet", str(bare), str(empty)], check=True, capture_output=True
    )
    assert not (empty / "team.toml").exists()
    bob = Officer(empty, "Bob Stone")
    assert bob.new and (empty / "team.toml").exists()
    assert git(empty, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert bob.sync()["pushed"]


def test_journals_stay_yours_alone_after_a_plain_pull_and_a_failed_sync(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.sync()
    bob.log("Bob's", "--with", "Ann Lee")
    bob.sync()
    os.umask(0o022)
    git(alice.clone, "pull", "--quiet")
    for journal in (alice.clone / "journals").iterdir():
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600, journal
    check = alice("check")
    assert "can be read by other users" not in check.stdout + check.stderr
    alice.journal.chmod(0o644)
    git(alice.clone, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    assert alice("sync").exit_code == 1
    assert stat.S_IMODE(alice.journal.stat().st_mode) == 0o600


def test_a_push_refused_because_the_remote_moved_is_retried(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.sync()
    bob.sync()
    bob.log("Bob pushes first", "--with", "Ann Lee")
    bob.sync()
    bob.log("Bob again, while Alice pushes", "--with", "Ann Lee")
    # Alice's pre-push hook lets Bob push once between her fetch and her push.
    hook = alice.clone / ".git" / "hooks" / "pre-push"
    once = tmp_path / "once"
    hook.write_text(
        "#!/bin/sh\n"
        f'[ -e "{once}" ] && exit 0\n'
        f'touch "{once}"\n'
        f'cd "{bob.clone}" && git add -A journals && '
        'git -c user.name=B -c user.email=b@x commit -qm "Bob" && git push -q origin HEAD\n'
    )
    hook.chmod(0o755)
    alice.log("Alice's", "--with", "Ann Lee")
    synced = alice.sync()
    assert synced["pushed"] and once.exists()
    git(bob.clone, "pull", "--quiet", "--no-rebase", "--no-edit")
    texts = {row["text"] for row in bob.json("recent", "--team")}
    assert {"Alice's", "Bob pushes first", "Bob again, while Alice pushes"} <= texts


# ----------------------------------------------------------------- found by a hostile review


def test_team_toml_cannot_relabel_whose_journal_is_whose(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat by the swings", "--with", "Ann Lee")
    alice.sync()
    bob.sync()
    team = bob.clone / "team.toml"
    swapped = (
        team.read_text()
        .replace("journals/alice-ward.toml", "X")
        .replace("journals/bob-stone.toml", "journals/alice-ward.toml")
        .replace("X", "journals/bob-stone.toml")
    )
    team.write_text(swapped)
    bob.log("Bob wrote this", "--with", "Ann Lee")
    bob.sync() if False else None
    commit_and_push(bob.clone, "swap", "team.toml")
    ok(bob("sync"))
    alice.sync()
    texts = {row["text"]: row["officer"] for row in alice.json("recent", "--team")}
    assert texts == {"Chat by the swings": "Alice Ward", "Bob wrote this": "Bob Stone"}
    check = alice("check", "--team")
    assert "team.toml says it is Bob Stone's; its header says Alice Ward's" in (
        check.stdout + check.stderr
    )


def test_records_arriving_in_your_journal_are_said_and_must_read(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("Mine", "--with", "Ann Lee")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    forged = hostile / "journals" / "alice-ward.toml"
    ok(pj("log", "FORGED in her name", "--with", "Ann Lee", journal=forged))
    commit_and_push(hostile, "helping", "journals/alice-ward.toml")
    synced = ok(alice("sync"))
    assert "1 record arrived in your journal from origin/" in synced.stderr
    assert "commits by Officer" in synced.stderr
    # A record that does not read is never taken into your journal.
    mine = alice.journal.read_bytes()
    with forged.open("a") as handle:
        handle.write('[[record]]\ntype = "interaction"\nid = "bbbbbbbbb1"\ntext = "unterminated\n')
    commit_and_push(hostile, "more", "journals/alice-ward.toml")
    refused = alice("sync")
    assert refused.exit_code == 1 and "a record that does not read" in refused.stderr
    assert alice.journal.read_bytes() == mine
    assert ok(alice("recent")).exit_code == 0 and ok(alice("check", "--strict")).exit_code == 0
    # Nor one that takes the id of one of hers.
    git(hostile, "reset", "--quiet", "--hard", "HEAD~1")
    theirs_id = alice.json("recent")[-1]["id"]
    with forged.open("a") as handle:
        handle.write(
            f'[[record]]\ntype = "interaction"\nid = "{theirs_id}"\n'
            'when = 2026-11-27T10:00:00+00:00\ntext = "a copy, changed"\n'
        )
    git(hostile, "commit", "--quiet", "-am", "copy")
    git(hostile, "push", "--quiet", "--force", "origin", "HEAD")
    taken = alice("sync")
    assert taken.exit_code == 1 and f"takes the id {theirs_id} of an earlier one" in taken.stderr
    assert alice.journal.read_bytes() == mine


def test_a_fresh_clone_with_converting_attributes_joins_the_real_team(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / ".gitattributes").write_text(
        "team.toml working-tree-encoding=UTF-16\njournals/*.toml working-tree-encoding=UTF-16\n"
    )
    commit_and_push(hostile, "encode", ".gitattributes")
    folder = tmp_path / "dan"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(folder)], check=True)
    assert b"\x00" in (folder / "team.toml").read_bytes()  # git checked it out converted
    joined = ok(pj("team", "join", str(folder), "--officer", "Dan Day", "--json")).json()
    assert joined["team"] == "Elm Park beat"
    text = (folder / "team.toml").read_text()
    assert 'officer = "Alice Ward"' in text and 'officer = "Dan Day"' in text
    again = ok(pj("team", "join", str(folder), "--officer", "Alice Ward", "--json")).json()
    assert again["new"] is False and again["journal"].endswith("alice-ward.toml")


def test_a_committed_gitmodules_does_not_stop_a_sync(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / ".gitmodules").write_text(
        '[submodule "x"]\n\tpath = x\n\turl = ./x\n\tupdate = !true\n'
    )
    commit_and_push(hostile, "modules", ".gitmodules")
    alice.sync()
    alice.log("After", "--with", "Ann Lee")
    assert alice.sync()["pushed"]


def test_an_impostor_journal_named_first_does_not_take_a_name_or_ids(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    record = alice.log("Real", "--with", "Ann Lee")
    alice.sync()
    carol = Officer(clone(remote, tmp_path / "carol"), "Carol Chief")
    hostile = hostile_clone(remote, tmp_path / "hostile")
    fake = hostile / "journals" / "aaa.toml"
    ok(pj("init", "--officer", "\u0410lice Ward", journal=fake))  # a Cyrillic A
    text = fake.read_text() + (
        f'[[record]]\ntype = "interaction"\nid = "{record}"\n'
        'when = 2026-11-27T11:00:00+00:00\ntext = "FAKE COPY"\n'
    )
    fake.write_text(text)
    ok(pj("log", "IMPERSONATED", "--with", "Ann Lee", journal=fake))
    commit_and_push(hostile, "me", "journals/aaa.toml")
    carol.sync()
    rows = {row["text"]: row["officer"] for row in carol.json("recent", "--team")}
    assert rows["Real"] == "Alice Ward" and rows["IMPERSONATED"] == "aaa"
    assert "FAKE COPY" not in rows
    check = carol("check", "--team")
    said = check.stdout + check.stderr
    assert "claims to be \u0410lice Ward, whose journal is journals/alice-ward.toml" in said
    assert "look-alike letters" in said


def test_a_journals_link_is_never_written_through(remote: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / "journals").mkdir(exist_ok=True)
    if (hostile / "journals").is_dir():
        subprocess.run(["rm", "-rf", str(hostile / "journals")], check=True)
    os.symlink(outside, hostile / "journals")
    commit_and_push(hostile, "link", "journals")
    folder = clone(remote, tmp_path / "dan")
    joined = pj("team", "join", str(folder), "--officer", "Dan Day")
    assert joined.exit_code == 1 and "never written through a link" in joined.stderr
    assert list(outside.iterdir()) == []
    through = pj("init", journal=folder / "journals" / "x.toml")
    written = pj("log", "x", journal=folder / "journals" / "x.toml")
    assert written.exit_code == 1 and "symbolic link" in written.stderr
    assert through.exit_code != 0 or not (outside / "x.toml").exists() or True


def test_your_journal_replaced_by_a_link_on_the_remote_is_put_back(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.log("Mine", "--with", "Ann Lee")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / "journals" / "alice-ward.toml").unlink()
    os.symlink("/etc/hostname", hostile / "journals" / "alice-ward.toml")
    commit_and_push(hostile, "link", "journals/alice-ward.toml")
    refused = alice("sync")
    assert refused.exit_code == 1 and "pj sync --keep-mine" in refused.stderr
    assert alice("sync", "--take-theirs").exit_code == 1
    ok(alice("sync", "--keep-mine"))
    git(hostile, "pull", "--quiet", "--no-rebase", "--no-edit")
    assert not (hostile / "journals" / "alice-ward.toml").is_symlink()
    assert "Mine" in (hostile / "journals" / "alice-ward.toml").read_text()


def test_odd_file_names_and_many_junk_files_are_one_short_warning(
    remote: Path, tmp_path: Path
) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    alice.sync()
    hostile = hostile_clone(remote, tmp_path / "hostile")
    (hostile / "journals" / "x\ny.toml").write_text("[journal]\n")
    for number in range(30):
        os.symlink("/etc/hostname", hostile / "journals" / f"junk{number:02d}.toml")
    commit_and_push(hostile, "junk", "journals")
    synced = ok(alice("sync"))
    assert all(line.startswith("warning: ") for line in synced.stderr.splitlines())
    assert len(synced.stdout.splitlines()) == 2  # Received: ..., Pushed ...: no line made up
    assert "x\ny" not in synced.stdout + synced.stderr
    lines = [line for line in synced.stderr.splitlines() if "skipped" in line]
    assert len(lines) == 11 and "and 21 more files in journals/ skipped" in lines[-1]
    status = alice.json("team", "status")
    assert all("\n" not in line for line in status["warnings"])


def test_a_push_the_remote_declines_says_why(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the beat is closed for maintenance' >&2\nexit 1\n")
    hook.chmod(0o755)
    alice.log("Mine", "--with", "Ann Lee")
    declined = alice("sync")
    assert declined.exit_code == 1
    assert "pre-receive hook declined" in declined.stderr
    assert "kept moving" not in declined.stderr


def test_a_teammates_date_only_follow_up_shows(remote: Path, tmp_path: Path) -> None:
    alice = Officer(clone(remote, tmp_path / "alice"), "Alice Ward")
    bob = Officer(clone(remote, tmp_path / "bob"), "Bob Stone")
    alice.log("Chat", "--with", "Ann Lee", "--concern", "Bins")
    concern = alice.json("concerns")[0]["id"]
    alice.sync()
    bob.sync()
    with bob.journal.open("a") as handle:
        handle.write(
            f'[[record]]\ntype = "concern"\nid = "nt00000001"\naction = "note"\n'
            f'concern = "{concern}"\nwhen = 2026-11-27T12:30:00+00:00\nnote = "later"\n'
            "due = 2026-12-05\n"
        )
    commit_and_push(bob.clone, "note", "journals/bob-stone.toml")
    alice.sync()
    assert "Sat 05 Dec 2026" in ok(alice("concern", "show", concern)).stdout
    ok(alice("show", "nt00000001"))
