"""Subject access: everything the journal holds about one person, naming no one else."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.views.history import concern_history
from patrol_journal.views.interactions import interactions
from patrol_journal.views.people import person_card
from patrol_journal.views.redact import REPLACEMENT, Redactor
from patrol_journal.vocab import name_key


def person_export(index: Index, key: str, now: datetime) -> dict[str, Any]:
    """A copy of what is held about the person `key`: roles and notes, every interaction
    they were part of, the concerns they raised with their history, the tips and safety
    information exchanged with them. Every other person's name is taken out."""
    card = person_card(index, key, now)
    others = [row[0] for row in index.db.execute("SELECT name FROM people WHERE key != ?", (key,))]
    places = [row[0] for row in index.db.execute("SELECT name FROM places")]
    own_words = set(name_key(card["name"]).split())
    redactor = Redactor(
        [name for name in others if set(name_key(name).split()) != own_words], places
    )
    notes = [
        {"when": row[0], "role": row[1], "note": row[2]}
        for row in index.db.execute(
            "SELECT at, role, note FROM person_notes WHERE person_key = ? ORDER BY ts, seq",
            (key,),
        )
    ]
    mine = "i.id IN (SELECT interaction_id FROM participants WHERE person_key = ?)"
    met = [
        {
            "when": view.when.isoformat(),
            "kind": view.kind,
            "place": view.place,
            "text": redactor.text(view.text),
            "with_others": sum(1 for name in view.people if name_key(name) != key),
            "tips": [
                redactor.text(tip)
                for tip in view.tips
                if view.tip_from is not None and name_key(view.tip_from) == key
            ],
            "shared": [redactor.text(item) for item in view.shared],
        }
        for view in interactions(index, mine, (key,), order="i.ts, i.seq")
    ]
    concerns = []
    for concern in card["concerns"]:
        events = concern_history(index, concern["id"])
        concerns.append(
            {
                "text": redactor.text(concern["text"]),
                "status": concern["status"],
                "opened": concern["opened"],
                "place": concern["place"],
                "raised_with_others": len(concern["raised_by"]) - 1,
                "steps": [
                    {
                        "when": event.data.get("when"),
                        "action": event.data.get("action"),
                        "note": redactor.text(event.data.get("note")),
                        "referred_to": redactor.text(event.data.get("referred_to")),
                    }
                    for event in events
                ],
            }
        )
    return {
        "person": card["name"],
        "exported": now.isoformat(),
        "roles": list(dict.fromkeys(n["role"] for n in notes if n["role"])),  # each once
        "notes": [
            {"when": n["when"], "note": redactor.text(n["note"])} for n in notes if n["note"]
        ],
        "times_met": card["interactions"],
        "first_met": card["first_met"],
        "last_met": card["last_met"],
        "places": card["places"],
        "interactions": met,
        "concerns": concerns,
        "other_people": f"other people's names are replaced by {REPLACEMENT}",
    }
