"""Every view's JSON, through pj's real command line, held to the reference model."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from patrol_journal.calendar import week_containing
from tests.helpers import pj
from tests.oracle.model import Model, Summary, ts_of

# Lists whose order pj leaves open among equals: compared in one order on both sides.
ORDER_FREE = ("times_of_day",)


def norm(value: Any) -> Any:
    """Display-only keys dropped (short ids depend on how many ids the index has seen)."""
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items() if k not in ("short_id", "key")}
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


def _when(text: str | None) -> int:
    return ts_of(datetime.fromisoformat(text)) if text else 0


def _concern_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rank = {"high": 0, "normal": 1, "low": 2}
    return sorted(
        rows,
        key=lambda r: (not r["overdue"], rank.get(r["priority"], 1), _when(r["opened"]), r["id"]),
    )


def _by_last(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (-_when(r[key]), r["name"]))


class Differences(AssertionError):
    """What pj said that the reference model does not."""


def expect(what: str, got: Any, wanted: Any) -> None:
    got, wanted = norm(got), norm(wanted)
    if got != wanted:
        where, mine, theirs = first_difference(got, wanted)
        raise Differences(f"{what}, at {where}:\n  pj:    {mine!r}\n  model: {theirs!r}")


def first_difference(got: Any, wanted: Any, path: str = "") -> tuple[str, Any, Any]:
    """Where two JSON values first differ, and what each holds there."""
    if isinstance(got, dict) and isinstance(wanted, dict):
        for key in [*wanted, *(k for k in got if k not in wanted)]:
            if got.get(key, "<missing>") != wanted.get(key, "<missing>"):
                return first_difference(
                    got.get(key, "<missing>"), wanted.get(key, "<missing>"), f"{path}.{key}"
                )
    if isinstance(got, list) and isinstance(wanted, list) and len(got) == len(wanted):
        for number, (mine, theirs) in enumerate(zip(got, wanted, strict=True)):
            if mine != theirs:
                return first_difference(mine, theirs, f"{path}[{number}]")
    return path or ".", got, wanted


def check_all(
    own: Path,
    journals: list[tuple[Path, str | None]],
    now: datetime,
    *,
    team: bool = False,
    words: tuple[str, ...] = (),
) -> None:
    """Every view of `own` (with --team when `team`) against the model of `journals`."""
    model = Model(journals, team=team)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    extra = ["--team"] if team else []

    def run(*args: str) -> Any:
        result = pj(*args, *extra, "--json", journal=own, now=stamp)
        if result.exit_code != 0:
            raise Differences(f"pj {' '.join(args)} failed: {result.stderr}")
        return result.json()

    expect("recent", run("recent", "-n", "100000"), model.recent(100000))
    for record in [*model.interactions, *model.concerns]:  # every record shows, in words too
        for args in (("show", record), ("show", record, "--json")):
            shown = pj(*args, journal=own, now=stamp)
            if shown.exit_code != 0:
                raise Differences(f"pj {' '.join(args)} failed: {shown.stderr}")
    for word in words:
        expect(
            f"search {word!r}",
            run("search", word, "-n", "100000"),
            model.search(word, limit=100000),
        )
    expect("people", _by_last(run("people"), "last_met"), _by_last(model.people(now), "last_met"))
    expect(
        "places",
        _by_last(run("places"), "last_visit"),
        _by_last(model.places_list(now), "last_visit"),
    )
    for status in ("open", "resolved", "reported-back", "all"):
        expect(
            f"concerns --status {status}",
            _concern_order(run("concerns", "--status", status)),
            _concern_order(model.concerns_list(now, status=status)),
        )
    for key, name in model.names.items():
        if not model._meetings(key):
            continue
        card = run("person", name)
        card["times_of_day"] = sorted(card["times_of_day"], key=lambda r: (-r["count"], r["part"]))
        card["concerns"] = _concern_order(card["concerns"])
        wanted = model.person(key, now)
        wanted["concerns"] = _concern_order(wanted["concerns"])
        expect(f"person {name!r}", card, wanted)
    _, week_end = week_containing(now, 0)
    for key, name in model.places.items():
        if not any(i.place == key for i in model.interactions.values()):
            continue
        got = run("brief", name)
        wanted = model.brief(key, now, int(week_end.timestamp()))
        for part in ("open_concerns", "follow_ups_due"):
            got[part], wanted[part] = _concern_order(got[part]), _concern_order(wanted[part])
        expect(f"brief {name!r}", got, wanted)


def check_summary(
    own: Path,
    journals: list[tuple[Path, str | None]],
    now: datetime,
    weeks: list[str],
    *,
    team: bool = False,
) -> None:
    """`summary --format json` for each ISO week against the model."""
    from patrol_journal.calendar import parse_week

    model = Model(journals, team=team)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S")
    for week in weeks:
        args = ["summary", "--week", week, "--format", "json", *(["--team"] if team else [])]
        result = pj(*args, journal=own, now=stamp)
        if result.exit_code != 0:
            raise Differences(f"pj {' '.join(args)} failed: {result.stderr}")
        got = result.json()
        start, end = parse_week(week, now)
        wanted = Summary(model, start, end, now).json()
        got = {key: got[key] for key in wanted}
        got["period"] = {key: got["period"][key] for key in wanted["period"]}
        for part in ("open",):
            got["concerns"][part] = sorted(
                got["concerns"][part], key=lambda r: (-r["age_days"], r["id"])
            )
            wanted["concerns"][part] = sorted(
                wanted["concerns"][part], key=lambda r: (-r["age_days"], r["id"])
            )
        expect(f"summary {week}", got, wanted)
