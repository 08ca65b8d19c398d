"""`pj check`: every problem in a journal, each with its line. Problems are data."""

from __future__ import annotations

import os
import stat
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from patrol_journal.calendar import FUTURE_SLACK
from patrol_journal.errors import Problem, Severity, Source
from patrol_journal.journal.format import FORMAT_VERSION, link_of, seal_of, stored_seal
from patrol_journal.journal.read import Contents
from patrol_journal.model import Amendment, ConcernEvent, Interaction, PersonRecord, Shift
from patrol_journal.team.layout import Claim
from patrol_journal.vocab import clean_text, name_key, plural


def check_contents(
    contents: Contents,
    *,
    strict: bool = False,
    team_concerns: frozenset[str] = frozenset(),
    latest: float | None = None,
    now: float | None = None,
) -> list[Problem]:
    """Everything wrong with a journal, in file order: syntax and schema errors, references
    that point nowhere, duplicate ids, records dated after `latest` (the moment of reading),
    seals that no longer match, loose permissions, shifts that overlap, end nothing or
    last too long. `team_concerns`: the concerns raised in
    a team's other journals, which steps written here may follow up. `now`: the moment a
    shift still open is measured to."""
    problems = list(contents.problems)
    problems += check_ids(contents)
    problems += check_future(
        contents, time.time() + FUTURE_SLACK.total_seconds() if latest is None else latest
    )
    problems += check_references(contents, team_concerns)
    problems += check_format(contents)
    problems += check_seals(contents, strict=strict)
    problems += check_permissions(contents.path)
    problems += check_near_duplicates(contents)
    problems += check_shifts(contents, now=time.time() if now is None else now)
    problems += check_in_advance(contents)
    return sorted(problems, key=lambda p: (p.source.line if p.source else 0, p.severity))


def check_shifts(
    contents: Contents, *, now: float, limit_hours: float | None = None
) -> list[Problem]:
    """Shifts as a notebook must keep them: an end that ends a shift begun before it, no
    two shifts overlapping (an open one lasts until now), none longer than the limit
    (`shift_limit_hours`, 16 unless configured), the open one included."""
    if limit_hours is None:
        from patrol_journal.config import shift_limit_hours

        limit_hours = shift_limit_hours()
    problems: list[Problem] = []
    starts: dict[str, Shift] = {}
    ends: dict[str, Shift] = {}
    for record in contents.records:
        if not isinstance(record, Shift) or record.id in starts or record.id in ends:
            continue  # a repeated id is check_ids' to report
        if record.duty == "on":
            starts[record.id] = record
            continue
        start = starts.get(record.shift or "")
        if start is None or start.id in ends or start.when >= record.when:
            said = f"'{record.shift}'" if record.shift else "no shift"
            problems.append(
                Problem(
                    "error",
                    f"the end of {said}: no shift of that id begun before it is open",
                    record.source,
                )
            )
            continue
        ends[start.id] = record
    spans = sorted(
        (
            start.when.timestamp(),
            ends[start.id].when.timestamp() if start.id in ends else now,
            start,
        )
        for start in starts.values()
    )
    for number, (begun, ended, start) in enumerate(spans):
        hours = (ended - begun) / 3600
        if hours > limit_hours:
            still = "lasted" if start.id in ends else "has been open for"
            problems.append(
                Problem(
                    "warning",
                    f"shift {start.id} {still} {hours:.1f} hours, longer than the limit of "
                    f"{limit_hours:g} (shift_limit_hours)",
                    start.source,
                )
            )
        for later_begun, _, later in spans[number + 1 :]:
            if later_begun >= ended:
                break
            problems.append(
                Problem(
                    "error",
                    f"shifts {start.id} and {later.id} overlap: {later.id} begins "
                    f"{later.when.isoformat()}, before {start.id} ends",
                    later.source,
                )
            )
    return problems


