"""Records, in file order, into index rows: corrections and concern steps applied."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from patrol_journal.index.concerns import settle_concerns
from patrol_journal.index.corrections import apply_correction, more_json
from patrol_journal.index.duty import apply_ack, apply_passdown, apply_shift
from patrol_journal.index.ids import NEW_IDS_KEPT
from patrol_journal.index.schema import CONCERN_TEXT, EXTRA_SCHEMA, NOTE
from patrol_journal.index.schema import INSERTS as _INSERTS
from patrol_journal.index.seen import SeenIds
from patrol_journal.index.steps import apply_step
from patrol_journal.index.totals import add_totals, recount_places
from patrol_journal.vocab import clean_text, fold, name_key, search_text

if TYPE_CHECKING:
    from patrol_journal.journal.blocks import Scanned


# --------------------------------------------------------------------- applying records


class Applier:
    """Turns record tables, in file order, into rows: corrections and concern events applied.

    Rows are gathered and inserted in batches; anything that must see earlier rows (a
    correction, a concern event, a person record) flushes the batch first.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        *,
        fresh: bool,
        shared: bool = False,
        latest: int | None = None,
        expected: int = 0,
    ) -> None:
        self.db = db
        self.fresh = fresh
        # Records dated after this (the moment of reading, with some slack) are left out
        # of every state, counted per journal: (the earliest of them, how many).
        self.latest = latest
        self.future: dict[str, list[int]] = {}
        # A team's index: which journal holds each id, and per journal the ids it reuses
        # of another (how many, the first): such records are left out.
        self.holders: dict[str, str] = {}
        self.reused: dict[str, list[Any]] = {}
        self.left_out: set[str] = set()  # journals that did not read
        # A team's index: concern steps may come from another journal than their raise,
        # in any order, so every step is kept and every concern settled.
        self.shared = shared
        self.officer = ""  # whose journal the records being applied come from
        self.source = ""  # that journal's file name (a team's index)
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _INSERTS}
        # Each name as first spelt: in the order a build from nothing reads the journals
        # (yours first, then the team's, each in file order), whatever order they were
        # indexed in. The rank of a spelling: its journal's place, then its byte offset.
        self.people: dict[str, int] = {}
        self.places: dict[str, int] = {}
        self.rank_base = 0  # the journal being read, shifted above any offset
        self.position = 0  # the offset of the record being applied
        self.respelt: dict[str, dict[str, tuple[str, int]]] = {"people": {}, "places": {}}
        # Ids indexed (`expected`: about how many records the refresh reads).
        self.interactions = SeenIds(db, "interactions", fresh=fresh, expected=expected)
        self.concerns = SeenIds(db, "concerns", fresh=fresh, expected=expected // 8)
        self.touched_concerns: set[str] = set()
        self.keys: dict[str, str] = {}  # name as written -> matching key
        self.new_ids: list[str] = []  # the first few (`ids.update_short_length`)
        self.roles: dict[str, tuple[int, int, str]] = {}
        self.met: dict[str, int] = {}
        # Per person: by place, and (a team's) by officer: [meetings, the last one].
        self.pairs: dict[str, dict[str, list[int]]] = {}
        self.met_by: dict[str, dict[str, list[int]]] = {}
        self.visits: dict[str, int] = {}
        # By place, kind and officer: [visits, first, last]; the places a correction
        # changed a visit of, counted again from the rows at the end.
        self.at_places: dict[tuple[str, str, str], list[int]] = {}
        self.recount_places: set[str] = set()
        # Text a record is found by that another record gives (a concern's text, its
        # interaction; a note, its concern): kept in a scratch table until `finish`.
        self.extra: list[tuple[int, str, str]] = []
        for statement in EXTRA_SCHEMA:
            db.execute(statement)
        db.execute("DELETE FROM temp.search_extra")
        if not fresh:
            self.people = dict(db.execute("SELECT key, rank FROM people").fetchall())
            self.places = dict(db.execute("SELECT key, rank FROM places").fetchall())

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.db.executemany(_INSERTS[name], rows)
                rows.clear()
        self.interactions.written()
        self.concerns.written()
        if self.extra:
            self.db.executemany("INSERT INTO temp.search_extra VALUES (?, ?, ?)", self.extra)
            self.extra.clear()
        for table, spellings in self.respelt.items():
            if spellings:
                self.db.executemany(
                    f"UPDATE {table} SET name = ?, rank = ? WHERE key = ? AND rank > ?",
                    [(name, rank, key, rank) for key, (name, rank) in spellings.items()],
                )
                spellings.clear()

    def finish(self) -> None:
        """Insert what is left, then settle concerns and roles touched by this refresh."""
        self.flush()
        settle_concerns(self.db, None if self.fresh else self.touched_concerns)
        add_totals(
            self.db,
            self.met,
            {(p, place): n for p, places in self.pairs.items() for place, n in places.items()},
            {(p, who): n for p, officers in self.met_by.items() for who, n in officers.items()},
            self.visits,
            self.roles,
            self.at_places,
        )
        if self.recount_places:
            recount_places(self.db, self.recount_places)
        for statement in _EXTRA_UPDATES:
            self.db.execute(statement)
        self.db.execute("DELETE FROM temp.search_extra")

    def searched_with(self, kind: int, target: str, text: str) -> None:
        """Text the record `target` is also found by (kind: CONCERN_TEXT of an
        interaction, NOTE of a concern)."""
        self.extra.append((kind, target, "\n" + fold(text)))

    def touch(self, concern_id: str) -> None:
        """A concern whose state this refresh changes (a build from nothing settles every
        concern: none is kept)."""
        if not self.fresh:
            self.touched_concerns.add(concern_id)

    def apply(self, seq: int, block: Scanned) -> None:
        data = block.data
        assert data is not None
        if self._from_the_future(data) or self._held_elsewhere(data.get("id", "")):
            return
        self.position = block.offset
        kind = data.get("type")
        if len(self.new_ids) <= NEW_IDS_KEPT:
            self.new_ids.append(data.get("id", ""))
        self.rows["records"].append(
            (seq, data.get("id", ""), kind, block.line, block.offset, block.end, self.source)
        )
        if kind == "interaction":
            self._interaction(seq, block.line, data)
        elif kind == "amendment":
            self.flush()
            apply_correction(self, seq, block.line, data)
        elif kind == "concern":
            apply_step(self, seq, block.line, data)
        elif kind == "person":
            self._person(seq, data)
        elif kind == "shift":
            apply_shift(self, seq, block.line, data)
        elif kind == "passdown":
            apply_passdown(self, seq, data)
        elif kind == "ack":
            apply_ack(self, seq, data)
        if len(self.rows["records"]) >= 5000:
            self.flush()

    def _from_the_future(self, data: dict[str, Any]) -> bool:
        """A record dated after the moment it is read was not written then (a forged or
        mistyped time, a clock far ahead): counted, and applied to nothing."""
        if self.latest is None:
            return False
        times = [data[key] for key in ("when", "recorded") if isinstance(data.get(key), datetime)]
        late = [int(value.timestamp()) for value in times if value.timestamp() > self.latest]
        if not late:
            return False
        found = self.future.setdefault(self.source, [min(late), 0])
        found[0] = min(found[0], *late)
        found[1] += 1
        return True

    def _held_elsewhere(self, record_id: str) -> bool:
        """In a team's index, an id another journal holds already: this journal's record
        with it is left out (ids are random: only a copy, or a forgery, reuses one)."""
        if not self.shared:
            return False
        holder = self.holders.get(record_id)
        if holder is None and not self.fresh:
            row = self.db.execute(
                "SELECT source FROM records WHERE id = ? LIMIT 1", (record_id,)
            ).fetchone()
            holder = None if row is None else row[0]
        if holder is None:
            self.holders[record_id] = self.source
            return False
        if holder == self.source:
            return False
        found = self.reused.setdefault(self.source, [0, record_id])
        found[0] += 1
        return True

    def of_another_journal(self, record_id: str) -> bool:
        """In a team's index, whether a record another journal holds (a correction applies
        only to its own journal's records)."""
        if not self.shared:
            return False
        holder = self.holders.get(record_id)
        if holder is None:
            self.flush()
            row = self.db.execute(
                "SELECT source FROM records WHERE id = ? LIMIT 1", (record_id,)
            ).fetchone()
            holder = None if row is None else row[0]
        return holder is not None and holder != self.source

    def _tip_from(self, data: dict[str, Any]) -> str | None:
        """Who gave an interaction's tips: as recorded, or (written before pj recorded it)
        the one person met, if only one; else nobody."""
        giver = data.get("tip_from")
        people = data.get("people", [])
        if giver is None and data.get("tips") and len(people) == 1:
            giver = people[0]
        return self.person_key(giver) if giver else None

    def person_key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        self._spelt("people", self.people, key, name)
        return key

    def place_key(self, name: str | None) -> str | None:
        if name is None:
            return None
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        self._spelt("places", self.places, key, name)
        return key

    def _spelt(self, table: str, known: dict[str, int], key: str, name: str) -> None:
        """A name met: a new person or place, or an earlier spelling of a known one (a
        record of your journal indexed after a teammate's)."""
        rank = self.rank_base + self.position
        held = known.get(key)
        if held is None:
            self.rows[table].append((key, clean_text(name), rank))
            known[key] = rank
        elif rank < held:
            self.respelt[table][key] = (clean_text(name), rank)
            known[key] = rank

    @staticmethod
    def is_new(seen: SeenIds, record_id: str) -> bool:
        if record_id in seen:
            return False
        seen.add(record_id)
        return True

    def _interaction(self, seq: int, line: int, data: dict[str, Any]) -> None:
        record_id = data["id"]
        if not self.is_new(self.interactions, record_id):
            return  # a duplicate id: `check` reports it; the first one counts
        when: datetime = data["when"]
        ts = int(when.timestamp())
        tips, shared, tags = data.get("tips", []), data.get("shared", []), data.get("tags", [])
        place_key = self.place_key(data.get("place"))
        kind = data.get("kind", "chat")
        if place_key is not None:
            self.visits[place_key] = self.visits.get(place_key, 0) + 1
            total = self.at_places.get((place_key, kind, self.officer))
            if total is None:
                self.at_places[place_key, kind, self.officer] = [1, ts, ts]
            else:
                total[0] += 1
                total[1], total[2] = min(total[1], ts), max(total[2], ts)
        people = data.get("people", [])
        self.rows["interactions"].append(
            (
                seq,
                record_id,
                line,
                ts,
                when.isoformat(),
                kind,
                data.get("text", ""),
                place_key,
                _list_json(tips),
                _list_json(shared),
                _list_json(tags),
                len(tips),
                len(shared),
                search_text(data),
                self.officer,
                self._tip_from(data),
                more_json(data),
            )
        )
        self.add_people(record_id, people, ts, place_key)
        self.add_tags(record_id, tags)

    def _pair(self, person: str, place: str | None, delta: int, ts: int) -> None:
        """Count how often a person is met at a place (for "usually at"), and in a team's
        index by which officer."""
        if self.shared:
            met = self.met_by.setdefault(person, {}).setdefault(self.officer, [0, 0])
            met[0] += delta
            met[1] = max(met[1], ts)
        if place is None:
            return
        entry = self.pairs.setdefault(person, {}).setdefault(place, [0, 0])
        entry[0] += delta
        entry[1] = max(entry[1], ts)

    def add_people(
        self, interaction_id: str, people: list[str], ts: int, place_key: str | None
    ) -> None:
        seen: set[str] = set()
        for position, name in enumerate(people):
            key = self.person_key(name)
            if key not in seen:
                seen.add(key)
                self.met[key] = self.met.get(key, 0) + 1
                self._pair(key, place_key, 1, ts)
                self.rows["participants"].append(
                    (interaction_id, key, ts, position, place_key, self.officer)
                )

    def add_tags(self, interaction_id: str, tags: list[str]) -> None:
        if not tags:
            return
        unique = dict.fromkeys(tag.strip().casefold() for tag in tags if tag.strip())
        self.rows["tags"].extend((interaction_id, tag) for tag in unique)

    def _person(self, seq: int, data: dict[str, Any]) -> None:
        key = self.person_key(data["name"])
        when: datetime = data["when"]
        ts = int(when.timestamp())
        role, note = data.get("role"), data.get("note")
        self.rows["person_notes"].append(
            (data["id"], key, seq, ts, when.isoformat(), role, note, self.officer)
        )
        if role and (key not in self.roles or self.roles[key][:2] <= (ts, seq)):
            self.roles[key] = (ts, seq, role)


_ENCODER = json.JSONEncoder(ensure_ascii=False)

# In the order they were written (the index keeps a target's rows in rowid order).
_GATHERED = (
    "(SELECT target, group_concat(text, '') AS text FROM temp.search_extra "
    "WHERE kind = {kind} GROUP BY kind, target) AS x"
)
_EXTRA_UPDATES = (
    "UPDATE interactions SET search = search || x.text FROM "
    + _GATHERED.format(kind=CONCERN_TEXT)
    + " WHERE interactions.id = x.target",
    "UPDATE concerns SET search = search || x.text FROM "
    + _GATHERED.format(kind=NOTE)
    + " WHERE concerns.id = x.target",
    # A note on a concern raised in an interaction finds the interaction too.
    "UPDATE interactions SET search = search || x.text FROM "
    "(SELECT c.interaction_id AS target, group_concat(e.text, '') AS text "
    "FROM temp.search_extra AS e JOIN concerns AS c ON c.id = e.target "
    f"WHERE e.kind = {NOTE} AND c.interaction_id IS NOT NULL GROUP BY c.interaction_id) AS x "
    "WHERE interactions.id = x.target",
)


def _list_json(values: list[str]) -> str:
    return _ENCODER.encode(values) if values else "[]"
