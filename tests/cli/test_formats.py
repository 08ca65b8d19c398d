"""One registry of formats: every list view and the summary in each, CSV that reads back
to the JSON's values, formula cells neutralised, --output naming the format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from patrol_journal.formats import FORMATS, NAMES
from patrol_journal.render.tables import cell
from tests.conftest import Pj, logged, ok

NOW = {"PJ_NOW": "2026-11-30 12:00"}
VIEWS = [
    ["recent", "-n", "50"],
    ["people"],
    ["places"],
    ["concerns"],
    ["search", "gate"],
    ["summary", "--week", "last"],
]


@pytest.fixture
def beat(pj: Pj, journal: Path) -> Path:
    logged(
        pj,
        "Chat about the gate, \x1b[31mred\x1b[0m",
        "--with",
        '=HYPERLINK("http://evil.example","click")',
        "--with",
        "José García (resident)",
        "--at",
        "Elm Park",
        "--concern",
        "The gate is broken",
        "--tip",
        "+44 says the van is back",
        "--tag",
        "-gate",
        "--when",
        "2026-11-24 10:00",
        env=NOW,
    )
    logged(pj, '=HYPERLINK("http://evil.example","click")', "--with", "Zoë Martin", env=NOW)
    logged(pj, "Gate mended", "--at", "Elm Park", "--kind", "patrol", "--when", "2026-11-26 09:15")
    return journal


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _expected(value: Any) -> str:
    """A JSON value as its CSV cell (a formula-like text after a quote)."""
    text = cell(value)
    if isinstance(value, str | list | dict) and text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text.replace("\x1b", "\\x1b")


@pytest.mark.parametrize(
    "view", [["recent", "-n", "50"], ["people"], ["places"], ["search", "gate"]]
)
def test_a_list_views_csv_reads_back_to_its_json(pj: Pj, beat: Path, view: list[str]) -> None:
    data = ok(pj(*view, "--json", env=NOW)).json()
    text = ok(pj(*view, "--format", "csv", env=NOW)).stdout
    rows = _rows(text)
    assert len(rows) == len(data) > 0
    for row, item in zip(rows, data, strict=True):
        assert list(row) == list(item)  # one column a key, in order
        assert row == {key: _expected(value) for key, value in item.items()}


def test_the_summarys_csv_reads_back_to_its_json(pj: Pj, beat: Path) -> None:
    week = ["summary", "--week", "2026-W48"]
    data = ok(pj(*week, "--json", env=NOW)).json()
    rows = _rows(ok(pj(*week, "--format", "csv", env=NOW)).stdout)
    sections: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        sections.setdefault(row["section"], []).append(row)
    totals = {row["name"]: (row["value"], row["previous"]) for row in sections["totals"]}
    assert totals == {
        name: (str(value), cell(data["previous"][name])) for name, value in data["totals"].items()
    }
    for key in ("people", "places", "per_day", "tips", "not_visited"):
        assert len(sections.get(key, [])) == len(data[key]), key
        for row, item in zip(sections.get(key, []), data[key], strict=True):
            assert {k: row[k] for k in item} == {k: _expected(v) for k, v in item.items()}
    opened = sections["concerns opened"]
    assert [row["text"] for row in opened] == [c["text"] for c in data["concerns"]["opened"]]
    assert sections["period"][0]["start"] == data["period"]["start"] == "2026-11-23"


def test_pandas_reads_the_csvs_to_the_same_values(pj: Pj, beat: Path) -> None:
    pandas = pytest.importorskip("pandas")
    for view in (["recent", "-n", "50"], ["summary", "--week", "2026-W48"]):
        data = ok(pj(*view, "--json", env=NOW)).json()
        text = ok(pj(*view, "--format", "csv", env=NOW)).stdout
        frame = pandas.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        assert frame.to_dict("records") == _rows(text)
        if view[0] == "recent":
            assert [int(n) for n in frame["amended"]] == [item["amended"] for item in data]
            assert list(frame["when"]) == [item["when"] for item in data]
        else:
            people = frame[frame["section"] == "people"]
            assert [int(n) for n in people["interactions"]] == [
                p["interactions"] for p in data["people"]
            ]


def test_a_cell_a_spreadsheet_would_run_is_neutralised(pj: Pj, beat: Path) -> None:
    for view in (["people"], ["recent"], ["summary", "--week", "2026-W48"]):
        text = ok(pj(*view, "--format", "csv", env=NOW)).stdout
        for row in csv.reader(io.StringIO(text, newline="")):
            for value in row:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (view, value)
        assert "'=HYPERLINK" in text
        assert "\x1b" not in text  # control characters written visibly
    recent = ok(pj("recent", "--format", "csv", env=NOW)).stdout
    assert "'+44 says the van is back" in recent and "'-gate" in recent
    assert '"\'=HYPERLINK(""http://evil.example"",""click"")"' in recent


def test_csv_is_rfc_4180(pj: Pj, beat: Path, tmp_path: Path) -> None:
    """CRLF line ends, fields with commas, quotes or line ends quoted, UTF-8."""
    target = tmp_path / "recent.csv"
    ok(pj("recent", "--output", str(target), env=NOW))
    data = target.read_bytes()
    assert data.count(b"\r\n") == 1 + 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert "José García".encode() in data
    assert b'"Chat about the gate, \\x1b[31mred\\x1b[0m"' in data


@pytest.mark.parametrize("form", NAMES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_every_view_is_written_in_every_format(
    pj: Pj, beat: Path, view: list[str], form: str
) -> None:
    result = ok(pj(*view, "--format", form, env=NOW))
    assert result.stdout.strip()
    assert "\x1b" not in result.stdout
    if form == "json":
        json.loads(result.stdout)
    if form == "html":
        assert result.stdout.startswith("<!DOCTYPE html>")
        assert "<script" not in result.stdout


@pytest.mark.parametrize("form", FORMATS, ids=lambda f: f.name)
def test_output_takes_the_format_from_the_extension(
    pj: Pj, beat: Path, tmp_path: Path, form: Any
) -> None:
    for extension in form.extensions:
        target = tmp_path / f"people{extension}"
        result = ok(pj("people", "--output", str(target), env=NOW))
        assert f"Wrote people to {target}" in result.stderr
        written = target.read_text(encoding="utf-8")
        assert written == ok(pj("people", "--format", form.name, env=NOW)).stdout or (
            form.name == "rich"  # the terminal's tables, as text, at the file's width
        )


def test_a_format_refused_says_which_there_are(pj: Pj, beat: Path, tmp_path: Path) -> None:
    before = beat.read_bytes()
    result = pj("people", "--format", "xml", env=NOW)
    assert result.exit_code == 2
    assert result.stderr == "unknown format 'xml': use rich, markdown, json, csv or html\n"
    clash = pj("recent", "--format", "csv", "--output", str(tmp_path / "r.json"), env=NOW)
    assert clash.exit_code == 2 and "contradicts" in clash.stderr
    into = pj("places", "--output", str(beat), env=NOW)
    assert into.exit_code == 2 and "is the journal itself" in into.stderr
    assert beat.read_bytes() == before


@pytest.mark.parametrize("form", NAMES)
def test_redact_applies_to_every_format(pj: Pj, beat: Path, form: str) -> None:
    text = ok(pj("summary", "--week", "2026-W48", "--redact", "--format", form, env=NOW)).stdout
    for name in ("José", "Jose", "García", "Zoë", "HYPERLINK", "Martin"):
        assert name not in text, (form, name)


@pytest.mark.parametrize("form", NAMES)
def test_a_persons_card_is_written_in_every_format(pj: Pj, beat: Path, form: str) -> None:
    result = ok(pj("person", "José García", "--format", form, env=NOW))
    assert "José García" in result.stdout and "\x1b" not in result.stdout


def test_a_persons_card_in_csv_has_a_row_of_it_and_one_a_meeting(pj: Pj, beat: Path) -> None:
    card = ok(pj("person", "José García", "--json", env=NOW)).json()
    rows = _rows(ok(pj("person", "José García", "--format", "csv", env=NOW)).stdout)
    sections = [row["section"] for row in rows]
    assert sections[0] == "José García" and rows[0]["interactions"] == str(card["interactions"])
    assert sections.count("timeline") == len(card["timeline"]) == 1
    assert sections.count("concerns") == len(card["concerns"]) == 1


def test_an_export_is_written_to_a_file_in_its_format(pj: Pj, beat: Path, tmp_path: Path) -> None:
    target = tmp_path / "jose.json"
    result = ok(pj("person", "José García", "--export", "--output", str(target), env=NOW))
    assert result.stdout == "" and "Wrote what is held about José García" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["person"] == "José García"
    markdown = tmp_path / "jose.md"
    ok(pj("person", "José García", "--export", "-o", str(markdown), env=NOW))
    assert markdown.read_text(encoding="utf-8").startswith("# What this journal holds about")
    refused = pj("person", "José García", "--export", "--format", "csv", env=NOW)
    assert refused.exit_code == 2
    assert refused.stderr == "--export is written in json or markdown, not csv\n"


def test_the_html_summary_has_the_terminals_sections_cut_alike(pj: Pj, journal: Path) -> None:
    """The page iterates the sections every format shares: the same titles as Markdown
    (and the terminal), each cut to the same number of rows."""
    import re

    from patrol_journal.render.summary import LIMIT

    for number in range(LIMIT + 3):  # more places than a section shows
        args = ["--at", f"Place {number:02d}", "--when", "2026-11-24 10:00"]
        ok(pj("log", f"Walk {number}", *args, "--shared", f"Tip {number}", env=NOW))
    week = ["summary", "--week", "2026-W48"]
    page = ok(pj(*week, "--format", "html", env=NOW)).stdout
    markdown = ok(pj(*week, "--format", "markdown", env=NOW)).stdout
    screen = ok(pj(*week, env={**NOW, "COLUMNS": "200"})).stdout
    titles = re.findall(r"<h2>(.*?)</h2>", page)
    assert "The twelve weeks to its end" in titles  # the page's own small charts
    titles.remove("The twelve weeks to its end")
    headings = re.findall(r"^## (.*)$", markdown, re.MULTILINE)
    # The chart first: the page's stacks every interaction by kind, Markdown's counts contacts.
    assert (titles[0], headings[0]) == ("Interactions per day, by kind", "Contacts per day")
    assert titles[1:] == headings[1:]
    for title in titles[1:]:  # the chart's title aside
        assert title.split(":")[0] in screen, title
    for title in ("Places visited", "Safety information shared"):
        part = page.split(f"<h2>{title}</h2>")[1].split("<h2>")[0]
        assert part.count("<tr>") == LIMIT + 1  # the header and LIMIT rows
        assert "… and 3 more." in part


@pytest.mark.parametrize(
    ("argv", "header"),
    [
        (["search", "nothing-like-this"], "type,matched,id,when,kind,text"),
        (["concerns", "--recurring"], "place,places,count,first,last,span_days"),
        (["concerns", "--to-report-back"], "id,short_id,text,status"),
        (["people", "--since", "2030-01-01"], "name,role,interactions,first_met"),
    ],
)
def test_a_csv_of_nothing_still_has_its_header(
    pj: Pj, beat: Path, argv: list[str], header: str
) -> None:
    text = ok(pj(*argv, "--format", "csv", env=NOW)).stdout
    assert text.startswith(header) and text.count("\n") == 1


def test_rows_inside_a_row_are_rows_of_their_own(pj: Pj, beat: Path) -> None:
    """Who to tell of a concern, the concerns of a recurring problem: a row each, their
    keys columns of their own, never one cell of "key: value; ..."."""
    raised = ok(pj("concerns", "--json", env=NOW)).json()
    gate = next(c for c in raised if c["text"] == "The gate is broken")
    ok(pj("concern", "resolve", gate["id"], "--note", "Fixed", env=NOW))
    rows = _rows(ok(pj("concerns", "--to-report-back", "--format", "csv", env=NOW)).stdout)
    assert [row["tell.name"] for row in rows] == ["'=HYPERLINK", "José García"]
    assert [row["tell.usually_at"] for row in rows] == ["Elm Park", "Elm Park"]
    assert all(row["text"] == "The gate is broken" and "tell" not in row for row in rows)


def test_a_format_and_a_file_must_agree(pj: Pj, beat: Path, tmp_path: Path) -> None:
    json_and_csv = pj("people", "--json", "--format", "csv", env=NOW)
    assert json_and_csv.exit_code == 2
    assert json_and_csv.stderr == "--json and --format csv disagree: give one\n"
    unknown = pj("people", "--output", str(tmp_path / "people.xlsx"), env=NOW)
    assert unknown.exit_code == 2 and "cannot tell a format from '.xlsx'" in unknown.stderr
    assert not (tmp_path / "people.xlsx").exists()
    assert ok(pj("people", "-o", "-", "--format", "csv", env=NOW)).stdout.startswith("name,")


def test_the_declared_columns_are_the_rows_keys(pj: Pj, beat: Path) -> None:
    """The columns a CSV of nothing is headed with are those its rows have."""
    from patrol_journal.views import concerns, interactions, people, places

    for argv, columns in (
        (["recent"], interactions.COLUMNS),
        (["people"], people.COLUMNS),
        (["places"], places.COLUMNS),
        (["concerns"], concerns.COLUMNS),
    ):
        rows = ok(pj(*argv, "--json", env=NOW)).json()
        assert rows and all(tuple(row) == columns for row in rows), argv


def test_markdown_and_html_give_times_and_days_in_words(pj: Pj, beat: Path) -> None:
    raised = ok(pj("concerns", "--json", env=NOW)).json()
    gate = next(c for c in raised if c["text"] == "The gate is broken")
    ok(pj("concern", "note", gate["id"], "Called the council", "--due", "2026-12-04", env=NOW))
    assert ok(pj("concerns", "--json", env=NOW)).json()[0]["due"] == "2026-12-04"
    for form in ("markdown", "html"):
        text = ok(pj("concerns", "--format", form, env=NOW)).stdout
        assert "Fri 04 Dec 2026" in text and "Tue 24 Nov 2026 10:00" in text, form
        assert "2026-12-04" not in text and "2026-11-24T" not in text, form
    assert "2026-12-04" in ok(pj("concerns", "--format", "csv", env=NOW)).stdout  # raw
