"""Interactions as they read now (corrections applied): recent, one, search."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from patrol_journal.errors import UnknownId
from patrol_journal.fields import PLAIN, SHOWN, by_name
from patrol_journal.index.ids import person_name, short_id
from patrol_journal.index.store import Index
from patrol_journal.views.where import Where
from patrol_journal.vocab import fold

# The keys of an interaction's row, in order (a CSV of none still has its header): its
# fields as the field table lists them; a search's rows say first which type each is and
# where the words were found.
COLUMNS = ("id", *SHOWN, "concerns", "amended")
SEARCH_COLUMNS = ("type", "matched", *COLUMNS)


class InteractionView:
    """An interaction as it reads now: the latest correction of every field applied."""

    __slots__ = (
        "amended",
        "concerns",
        "id",
        "kind",
        "line",
        "matched",
        "more",
        "officer",
        "people",
        "place",
        "shared",
        "short_id",
        "tags",
        "text",
        "tip_from",
        "tips",
        "when",
    )

    def __init__(
        self,
        *,
        id: str,
        short_id: str,
        when: datetime,
        kind: str,
        text: str,
        people: list[str],
        place: str | None,
        tips: list[str],
        shared: list[str],
        tags: list[str],
        concerns: list[str],
        amended: int,
        line: int,
        officer: str | None = None,
        tip_from: str | None = None,
        more: dict[str, Any] | None = None,
    ) -> None:
        self.id = id
        self.short_id = short_id
        self.when = when
        self.kind = kind
        self.text = text
        self.people = people
        self.place = place
        self.tips = tips
        self.shared = shared
        self.tags = tags
        self.concerns = concerns
        self.amended = amended
        self.line = line
        self.officer = officer  # whose journal it is in: set in a team's views only
        self.tip_from = tip_from  # who gave its tips, if that was recorded
        self.matched: list[str] = []  # for a search: the fields the words were found in
        self.more = more or {}  # the fields with no column of their own (`fields.PLAIN`)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"matched": self.matched} if self.matched else {}
        if self.officer is not None:
            found["officer"] = self.officer
        return found | {
            "id": self.id,
            "when": self.when.isoformat(),
            "kind": self.kind,
            "text": self.text,
            "people": self.people,
            "place": self.place,
            "tips": self.tips,
            "tip_from": self.tip_from,
            "shared": self.shared,
            "tags": self.tags,
            **{key: self.more.get(key) for key in PLAIN},
            "concerns": self.concerns,
            "amended": self.amended,
        }


_COLUMNS = (
    "i.id, i.ts, i.at, i.kind, i.text, pl.name AS place, i.tips, i.shared, i.tags, i.amended, "
    "i.line, i.officer, i.tip_from, i.more"
)


_FROM = "FROM interactions i LEFT JOIN places pl ON pl.key = i.place_key"


def interactions(
    index: Index,
    where: str = "",
    params: tuple[Any, ...] = (),
    *,
    order: str = "i.ts DESC, i.seq DESC",
    limit: int | None = None,
) -> list[InteractionView]:
    """Interactions matching a SQL condition (on `i`, `pl`), with their people and concerns."""
    sql = f"SELECT {_COLUMNS} {_FROM}"
    if where:
        sql += f" WHERE {where}"
    sql += f" ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _views(index, index.rows(sql, params))


def _views(index: Index, rows: list[Any]) -> list[InteractionView]:
    ids = [row["id"] for row in rows]
    people: dict[str, list[str]] = defaultdict(list)
    concerns: dict[str, list[str]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        for interaction_id, name in index.db.execute(
            f"SELECT p.interaction_id, pe.name FROM participants p JOIN people pe "
            f"ON pe.key = p.person_key WHERE p.interaction_id IN ({marks}) ORDER BY p.position",
            chunk,
        ):
            people[interaction_id].append(name)
        for concern_id, interaction_id in index.db.execute(
            f"SELECT id, interaction_id FROM concerns WHERE interaction_id IN ({marks}) "
            "ORDER BY seq",
            chunk,
        ):
            concerns[interaction_id].append(concern_id)
    return [
        InteractionView(
            id=row["id"],
            short_id=short_id(index, row["id"]),
            when=datetime.fromisoformat(row["at"]),
            kind=row["kind"],
            text=row["text"],
            people=people[row["id"]],
            place=row["place"],
            tips=json.loads(row["tips"]),
            shared=json.loads(row["shared"]),
            tags=json.loads(row["tags"]),
            concerns=concerns[row["id"]],
            amended=row["amended"],
            line=row["line"],
            officer=row["officer"] if index.team else None,
            tip_from=person_name(index, row["tip_from"]) if row["tip_from"] else None,
            more=json.loads(row["more"]) if row["more"] else None,
        )
        for row in rows
    ]


def recent(index: Index, count: int) -> list[InteractionView]:
    """The last `count` interactions by when they happened, newest first."""
    return interactions(index, limit=count)


def interaction(index: Index, interaction_id: str) -> InteractionView:
    found = interactions(index, "i.id = ?", (interaction_id,))
    if not found:
        raise UnknownId(f"no interaction has the id '{interaction_id}'")
    return found[0]


def last_interaction(index: Index) -> InteractionView | None:
    found = recent(index, 1)
    return found[0] if found else None


def search(
    index: Index,
    text: str | None,
    *,
    person_key: str | None = None,
    place_key: str | None = None,
    kind: str | None = None,
    tag: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 50,
) -> list[InteractionView]:
    """Interactions whose text, concerns, tips, shared information, names or place contain
    every word of `text` (casefolded), newest first, within the filters."""
    where = Where()
    for word in fold(text or "").split():
        where.add("instr(i.search, ?) > 0", word)
    where.given(
        person_key, "i.id IN (SELECT interaction_id FROM participants WHERE person_key = ?)"
    )
    where.given(place_key, "i.place_key = ?").given(kind, "i.kind = ?")
    where.given(
        tag.strip().casefold() if tag is not None else None,
        "i.id IN (SELECT interaction_id FROM tags WHERE tag = ?)",
    )
    where.period("i.ts", since, until)
    found = interactions(index, where.sql(), tuple(where.params), limit=limit)
    words = fold(text or "").split()
    if words:
        _mark_matches(index, found, words)
    return found


def found_concerns(
    index: Index,
    text: str | None,
    *,
    person_key: str | None = None,
    place_key: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """Concerns raised on their own (not in an interaction, whose search finds them) whose
    text or notes hold every word of `text`, newest first: what `pj search` lists beside
    the interactions ("Council ref L-4471" in a follow-up note)."""
    words = fold(text or "").split()
    if not words:
        return []
    where = Where().add("c.interaction_id IS NULL")
    for word in words:
        where.add("instr(c.search, ?) > 0", word)
    where.given(person_key, "c.id IN (SELECT concern_id FROM concern_raisers WHERE person_key = ?)")
    where.given(place_key, "c.place_key = ?").period("c.ts", since, until)
    sql = (
        "SELECT c.id, c.at, c.text, c.raised_by, pl.name, c.status, c.officer, c.search "
        "FROM concerns c LEFT JOIN places pl ON pl.key = c.place_key "
        f"WHERE {where.sql()} ORDER BY c.ts DESC, c.seq DESC"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = []
    for (
        concern_id,
        at,
        concern_text,
        raised_by,
        place,
        status,
        officer,
        _search,
    ) in index.db.execute(sql, where.params):
        in_text = any(word in fold(concern_text) for word in words)
        rows.append(
            {
                "type": "concern",
                "matched": ["concern"] if in_text else ["note"],
                **({"officer": officer} if index.team else {}),
                "id": concern_id,
                "when": at,
                "text": concern_text,
                "people": json.loads(raised_by),
                "place": place,
                "status": status,
            }
        )
    return rows


SEARCHED_PLAIN = tuple(name for name in PLAIN if by_name(name).searched)


def _mark_matches(index: Index, views: list[InteractionView], words: list[str]) -> None:
    """Say where the words were found in each interaction: text, people, place, tip,
    shared, tag, concern or a concern's note (a word may be in several)."""
    concern_ids = [cid for view in views for cid in view.concerns]
    texts: dict[str, str] = {}
    searched: dict[str, str] = {}
    for start in range(0, len(concern_ids), 500):
        chunk = concern_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for concern_id, concern_text, search in index.db.execute(
            f"SELECT id, text, search FROM concerns WHERE id IN ({marks})", chunk
        ):
            texts[concern_id] = concern_text
            searched[concern_id] = search
    for view in views:
        fields = {
            "text": [view.text],
            "people": view.people,
            "place": [view.place or ""],
            "tip": view.tips,
            "shared": view.shared,
            "tag": view.tags,
            "concern": [texts.get(cid, "") for cid in view.concerns],
        }
        for name in SEARCHED_PLAIN:
            value = view.more.get(name) or []
            fields[name] = value if isinstance(value, list) else [value]
        view.matched = [
            name
            for name, values in fields.items()
            if any(word in fold(value) for value in values for word in words)
        ]
        notes = [searched.get(cid, "") for cid in view.concerns]
        if any(word in note for note in notes for word in words) and not view.matched:
            view.matched.append("note")
