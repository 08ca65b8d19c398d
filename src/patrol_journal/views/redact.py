"""Redaction: text and summaries that name no one recorded in the journal.

Names are matched the way pj matches them (case, accents, spacing): every spelling of
every person in the journal, and each word of four letters or more of their names that is
not also a word of a place's name (so "Maria" goes, "Park" of "Elm Park" stays). Free text
keeps its sense with the name replaced by "[name]".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.vocab import fold

REPLACEMENT = "[name]"


class Redactor:
    """Knows every person's name in a journal, and takes them out of text."""

    def __init__(self, names: list[str], places: list[str]) -> None:
        place_words = {word for place in places for word in fold(place).split()}
        patterns = {fold(" ".join(name.split())) for name in names if name.strip()}
        for name in names:
            patterns.update(
                word
                for word in fold(name).split()
                if len(word) >= 4 and word not in place_words and word.isalpha()
            )
        ordered = sorted((p for p in patterns if p), key=len, reverse=True)
        words = "|".join(re.escape(pattern).replace(r"\ ", r"\s+") for pattern in ordered)
        self.pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)") if words else None

    @classmethod
    def of(cls, index: Index) -> Redactor:
        names = [row[0] for row in index.db.execute("SELECT name FROM people")]
        places = [row[0] for row in index.db.execute("SELECT name FROM places")]
        return cls(names, places)

    def text(self, text: str | None) -> str | None:
        """`text` with every name in it replaced by [name]."""
        if not text or self.pattern is None:
            return text
        folded, origin = _folded_with_origin(text)
        pieces = []
        last = 0
        for match in self.pattern.finditer(folded):
            start = origin[match.start()]
            end = origin[match.end() - 1] + 1
            pieces.append(text[last:start])
            pieces.append(REPLACEMENT)
            last = end
        pieces.append(text[last:])
        return "".join(pieces)


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the one it came from."""
    out: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        origin.extend([position] * len(folded))
    return "".join(out), origin


def someone(role: str | None) -> str:
    """A person as a redacted summary shows them: by role, or as a resident."""
    return f"a {role}" if role else "a resident"


def _by_role(people: list[dict[str, Any]]) -> str:
    """ "3 residents, 1 shop owner": people counted by role."""
    counts = Counter(person.get("role") or "resident" for person in people)
    return ", ".join(
        f"{count} {role if count == 1 else role + 's'}" for role, count in counts.most_common()
    )


def redact_summary(summary: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """The summary for a community meeting: no one's name anywhere (people as counts by
    role, raisers as a role), no tip text (tips counted, places with a single tip not
    named), no person notes, no ids that lead back to the journal."""
    roles = {person["name"]: person.get("role") for person in summary["people"]}
    result = dict(summary)
    result["redacted"] = True
    result["people"] = _people_by_role(summary["people"])
    result["people_by_role"] = _by_role(summary["people"])
    result["not_seen"] = _people_by_role(summary["not_seen"], count_key="times_before")

    def concern(row: dict[str, Any], number: int) -> dict[str, Any]:
        raisers = row.get("raised_by") or []
        return row | {
            "id": "",
            "short_id": f"#{number}",
            "text": redactor.text(row.get("text")),
            "raised_by": [someone(roles.get(name)) for name in raisers] or [],
            "interaction": None,
            "tell": [
                {"name": someone(roles.get(t["name"])), "usually_at": t.get("usually_at")}
                for t in row.get("tell", [])
            ],
        }

    numbers: dict[str, int] = {}

    def number_of(row: dict[str, Any]) -> int:
        return numbers.setdefault(row.get("id", ""), len(numbers) + 1)

    result["concerns"] = {
        key: [concern(row, number_of(row)) for row in rows]
        for key, rows in summary["concerns"].items()
    }
    for key in ("owed_report_backs", "follow_ups_due"):
        result[key] = [concern(row, number_of(row)) for row in summary[key]]
    for row in result["owed_report_backs"]:
        row.pop("tell", None)
        row["tell"] = [{"name": "the people who raised it", "usually_at": None}]
    result["shared"] = [row | {"text": redactor.text(row["text"])} for row in summary["shared"]]
    by_place = Counter(tip["place"] or "no place given" for tip in summary["tips"])
    single = sum(count for count in by_place.values() if count == 1)
    result["tips"] = [
        {"place": place, "count": count} for place, count in by_place.most_common() if count > 1
    ]
    if single:
        result["tips"].append({"place": "other places", "count": single})
    return result


def _people_by_role(
    people: list[dict[str, Any]], count_key: str = "interactions"
) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        groups[person.get("role") or "resident"].append(person)
    rows = []
    for role, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        places = Counter(place for m in members for place in m.get("places", [])[:2])
        usual = Counter(m.get("usually_at") for m in members if m.get("usually_at"))
        rows.append(
            {
                "name": f"{len(members)} {role if len(members) == 1 else role + 's'}",
                "role": role,
                count_key: sum(int(m.get(count_key) or 0) for m in members),
                "new": False,
                "places": [place for place, _n in places.most_common(3)],
                "last_met": max((m.get("last_met") or "" for m in members), default="") or None,
                "usually_at": usual.most_common(1)[0][0] if usual else None,
            }
        )
    return rows