def check_in_advance(contents: Contents) -> list[Problem]:
    """Records dated after they were written: nothing is filled in ahead (pj refuses a
    WHEN later than now; a hand-written record can say anything)."""
    problems = []
    for record in contents.records:
        when, recorded = getattr(record, "when", None), getattr(record, "recorded", None)
        if not (isinstance(when, datetime) and isinstance(recorded, datetime)):
            continue
        if when - recorded > FUTURE_SLACK:
            problems.append(
                Problem(
                    "error",
                    f"when {when.isoformat()} is after it was recorded "
                    f"({recorded.isoformat()}): nothing is written before it happens",
                    record.source,
                )
            )
    return problems


def check_ids(contents: Contents) -> list[Problem]:
    counts = Counter(record.id for record in contents.records)
    problems = []
    seen: set[str] = set()
    for record in contents.records:
        if counts[record.id] > 1:
            if record.id in seen:
                problems.append(
                    Problem(
                        "error",
                        f"duplicate id '{record.id}' (used by an earlier record)",
                        record.source,
                    )
                )
            seen.add(record.id)
    return problems


def check_future(contents: Contents, latest: float) -> list[Problem]:
    """Records dated after the moment they are read: nobody wrote them then (a forged or
    mistyped time, a clock far ahead). Views leave them out until their time comes."""
    problems = []
    for record in contents.records:
        for key in ("when", "recorded"):
            value = getattr(record, key, None)
            if isinstance(value, datetime) and value.timestamp() > latest:
                problems.append(
                    Problem(
                        "error",
                        f"{key} {value.isoformat()} is after the moment this was read: a "
                        "record cannot be written before it happens (views leave it out)",
                        record.source,
                    )
                )
                break
    return problems


def check_team(journals: list[Contents], claims: list[Claim]) -> list[Problem]:
    """What is wrong across a team's journals (yours first, each with its `claims`
    entry): whose a journal is, when its header, team.toml or another journal disagree;
    look-alike letters in whose it claims to be; ids a journal shares with another (only
    a copy or a forgery does)."""
    from patrol_journal.vocab import invisible_character, mixed_script_word

    problems: list[Problem] = []
    holders: dict[str, Path] = {}
    for contents, claim in zip(journals, claims, strict=True):
        top = Source(contents.path, 1)
        for doubt in claim.doubts:
            shown = (
                "team views show it under its file name"
                if claim.impostor
                else "team views go by its header"
            )
            problems.append(
                Problem("error" if claim.impostor else "warning", f"{doubt}: {shown}", top)
            )
        if claim.claimed and (
            mixed_script_word(claim.claimed) or invisible_character(claim.claimed)
        ):
            problems.append(
                Problem(
                    "error",
                    f"its officer {claim.claimed!r} is written with look-alike "
                    "letters of another alphabet",
                    top,
                )
            )
        reused = [
            r for r in contents.records if holders.setdefault(r.id, contents.path) != contents.path
        ]
        if reused:
            other = holders[reused[0].id]
            problems.append(
                Problem(
                    "error",
                    f"{plural(len(reused), 'record')} reuse ids of {other.name} (first "
                    f"'{reused[0].id}'): team views leave them out",
                    reused[0].source,
                )
            )
    return problems


def raised_concerns(contents: Contents) -> set[str]:
    """The ids of the concerns raised in a journal."""
    return {r.id for r in contents.records if isinstance(r, ConcernEvent) and r.action == "raise"}


def steps_elsewhere(contents: Contents) -> set[str]:
    """The concerns this journal's steps follow up that were not raised in it (in a team,
    a teammate may have raised them)."""
    raised = raised_concerns(contents)
    return {
        r.concern
        for r in contents.records
        if isinstance(r, ConcernEvent)
        and r.action != "raise"
        and r.concern is not None
        and r.concern not in raised
    }


