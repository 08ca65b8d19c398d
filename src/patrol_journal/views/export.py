"""Subject access: everything the journal holds about one person, naming no one else.

What is "about them" is found by the one matcher (`patrol_journal.mentions`), as erasure
finds it: the interactions they took part in, those that mention them (in what happened,
a tip, the information shared or a concern raised there), those that listed or mentioned
them before a correction took that out; the concerns they raised and those whose text or
follow-ups mention them; what was noted about them, and notes about others that mention
them. Every other person's name in all of that is replaced by [name] by the same matcher
(the words of their own name are kept, even where another's name shares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.mentions import NAME, Mentions, Scrubber
from patrol_journal.views.history import concern_history
from patrol_journal.views.interactions import InteractionView, interactions
from patrol_journal.views.people import person_card
from patrol_journal.views.redact import everyone
from patrol_journal.vocab import name_key, skeleton

REPLACEMENT = NAME
TEXT_FIELDS = ("text", "tips", "shared")


class _Subject:
    """The person an export is about: how to find them, and how to take out the others."""

    def __init__(self, index: Index, name: str) -> None:
        known = everyone(index)
        self.spellings = [other for other in known if skeleton(other) == skeleton(name)]
        self.keys = {name_key(spelling) for spelling in self.spellings}
        self.mentions = Mentions(self.spellings)
        others = [other for other in known if other not in self.spellings]
        self.other_people = Mentions(others, keep=self.spellings)
        self.others = Scrubber(self.other_people, identifiers=False)
        self.theirs = Scrubber(self.other_people)  # their names, numbers and addresses

    def named_in(self, *texts: str | None) -> bool:
        return any(self.mentions.found_in(text) for text in texts)

    def listed_in(self, names: list[str]) -> bool:
        return any(name_key(name) in self.keys for name in names)

    def text(self, text: str | None) -> str | None:
        """Another person's name out of a text; in a text that names another person,
        their phone numbers, addresses and registrations too (they may be theirs)."""
        if text and self.other_people.found_in(text):
            return self.theirs.text(text)
        return self.others.text(text)

    def about_another(self, text: str | None) -> str | None:
        """A text about another person (their note or role): every identifier goes."""
        return self.theirs.text(text)


def _written(index: Index) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every record the index holds, as written, with the file name of its journal."""
    from patrol_journal.journal.read import read_entries

    for source in index.sources:
        held = {
            row[0]
            for row in index.db.execute("SELECT id FROM records WHERE source = ?", (source.name,))
        }
        for entry in read_entries(source.path):
            if entry.record is not None and entry.record.id in held:
                yield source.name, entry.record.model_dump(exclude_unset=True, exclude={"source"})


def _earlier_versions(index: Index, subject: _Subject) -> dict[str, list[dict[str, Any]]]:
    """The interactions whose original or a correction listed or mentioned the person:
    each version that did, as written."""
    owners: dict[str, str] = {}
    amended: set[str] = set()
    found: dict[str, list[dict[str, Any]]] = {}
    for source, table in _written(index):
        if table.get("type") == "interaction":
            owners[table["id"]] = source
            target = table["id"]
        elif table.get("type") == "amendment" and owners.get(table.get("amends", "")) == source:
            target = table["amends"]
            amended.add(target)
        else:
            continue
        texts = [table.get("text"), *(table.get("tips") or []), *(table.get("shared") or [])]
        if subject.listed_in(table.get("people") or []) or subject.named_in(*texts):
            found.setdefault(target, []).append(table)
    # A record never corrected has one version: the one shown.
    return {target: versions for target, versions in found.items() if target in amended}


def _concern_texts(index: Index, views: list[InteractionView]) -> dict[str, str]:
    ids = [cid for view in views for cid in view.concerns]
    texts: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        texts.update(
            index.db.execute(f"SELECT id, text FROM concerns WHERE id IN ({marks})", chunk)
        )
    return texts


