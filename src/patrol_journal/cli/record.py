"""What `pj log` does once its options are known. Typer-free: the typer command and the
fast path (`fast.py`) run this same code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrol_journal.cli.state import State, warn

if TYPE_CHECKING:
    from datetime import datetime

    from patrol_journal.recording import InteractionInput


def read_text(text: str | None) -> str | None:
    """TEXT as given, or ('-') read from standard input, its line ends as pj writes them
    (a Windows file's CRLF, an old Mac's CR) and the last one left out."""
    if text == "-":
        return sys.stdin.read().replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    return text


def entry_of(
    text: str | None,
    with_: list[str] | None,
    at: str | None,
    kind: str | None,
    concern: list[str] | None,
    concern_by: list[str] | None,
    tip: list[str] | None,
    tip_from: str | None,
    shared: list[str] | None,
    tag: list[str] | None,
) -> InteractionInput:
    """The entry `pj log`'s options describe (its time is set by the caller)."""
    from patrol_journal.recording import InteractionInput

    return InteractionInput(
        text=read_text(text),
        people=with_,
        place=at,
        kind=kind,
        concerns=concern or [],
        concern_by=concern_by or [],
        tips=tip,
        tip_from=tip_from,
        shared=shared,
        tags=tag,
    )


def record(run: State, entry: InteractionInput, json_: bool) -> None:
    """Append the entry (its `when` set) with the concerns it opens; say what was recorded,
    and, on stderr, a name that looks like a slip, a concern open already in the same
    words, a long gap on this shift."""
    from patrol_journal.index.verify import append
    from patrol_journal.recording import interaction_records

    assert entry.when is not None
    records, interaction_id, concern_ids = interaction_records(entry, run.now())
    path = run.journal_path
    if entry.concerns:
        note_same_as_open(run, entry.concerns)
    notes = _near_miss_notes(path, records[0], interaction_id)
    append(path, records)
    notes += _gap_note(path, entry.when)
    for note in notes:
        warn(note)
    if json_:
        from patrol_journal.render.jsonout import dumps

        print(dumps({"id": interaction_id, "concerns": concern_ids}), flush=True)
        return
    from patrol_journal.calendar import in_words

    lines = [f"Recorded interaction {interaction_id}, {in_words(entry.when, with_year=True)}"]
    for concern_id, concern_text in zip(concern_ids, entry.concerns, strict=True):
        lines.append(f"Opened concern {concern_id}: {_one_line(concern_text)}")
    print("\n".join(lines), flush=True)


def note_same_as_open(run: State, texts: list[str]) -> None:
    """Say, before it is recorded, that a concern is already open in the same words: the
    same problem raised again, which a follow-up on the open one may serve better."""
    from patrol_journal.calendar import local_text
    from patrol_journal.views.concerns import open_alike

    with run.open_index() as index:
        for text in texts:
            for found in open_alike(index, text)[:1]:
                by = ", ".join(found["raised_by"]) or "nobody named"
                where = f" at {found['place']}" if found["place"] else ""
                warn(
                    f'note: "{" ".join(text.split())}" is open already as concern '
                    f"{found['short_id']} (raised {local_text(found['opened'])} by {by}{where}); "
                    f"the same problem? follow it up with pj concern note {found['short_id']}"
                )


def _near_miss_notes(path: Path, interaction: dict[str, Any], record_id: str) -> list[str]:
    """Record what was typed, but say so when a name looks like a slip of one known before
    this entry (read before the append adds it)."""
    from shlex import quote

    from patrol_journal.index.files import read_names
    from patrol_journal.views.names import near_misses
    from patrol_journal.vocab import plural

    people, places = read_names(path)
    notes = []
    met_now = list(interaction.get("people") or [])
    for number, name in enumerate(met_now):
        for known, met in near_misses(name, people)[:1]:
            corrected = [*met_now[:number], known, *met_now[number + 1 :]]
            command = " ".join(f"--with {quote(other)}" for other in corrected)
            notes.append(
                f'note: "{name}" looks like "{known}" (met {plural(met, "time")}); '
                f"pj amend {record_id} {command} to correct"
            )
    place = interaction.get("place")
    if place:
        for known, visits in near_misses(place, places)[:1]:
            notes.append(
                f'note: place "{place}" looks like "{known}" (visited {plural(visits, "time")}); '
                f"pj amend {record_id} --at {quote(known)} to correct"
            )
    return notes


def _gap_note(path: Path, when: datetime) -> list[str]:
    """On duty, an entry after more than an hour with none: said, once, as it is recorded."""
    from patrol_journal.index.files import gap_before

    found = gap_before(path, when)
    if found is None:
        return []
    from patrol_journal.calendar import in_words, to_local

    last, now = found
    same_day = to_local(last).date() == to_local(now).date()
    first = in_words(last).split(" ", 3)[3] if same_day else in_words(last)
    return [f"note: no entry between {first} and {in_words(now).split(' ', 3)[3]} on this shift"]


def _one_line(text: str) -> str:
    return " ".join(text.split())