def check_references(
    contents: Contents, team_concerns: frozenset[str] = frozenset()
) -> list[Problem]:
    interactions = {r.id for r in contents.records if isinstance(r, Interaction)}
    concerns = raised_concerns(contents)
    problems = []
    seen: set[str] = set()  # ids met so far, in file order
    for record in contents.records:
        if isinstance(record, Amendment):
            found = _amendment_references(record, interactions, seen)
        elif isinstance(record, ConcernEvent):
            found = _step_references(record, interactions, concerns, seen, team_concerns)
        else:
            found = []
        problems += [Problem("error", message, record.source) for message in found]
        seen.add(record.id)
    return problems


def _amendment_references(record: Amendment, interactions: set[str], seen: set[str]) -> list[str]:
    """What is wrong with what a correction points at."""
    if record.amends not in interactions:
        return [f"amends '{record.amends}', which is not an interaction in this journal"]
    if record.amends not in seen:
        return [
            f"amends '{record.amends}', which comes later in the journal: a correction must "
            "follow what it corrects (views ignore it)"
        ]
    return []


def _step_references(
    record: ConcernEvent,
    interactions: set[str],
    concerns: frozenset[str] | set[str],
    seen: set[str],
    team_concerns: frozenset[str],
) -> list[str]:
    """What is wrong with what a concern step points at."""
    found = []
    if record.action != "raise" and record.concern in concerns - seen:
        found.append(
            f"concern '{record.concern}' is raised later in the journal: a step must follow "
            "the raise it belongs to (views ignore it)"
        )
    if record.action == "amend" and record.concern in team_concerns - concerns:
        found.append(
            f"corrects concern '{record.concern}', which another officer raised: only the "
            "journal that raised a concern corrects it (views ignore it)"
        )
    elif (
        record.action != "raise"
        and record.concern not in concerns
        and record.concern not in team_concerns
    ):
        where = "this journal or the team's" if team_concerns else "this journal"
        found.append(f"concern '{record.concern}' is not a concern raised in {where}")
    if record.interaction is not None and record.interaction not in interactions:
        found.append(f"interaction '{record.interaction}' is not in this journal")
    return found


def check_seals(contents: Contents, *, strict: bool = False) -> list[Problem]:
    """Walk the hash chain: each record's seal covers its own text and the seal before it.

    A mismatch means the record, or the one before it, changed after it was written.
    Hand edits are allowed, so these are warnings, errors with `strict`.
    """
    severity: Severity = "error" if strict else "warning"
    problems = []
    previous = ""
    journal_format = contents.header.format if contents.header is not None else 1
    for entry in contents.entries:
        if entry.block.kind not in ("header", "record") or entry.text is None:
            continue
        source = Source(contents.path, entry.block.line)
        written = stored_seal(entry.text)
        what = "the header" if entry.block.kind == "header" else "this record"
        if written is None:
            problems.append(
                Problem(severity, f"{what} has no seal: it was added or rewritten by hand", source)
            )
        elif written != seal_of(entry.text, previous, journal_format):
            problems.append(
                Problem(
                    severity,
                    f"seal mismatch: {what}, or the record before it, "
                    "was changed after it was written",
                    source,
                )
            )
        previous = link_of(entry.text, previous, journal_format)
    return problems


def check_format(contents: Contents) -> list[Problem]:
    """An older format is read, never written: say how to move on."""
    header = contents.header
    if header is None or header.format >= FORMAT_VERSION:
        return []
    return [
        Problem(
            "warning",
            f"journal format {header.format}: pj reads it but appends only to format "
            f"{FORMAT_VERSION}; run 'pj migrate' to rewrite it (the old file is kept beside it)",
            Source(contents.path, 1),
        )
    ]


def check_permissions(path: Path) -> list[Problem]:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return []
    if stat.S_IMODE(mode) & 0o077:
        return [
            Problem(
                "warning",
                f"the journal can be read by other users (mode {stat.S_IMODE(mode):04o}); "
                f"run: chmod 600 {path}",
                Source(path, 1),
            )
        ]
    return []