def person_export(index: Index, key: str, now: datetime) -> dict[str, Any]:
    """A copy of what is held about the person `key`: roles and notes, every interaction
    they were part of or that mentions them, the concerns they raised or that mention
    them, with their history. Every other person's name is taken out."""
    card = person_card(index, key, now)
    subject = _Subject(index, card["name"])
    earlier = _earlier_versions(index, subject)
    every = interactions(index, order="i.ts, i.seq")
    concern_texts = _concern_texts(index, every)
    met = []
    for view in every:
        listed = subject.listed_in(view.people)
        concerns = [concern_texts.get(cid, "") for cid in view.concerns]
        named = subject.named_in(view.text, *view.tips, *view.shared, *concerns)
        if not (listed or named or view.id in earlier):
            continue
        part = "met" if listed else "mentioned" if named else "in an earlier version"
        gave = view.tip_from is not None and name_key(view.tip_from) in subject.keys
        row: dict[str, Any] = {"officer": view.officer} if index.team else {}
        met.append(
            row
            | {
                "when": view.when.isoformat(),
                "kind": view.kind,
                "place": subject.text(view.place),
                "part": part,
                "text": subject.text(view.text),
                "with_others": sum(1 for name in view.people if name_key(name) not in subject.keys),
                "tips": [subject.text(tip) for tip in view.tips if gave or subject.named_in(tip)],
                "shared": [
                    subject.text(item) for item in view.shared if listed or subject.named_in(item)
                ],
                "tags": [subject.text(tag) for tag in view.tags],
                "earlier_versions": [
                    _version(version, subject)
                    for version in earlier.get(view.id, [])
                    if part != "met"
                ],
            }
        )
    notes = [
        {"when": row[0], "role": row[1], "note": row[2]}
        for row in index.db.execute(
            "SELECT at, role, note FROM person_notes WHERE person_key = ? ORDER BY ts, seq",
            (key,),
        )
    ]
    return {
        "person": card["name"],
        "exported": now.isoformat(),
        "roles": list(dict.fromkeys(subject.text(n["role"]) for n in notes if n["role"])),
        "notes": [{"when": n["when"], "note": subject.text(n["note"])} for n in notes if n["note"]],
        "mentioned_in_notes": _notes_about_others(index, key, subject),
        "times_met": card["interactions"],
        "first_met": card["first_met"],
        "last_met": card["last_met"],
        "places": [subject.text(place) for place in card["places"]],
        "interactions": met,
        "concerns": _concerns(index, key, subject, now),
        "other_people": f"other people's names are replaced by {REPLACEMENT}",
    }


def _version(table: dict[str, Any], subject: _Subject) -> dict[str, Any]:
    """One version of an interaction that listed or mentioned the person, as written."""
    recorded = table.get("recorded") or table.get("when")
    return {
        "recorded": recorded.isoformat() if isinstance(recorded, datetime) else None,
        "correction": table.get("type") == "amendment",
        "listed": subject.listed_in(table.get("people") or []),
        "text": subject.text(table.get("text")),
        "tips": [subject.text(tip) for tip in table.get("tips") or [] if subject.named_in(tip)],
    }


def _notes_about_others(index: Index, key: str, subject: _Subject) -> list[dict[str, Any]]:
    """What was noted about other people (a note, or a role such as "Tom Reed's wife")
    that mentions this one: the other person and what identifies them left out."""
    found = []
    for at, role, note in index.db.execute(
        "SELECT at, role, note FROM person_notes WHERE person_key != ? ORDER BY ts, seq", (key,)
    ):
        for kind, text in (("role", role), ("note", note)):
            if text and subject.named_in(text):
                row = {"when": at, kind: subject.about_another(text), "about": REPLACEMENT}
                found.append(row)
    return found


def _concerns(index: Index, key: str, subject: _Subject, now: datetime) -> list[dict[str, Any]]:
    """The concerns the person raised, and those whose text or steps mention them."""
    from patrol_journal.views.concerns import concerns_by_id

    raised = {
        row[0]
        for row in index.db.execute(
            "SELECT concern_id FROM concern_raisers WHERE person_key = ?", (key,)
        )
    }
    ids = []
    for concern_id, text in index.db.execute("SELECT id, text FROM concerns ORDER BY ts, seq"):
        if concern_id in raised or subject.named_in(text):
            ids.append(concern_id)
            continue
        notes = index.db.execute(
            "SELECT note FROM concern_events WHERE concern_id = ? AND note IS NOT NULL",
            (concern_id,),
        )
        if any(subject.named_in(note) for (note,) in notes):
            ids.append(concern_id)
    found = []
    for concern in concerns_by_id(index, ids, now):
        events = concern_history(index, concern["id"])
        found.append(
            {
                "text": subject.text(concern["text"]),
                "part": "raised" if concern["id"] in raised else "mentioned",
                "status": concern["status"],
                "opened": concern["opened"],
                "place": subject.text(concern["place"]),
                "raised_with_others": len(
                    [n for n in concern["raised_by"] if name_key(n) not in subject.keys]
                ),
                "steps": [
                    {
                        "when": event.data.get("when"),
                        "action": event.data.get("action"),
                        "note": subject.text(event.data.get("note")),
                        "referred_to": subject.text(event.data.get("referred_to")),
                    }
                    for event in events
                ],
            }
        )
    return found
