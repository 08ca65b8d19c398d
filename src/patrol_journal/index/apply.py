"""Records, in file order, into index rows: corrections and concern steps applied."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from patrol_journal.calendar import due_bounds
from patrol_journal.fields import PLAIN
from patrol_journal.index.concerns import settle_concerns
from patrol_journal.index.schema import INSERTS as _INSERTS
from patrol_journal.index.totals import add_totals, recount_people
from patrol_journal.vocab import AMENDABLE, clean_text, fold, name_key, search_text

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
        self.interactions: set[str] = set()
        self.concerns: set[str] = set()
        self.touched_concerns: set[str] = set()
        self.keys: dict[str, str] = {}  # name as written -> matching key
        self.new_ids: list[str] = []
        self.roles: dict[str, tuple[int, int, str]] = {}
        self.met: dict[str, int] = {}
        # Per person: by place, and (a team's) by officer: [meetings, the last one].
        self.pairs: dict[str, dict[str, list[int]]] = {}
        self.met_by: dict[str, dict[str, list[int]]] = {}
        self.visits: dict[str, int] = {}
        self.search_extra: dict[str, list[str]] = {}
        self.noted: list[tuple[str, str]] = []  # (concern, note): searched with the concern
        if not fresh:
            self.people = dict(db.execute("SELECT key, rank FROM people").fetchall())
            self.places = dict(db.execute("SELECT key, rank FROM places").fetchall())

    def flush(self) -> None:
        for name, rows in self.rows.items():
            if rows:
                self.db.executemany(_INSERTS[name], rows)
                rows.clear()
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
        settle_concerns(self.db, self.touched_concerns, fresh=self.fresh)
        add_totals(
            self.db,
            self.met,
            {(p, place): n for p, places in self.pairs.items() for place, n in places.items()},
            {(p, who): n for p, officers in self.met_by.items() for who, n in officers.items()},
            self.visits,
            self.roles,
        )
        self.db.executemany(
            "UPDATE interactions SET search = search || ? WHERE id = ?",
            [("\n" + fold("\n".join(texts)), key) for key, texts in self.search_extra.items()],
        )
        notes = [("\n" + fold(note), concern_id) for concern_id, note in self.noted]
        self.db.executemany("UPDATE concerns SET search = search || ? WHERE id = ?", notes)
        self.db.executemany(  # a note on a concern raised in an interaction finds it too
            "UPDATE interactions SET search = search || ? WHERE id = "
            "(SELECT interaction_id FROM concerns WHERE id = ?)",
            notes,
        )

    def apply(self, seq: int, block: Scanned) -> None:
        data = block.data
        assert data is not None
        if self._from_the_future(data) or self._held_elsewhere(data.get("id", "")):
            return
        self.position = block.offset
        kind = data.get("type")
        self.new_ids.append(data.get("id", ""))
        self.rows["records"].append(
            (seq, data.get("id", ""), kind, block.line, block.offset, block.end, self.source)
        )
        if kind == "interaction":
            self._interaction(seq, block.line, data)
        elif kind == "amendment":
            self.flush()
            self._amendment(seq, block.line, data)
        elif kind == "concern":
            self._concern(seq, block.line, data)
        elif kind == "person":
            self._person(seq, data)
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

    def _of_another_journal(self, record_id: str) -> bool:
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
        return self._person_key(giver) if giver else None

    def _person_key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = name_key(name)
        self._spelt("people", self.people, key, name)
        return key

    def _place_key(self, name: str | None) -> str | None:
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

    def _is_new(self, table: str, seen: set[str], record_id: str) -> bool:
        if record_id in seen:
            return False
        seen.add(record_id)
        if self.fresh:
            return True
        return (
            self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone() is None
        )

    def _interaction(self, seq: int, line: int, data: dict[str, Any]) -> None:
        record_id = data["id"]
        if not self._is_new("interactions", self.interactions, record_id):
            return  # a duplicate id: `check` reports it; the first one counts
        when: datetime = data["when"]
        ts = int(when.timestamp())
        tips, shared, tags = data.get("tips", []), data.get("shared", []), data.get("tags", [])
        place_key = self._place_key(data.get("place"))
        if place_key is not None:
            self.visits[place_key] = self.visits.get(place_key, 0) + 1
        people = data.get("people", [])
        self.rows["interactions"].append(
            (
                seq,
                record_id,
                line,
                ts,
                when.isoformat(),
                data.get("kind", "chat"),
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
                _more(data),
            )
        )
        self._add_people(record_id, people, ts, place_key)
        self._add_tags(record_id, tags)

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

    def _add_people(
        self, interaction_id: str, people: list[str], ts: int, place_key: str | None
    ) -> None:
        seen: set[str] = set()
        for position, name in enumerate(people):
            key = self._person_key(name)
            if key not in seen:
                seen.add(key)
                self.met[key] = self.met.get(key, 0) + 1
                self._pair(key, place_key, 1, ts)
                self.rows["participants"].append(
                    (interaction_id, key, ts, position, place_key, self.officer)
                )

    def _add_tags(self, interaction_id: str, tags: list[str]) -> None:
        if not tags:
            return
        unique = dict.fromkeys(tag.strip().casefold() for tag in tags if tag.strip())
        self.rows["tags"].extend((interaction_id, tag) for tag in unique)

    def _amendment(self, seq: int, line: int, data: dict[str, Any]) -> None:
        target = data["amends"]
        if self._of_another_journal(target):
            return  # another officer's record: `pj check --team` reports it
        self.db.execute(
            "INSERT OR IGNORE INTO amendments(id, target, seq, line) VALUES (?, ?, ?, ?)",
            (data["id"], target, seq, line),
        )
        self.flush()
        row = self.db.execute(
            "SELECT ts, place_key, more FROM interactions WHERE id = ?", (target,)
        ).fetchone()
        if row is None:  # points nowhere: `check` reports it
            return
        changes = {key: data[key] for key in AMENDABLE if data.get(key) is not None}
        ts = int(row[0])
        old_place = row[1]
        old_people = [
            r[0]
            for r in self.db.execute(
                "SELECT person_key FROM participants WHERE interaction_id = ?", (target,)
            )
        ]
        columns = self._corrected_columns(changes, old_place)
        if changes.keys() & set(PLAIN):
            columns["more"] = _more(json.loads(row[2] or "{}") | changes)
        ts = columns.get("ts", ts)
        self.flush()
        assignments = "".join(f"{column} = ?, " for column in columns)
        self.db.execute(
            f"UPDATE interactions SET {assignments}amended = amended + 1 WHERE id = ?",
            (*columns.values(), target),
        )
        new_place = columns.get("place_key", old_place)
        if "people" in changes:
            for key in old_people:
                self.met[key] = self.met.get(key, 0) - 1
            self.db.execute("DELETE FROM participants WHERE interaction_id = ?", (target,))
            self._add_people(target, changes["people"], ts, new_place)
            self._reassign_raisers(target, old_people, changes["people"])
        else:  # who stays; where and when they were met follow the correction
            self.db.execute(
                "UPDATE participants SET place_key = ?, ts = ? WHERE interaction_id = ?",
                (new_place, ts, target),
            )
        if changes.keys() & {"people", "place", "when"}:
            met_now = [self._person_key(name) for name in changes.get("people", [])]
            self._count_again({*old_people, *met_now})
        self._move_concerns(target, (int(row[0]), old_place), (ts, new_place), changes)
        if "tags" in changes:
            self.db.execute("DELETE FROM tags WHERE interaction_id = ?", (target,))
            self._add_tags(target, changes["tags"])
        self.flush()
        self._refresh_search(target)

    def _corrected_columns(self, changes: dict[str, Any], old_place: str | None) -> dict[str, Any]:
        """The interaction's columns a correction replaces (and the visits it moves)."""
        columns: dict[str, Any] = {}
        if "when" in changes:
            columns["ts"] = int(changes["when"].timestamp())
            columns["at"] = changes["when"].isoformat()
        for field in ("kind", "text"):
            if field in changes:
                columns[field] = changes[field]
        if "place" in changes:
            columns["place_key"] = self._place_key(changes["place"])
            if old_place is not None:
                self.visits[old_place] = self.visits.get(old_place, 0) - 1
            self.visits[columns["place_key"]] = self.visits.get(columns["place_key"], 0) + 1
        for field in ("tips", "shared", "tags"):
            if field in changes:
                columns[field] = json.dumps(changes[field], ensure_ascii=False)
        if "tips" in changes:
            columns["n_tips"] = len(changes["tips"])
        if "tip_from" in changes:
            columns["tip_from"] = self._person_key(changes["tip_from"])
        if "shared" in changes:
            columns["n_shared"] = len(changes["shared"])
        return columns

    def _count_again(self, people: set[str]) -> None:
        """Where and by whom these people were met, counted again from their meetings
        (a correction can move or remove the latest one: a kept maximum would go stale)."""
        self.flush()
        for key in people:
            self.pairs.pop(key, None)
            self.met_by.pop(key, None)
        recount_people(self.db, people)

    def _move_concerns(
        self,
        target: str,
        before: tuple[int, str | None],
        after: tuple[int, str | None],
        changes: dict[str, Any],
    ) -> None:
        """A correction of when or where an interaction happened reaches the concerns
        raised in it (those raised then and there, not given their own time or place)."""
        if "when" not in changes and "place" not in changes:
            return
        for concern_id, ts, place_key in self.db.execute(
            "SELECT id, ts, place_key FROM concerns WHERE interaction_id = ?", (target,)
        ).fetchall():
            if "when" in changes and ts == before[0]:
                at = changes["when"].isoformat()
                self.db.execute(
                    "UPDATE concerns SET ts = ?, at = ? WHERE id = ?", (after[0], at, concern_id)
                )
                self.db.execute(
                    "UPDATE concern_events SET ts = ?, at = ? WHERE id = ?",
                    (after[0], at, concern_id),
                )
            if "place" in changes and place_key == before[1]:
                self.db.execute(
                    "UPDATE concerns SET place_key = ? WHERE id = ?", (after[1], concern_id)
                )
            self.touched_concerns.add(concern_id)

    def _reassign_raisers(self, target: str, old_keys: list[str], people: list[str]) -> None:
        """A correction of who was met reaches the concerns raised in that interaction by
        the people it named (not those given their own raisers with --concern-by)."""
        new_keys = list(dict.fromkeys(self._person_key(name) for name in people))
        names = json.dumps([clean_text(name) for name in people], ensure_ascii=False)
        for (concern_id,) in self.db.execute(
            "SELECT id FROM concerns WHERE interaction_id = ?", (target,)
        ).fetchall():
            raisers = {
                row[0]
                for row in self.db.execute(
                    "SELECT person_key FROM concern_raisers WHERE concern_id = ?", (concern_id,)
                )
            }
            if raisers != set(old_keys):
                continue
            self.db.execute("DELETE FROM concern_raisers WHERE concern_id = ?", (concern_id,))
            self.db.executemany(
                "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) VALUES (?, ?)",
                [(concern_id, key) for key in new_keys],
            )
            self.db.execute("UPDATE concerns SET raised_by = ? WHERE id = ?", (names, concern_id))

    def _refresh_search(self, interaction_id: str) -> None:
        """Recompute an interaction's search text after a correction."""
        row = self.db.execute(
            "SELECT i.text, pl.name, i.tips, i.shared, i.tags, i.more FROM interactions i "
            "LEFT JOIN places pl ON pl.key = i.place_key WHERE i.id = ?",
            (interaction_id,),
        ).fetchone()
        people = [
            r[0]
            for r in self.db.execute(
                "SELECT pe.name FROM participants p JOIN people pe ON pe.key = p.person_key "
                "WHERE p.interaction_id = ?",
                (interaction_id,),
            )
        ]
        concerns = [  # their texts and notes, folded already
            r[0]
            for r in self.db.execute(
                "SELECT search FROM concerns WHERE interaction_id = ?", (interaction_id,)
            )
        ]
        fields = {"text": row[0], "people": people, "place": row[1]}
        for column, key in ((2, "tips"), (3, "shared"), (4, "tags")):
            fields[key] = json.loads(row[column])
        fields |= json.loads(row[5] or "{}")
        text = search_text(fields)
        if concerns:
            text += "\n" + "\n".join(concerns)
        self.db.execute("UPDATE interactions SET search = ? WHERE id = ?", (text, interaction_id))
        self.search_extra.pop(interaction_id, None)

    def _concern(self, seq: int, line: int, data: dict[str, Any]) -> None:
        action = data["action"]
        when: datetime = data["when"]
        ts = int(when.timestamp())
        due_ts, due_at = due_bounds(data["due"]) if data.get("due") else (None, None)
        concern_id = data["id"] if action == "raise" else data.get("concern", "")
        event = (
            data["id"],
            concern_id,
            seq,
            action,
            ts,
            when.isoformat(),
            data.get("note") if action != "raise" else None,
            due_ts,
            due_at,
            data.get("referred_to"),
            int(bool(data.get("unresolved", False))),
            self.officer,
        )
        if action == "raise":
            self._raise(seq, line, data, event)
            return
        if action == "amend" and (
            self._of_another_journal(concern_id) or not self._amend_concern(concern_id, data)
        ):
            return  # only the journal that raised a concern corrects it: `check` reports it
        if data.get("note"):
            self.noted.append((concern_id, data["note"]))
        if self.shared:
            self.rows["concern_events"].append(event)
            self.touched_concerns.add(concern_id)
            return
        if concern_id not in self.concerns and (
            self.fresh
            or self.db.execute("SELECT 1 FROM concerns WHERE id = ?", (concern_id,)).fetchone()
            is None
        ):
            return  # points nowhere: `check` reports it
        self.rows["concern_events"].append(event)
        self.touched_concerns.add(concern_id)

    def _raise(self, seq: int, line: int, data: dict[str, Any], event: tuple[Any, ...]) -> None:
        """A concern opened: its row, who raised it, its first step."""
        concern_id = data["id"]
        if not self._is_new("concerns", self.concerns, concern_id):
            return
        raised_by = data.get("raised_by", [])
        ts, at = event[4], event[5]
        self.rows["concerns"].append(
            (
                seq,
                concern_id,
                line,
                ts,
                at,
                data.get("text", ""),
                self._place_key(data.get("place")),
                data.get("priority", "normal"),
                data.get("category"),
                data.get("interaction"),
                json.dumps([clean_text(n) for n in raised_by], ensure_ascii=False),
                ts,
                ts,
                at,
                event[7],
                event[8],
                self.officer,
                fold(data.get("text", "")),
            )
        )
        self.rows["concern_raisers"].extend(
            {(concern_id, self._person_key(name)): None for name in raised_by}
        )
        self.rows["concern_events"].append(event)
        if data.get("interaction"):
            self.search_extra.setdefault(data["interaction"], []).append(data.get("text", ""))
        if self.shared:  # steps from other journals may be indexed already
            self.touched_concerns.add(concern_id)

    def _amend_concern(self, concern_id: str, data: dict[str, Any]) -> bool:
        """A correction of what a concern says: its text, place, raisers, priority or
        category replaced (the steps before it keep what it said then, in the journal).
        False when the concern is not indexed (yet)."""
        self.flush()
        if self.db.execute("SELECT 1 FROM concerns WHERE id = ?", (concern_id,)).fetchone() is None:
            return False
        columns: dict[str, Any] = {}
        if "text" in data:
            columns["text"] = data["text"]
        if "place" in data:
            columns["place_key"] = self._place_key(data["place"])
        for key in ("priority", "category"):
            if key in data:
                columns[key] = data[key]
        if "raised_by" in data:
            names = [clean_text(name) for name in data["raised_by"]]
            columns["raised_by"] = json.dumps(names, ensure_ascii=False)
            self.flush()
            self.db.execute("DELETE FROM concern_raisers WHERE concern_id = ?", (concern_id,))
            self.db.executemany(
                "INSERT OR IGNORE INTO concern_raisers(concern_id, person_key) VALUES (?, ?)",
                [(concern_id, self._person_key(name)) for name in data["raised_by"]],
            )
        self.flush()
        if columns:
            assignments = ", ".join(f"{column} = ?" for column in columns)
            self.db.execute(
                f"UPDATE concerns SET {assignments} WHERE id = ?", (*columns.values(), concern_id)
            )
        if "text" in data:  # searched as it reads now: its text and every note
            notes = [
                row[0]
                for row in self.db.execute(
                    "SELECT note FROM concern_events WHERE concern_id = ? AND note IS NOT NULL",
                    (concern_id,),
                )
            ]
            self.db.execute(
                "UPDATE concerns SET search = ? WHERE id = ?",
                (fold("\n".join([data["text"], *notes])), concern_id),
            )
            raised_in = self.db.execute(
                "SELECT interaction_id FROM concerns WHERE id = ?", (concern_id,)
            ).fetchone()[0]
            if raised_in:
                self._refresh_search(raised_in)
        return True

    def _person(self, seq: int, data: dict[str, Any]) -> None:
        key = self._person_key(data["name"])
        when: datetime = data["when"]
        ts = int(when.timestamp())
        role, note = data.get("role"), data.get("note")
        self.rows["person_notes"].append(
            (data["id"], key, seq, ts, when.isoformat(), role, note, self.officer)
        )
        if role and (key not in self.roles or self.roles[key][:2] <= (ts, seq)):
            self.roles[key] = (ts, seq, role)


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _more(data: dict[str, Any]) -> str | None:
    """The interaction's fields with no column of their own (`fields.PLAIN`), as JSON."""
    kept = {key: data[key] for key in PLAIN if data.get(key) is not None}
    return json.dumps(kept, ensure_ascii=False) if kept else None


def _list_json(values: list[str]) -> str:
    return _ENCODER.encode(values) if values else "[]"