def _as_corrected(contents: Contents) -> dict[str, dict[str, object]]:
    """The people and place of each corrected interaction as they read now, and the
    raisers of the concerns raised in it by the people it named."""
    original: dict[str, Interaction] = {}
    current: dict[str, dict[str, object]] = {}
    for record in contents.records:
        if isinstance(record, Interaction):
            original[record.id] = record
        elif isinstance(record, Amendment) and record.amends in original:
            now = current.setdefault(record.amends, {})
            for key in ("people", "place"):
                if key in record.changes():
                    now[key] = record.changes()[key]
    for record in contents.records:
        if isinstance(record, ConcernEvent) and record.interaction in current:
            corrected = current[record.interaction]
            first = original[record.interaction]
            named = first.people
            fixed = corrected.get("people")
            moved: dict[str, object] = {}
            if fixed is not None and {name_key(n) for n in record.raised_by} == {
                name_key(n) for n in named
            }:
                moved["raised_by"] = fixed
            if "place" in corrected and record.place == first.place:
                moved["place"] = corrected["place"]  # raised there: moved with it
            if moved:
                current[record.id] = moved
    return current


def _names(value: object) -> list[str]:
    return [name for name in value if isinstance(name, str)] if isinstance(value, list) else []


def check_near_duplicates(contents: Contents) -> list[Problem]:
    """Names and places that are probably one person or place typed two ways: warnings."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    from patrol_journal.vocab import looks_alike

    problems: list[Problem] = []
    current = _as_corrected(contents)
    for what in ("person", "place"):
        first: dict[str, tuple[str, Source | None]] = {}
        counts: Counter[str] = Counter()
        for record in contents.records:
            names: list[str] = []
            if isinstance(record, Amendment):
                continue  # what it corrects is counted as corrected
            now = current.get(record.id, {})
            if what == "person":
                names = _names(now.get("people", getattr(record, "people", None)))
                names += _names(now.get("raised_by", getattr(record, "raised_by", None)))
                if isinstance(record, PersonRecord):
                    names.append(record.name)
            else:
                place = now.get("place", getattr(record, "place", None))
                names = [place] if isinstance(place, str) else []
            for name in names:
                key = name_key(name)
                if isinstance(record, Interaction):  # met (or visited) there: one meaning
                    counts[key] += 1
                if key not in first:
                    problems += _mixed_script(what, name, record.source)
                first.setdefault(key, (clean_text(name), record.source))
        keys = sorted(first)
        reported: set[tuple[str, str]] = set()
        for key in keys:
            close = process.extract(
                key, keys, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=None
            )
            candidates = {match for match, _score, _i in close} | {
                other for other in keys if sorted(other.split()) == sorted(key.split())
            }
            for other in sorted(candidates):
                pair = (min(key, other), max(key, other))
                if other == key or pair in reported or not looks_alike(key, other):
                    continue
                reported.add(pair)
                rare, common = sorted(pair, key=lambda k: (counts[k], k))
                verb, noun = ("met", "time") if what == "person" else ("visited", "time")
                problems.append(
                    Problem(
                        "warning",
                        f'{what} "{first[rare][0]}" ({verb} {plural(counts[rare], noun)}) looks '
                        f'like "{first[common][0]}" ({verb} {plural(counts[common], noun)}): '
                        f"the same {what}? correct it with pj amend",
                        first[rare][1],
                    )
                )
    return problems


def _mixed_script(what: str, name: str, source: Source | None) -> list[Problem]:
    """A name with an invisible character in it, or a word in two alphabets (a Cyrillic
    letter among Latin ones): a look-alike of the plain spelling, made to pass for it or
    typed by accident."""
    from patrol_journal.vocab import invisible_character, mixed_script_word

    hidden, word = invisible_character(name), mixed_script_word(name)
    if hidden is not None:
        said = f"holds an invisible character ({hidden})"
    elif word is not None:
        said = f'mixes alphabets in "{word}"'
    else:
        return []
    return [
        Problem(
            "warning",
            f'{what} "{clean_text(name)}" {said}: a look-alike of another spelling? '
            "correct it with pj amend",
            source,
        )
    ]
