from pathlib import Path

from patrol_journal.journal.read import read as read_journal
from patrol_journal.model import Amendment
from tests.conftest import Pj, logged


def test_amend_appends_a_correction_and_reads_show_the_corrected_version(
    pj: Pj, journal: Path
) -> None:
    record_id = logged(
        pj,
        "Chat by the swings",
        "--with",
        "Maria Lopes",
        "--at",
        "Elm Park",
        "--when",
        "2026-10-27 10:15",
    )
    before = journal.read_bytes()
    result = pj(
        "amend", record_id[:6], "--with", "Maria Lopez", "--when", "2026-10-27 11:00", "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert result.json()["amends"] == record_id
    assert journal.read_bytes().startswith(before)
    correction = read_journal(journal).records[-1]
    assert isinstance(correction, Amendment)
    assert correction.amends == record_id
    assert correction.people == ["Maria Lopez"]
    assert correction.text is None  # only what was given changes

    (current,) = pj("recent", "--json").json()
    assert current["people"] == ["Maria Lopez"]
    assert current["when"] == "2026-10-27T11:00:00+00:00"
    assert current["text"] == "Chat by the swings"
    assert current["place"] == "Elm Park"
    assert current["amended"] == 1

    history = pj("show", record_id, "--json").json()
    assert history["original"]["people"] == ["Maria Lopes"]
    assert history["current"]["people"] == ["Maria Lopez"]
    assert [c["id"] for c in history["corrections"]] == [correction.id]


def test_amend_twice_the_latest_wins(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "first text")
    assert pj("amend", record_id, "second text").exit_code == 0
    assert pj("amend", record_id, "third text", "--kind", "call").exit_code == 0
    (current,) = pj("recent", "--json").json()
    assert current["text"] == "third text"
    assert current["kind"] == "call"
    assert current["amended"] == 2


def test_amend_by_the_id_of_a_correction_corrects_the_interaction(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "first text")
    correction = pj("amend", record_id, "second", "--json").json()["id"]
    assert pj("amend", correction, "third").exit_code == 0
    (current,) = pj("recent", "--json").json()
    assert current["text"] == "third"


def test_amend_with_nothing_to_change_is_refused(pj: Pj, journal: Path) -> None:
    record_id = logged(pj, "text")
    before = journal.read_bytes()
    result = pj("amend", record_id)
    assert result.exit_code == 2
    assert "nothing to correct" in result.stderr
    assert journal.read_bytes() == before


def test_amend_unknown_and_short_ids(pj: Pj, journal: Path) -> None:
    logged(pj, "text")
    before = journal.read_bytes()
    unknown = pj("amend", "zzzzzz", "x")
    assert unknown.exit_code == 1
    assert "no interaction" in unknown.stderr
    short = pj("amend", "ab", "x")
    assert short.exit_code == 2
    assert "too short" in short.stderr
    assert journal.read_bytes() == before


def test_amend_refuses_a_concern_id(pj: Pj, journal: Path) -> None:
    concern_id = pj("log", "x", "--concern", "Noise", "--json").json()["concerns"][0]
    result = pj("amend", concern_id, "y")
    assert result.exit_code == 1
    assert "no interaction or amendment" in result.stderr


def _editor(tmp_path: Path, script: str) -> str:
    """An $EDITOR that rewrites the draft with Python (`text` is the draft), and keeps
    what it was given in `seen.txt`."""
    import sys

    path = tmp_path / "editor.py"
    path.write_text(
        "import pathlib, sys\n"
        "draft = pathlib.Path(sys.argv[1])\n"
        "text = draft.read_text(encoding='utf-8')\n"
        f"pathlib.Path({str(tmp_path / 'seen.txt')!r}).write_text(text, encoding='utf-8')\n"
        f"{script}\n"
        "draft.write_text(text, encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {path}"


def test_amend_in_the_editor_starts_from_how_it_reads_and_corrects_what_changed(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    record_id = logged(
        pj, "Chat about the bins", "--with", "Maria Lopes", "--at", "Elm Park", "--tag", "bins",
        "--when", "2026-11-28 21:30",
    )  # fmt: skip
    edit = _editor(
        tmp_path,
        "text = text.replace('with: Maria Lopes', 'with: Maria Lopez\\nwith: Tom Reed')\n"
        "text = text.replace('tag: bins\\n', '')",
    )
    before = journal.read_bytes()
    result = pj("amend", record_id, "--edit", "--kind", "patrol", "--json", env={"EDITOR": edit})
    assert result.exit_code == 0, result.stderr
    seen = (tmp_path / "seen.txt").read_text(encoding="utf-8")
    # How it reads now, with the option given put in.
    for line in ("when: 2026-11-28 21:30", "kind: patrol", "with: Maria Lopes", "at: Elm Park",
                 "tag: bins", "Chat about the bins"):  # fmt: skip
        assert line + "\n" in seen
    assert journal.read_bytes().startswith(before)
    correction = read_journal(journal).records[-1]
    assert isinstance(correction, Amendment)
    # Only what changed: who, the kind, and the tags emptied (an empty list, kept).
    assert correction.model_dump(exclude_none=True, exclude={"id", "recorded", "seal"}) == {
        "type": "amendment",
        "amends": record_id,
        "kind": "patrol",
        "people": ["Maria Lopez", "Tom Reed"],
        "tags": [],
    }
    assert "tags = []\n" in journal.read_text(encoding="utf-8")
    (current,) = pj("recent", "--json").json()
    assert (current["people"], current["tags"], current["place"]) == (
        ["Maria Lopez", "Tom Reed"],
        [],
        "Elm Park",
    )
    assert pj("search", "--tag", "bins", "--json").json() == []


def test_amend_in_the_editor_moves_when_only_if_it_was_changed(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    record_id = logged(pj, "Chat", "--when", "2026-11-28 21:30")
    edit = _editor(
        tmp_path, "text = text.replace('when: 2026-11-28 21:30', 'when: 28/11/2026 20:00')"
    )
    result = pj("amend", record_id, "--edit", env={"EDITOR": edit})
    assert result.exit_code == 0, result.stderr
    assert "it happened Sat 28 Nov 2026 20:00" in result.stdout
    (current,) = pj("recent", "--json").json()
    assert current["when"] == "2026-11-28T20:00:00+00:00"


def test_an_edit_that_changes_nothing_corrects_nothing_and_keeps_no_draft(
    pj: Pj, journal: Path, tmp_path: Path
) -> None:
    record_id = logged(pj, "Chat", "--with", "Maria Lopez")
    before = journal.read_bytes()
    result = pj("amend", record_id, "--edit", env={"EDITOR": _editor(tmp_path, "")})
    assert result.exit_code == 2
    assert result.stderr.strip() == ("nothing was changed in the editor, so nothing was corrected")
    assert journal.read_bytes() == before
    assert not (tmp_path / "xdg" / "xdg_data_home" / "patrol-journal" / "drafts").exists()
