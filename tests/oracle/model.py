"""The reference model: what pj's views should answer, worked out naively from the files.

It reads each journal with `tomllib` alone, takes the records in file order (yours first
in a team, then the others by file name), applies corrections, folds concern steps by WHEN
(`lifecycle.fold_concern`, which is pure) and answers the questions of `recent`, `people`,
`person`, `places`, `brief`, `concerns`, `search` and `summary --format json` by looking
at every record. It shares nothing with pj's index, views or scanner: no SQL, no cache, no
cleverness. Speed does not matter; being obviously right does.
"""

from __future__ import annotations

import itertools
import os
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from patrol_journal.lifecycle import fold_concern
from patrol_journal.vocab import clean_text, fold, name_key

AMENDABLE = ("when", "kind", "text", "people", "place", "tips", "tip_from", "shared", "tags")
PRIORITY = {"high": 0, "normal": 1, "low": 2}
SLACK = 300  # a record dated more than this after the moment it is read is left out


def zone() -> tzinfo:
    name = os.environ.get("TZ", "UTC").lstrip(":")
    return UTC if name in ("", "UTC", "UTC0", "GMT") else ZoneInfo(name)


def local(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, zone())


def local_iso(ts: int | None) -> str | None:
    return None if ts is None else local(ts).isoformat()


def day(ts: int) -> date:
    return local(ts).date()


def day_start(value: date) -> int:
    """The first instant of a local date (the earlier one if its midnight is repeated)."""
    naive = datetime(value.year, value.month, value.day)
    for minutes in range(0, 24 * 60, 15):  # a midnight the clocks skipped: the next instant
        moment = (naive + timedelta(minutes=minutes)).replace(tzinfo=zone(), fold=0)
        if moment.astimezone(UTC).astimezone(zone()).replace(tzinfo=None) == moment.replace(
            tzinfo=None
        ):
            return int(moment.timestamp())
    raise AssertionError(value)  # pragma: no cover


def ts_of(value: datetime | date) -> int:
    if isinstance(value, datetime):
        return int(value.timestamp())
    return day_start(value + timedelta(days=1)) - 1  # a follow-up due on a day: its end


@dataclass
class Interaction:
    id: str
    seq: int
    source: str
    officer: str
    ts: int
    at: str
    kind: str
    text: str
    people: list[str]  # keys, in order, once each
    place: str | None  # key
    written_people: list[str]
    written_place: str | None
    tips: list[str]
    shared: list[str]
    tags: list[str]
    amended: int = 0
    tip_from: str | None = None  # a person key


@dataclass
class Concern:
    id: str
    seq: int
    officer: str
    ts: int
    at: str
    text: str
    place: str | None
    priority: str
    category: str | None
    interaction: str | None
    raised_by: list[str]  # names as cleaned
    raisers: list[str]  # keys
    steps: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Note:
    id: str
    seq: int
    key: str
    ts: int
    at: str
    role: str | None
    note: str | None


def _months(now: datetime, meetings: list[int]) -> list[dict[str, Any]]:
    """The last twelve calendar months to `now`'s, in local time: meetings in each."""
    today = local(int(now.timestamp())).date()
    found = []
    for back in range(11, -1, -1):
        number = today.year * 12 + today.month - 1 - back
        first = date(number // 12, number % 12 + 1, 1)
        after = date((number + 1) // 12, (number + 1) % 12 + 1, 1)
        low, high = day_start(first), day_start(after)
        found.append(
            {"month": first.strftime("%Y-%m"), "contacts": sum(low <= ts < high for ts in meetings)}
        )
    return found


def _tenth(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _median(values: list[float]) -> float | None:
    import statistics

    return statistics.median(values) if values else None


class Model:
    """Every journal of a team (or one), read naively; the answers to every view."""

    def __init__(self, journals: list[tuple[Path, str | None]], *, team: bool = False) -> None:
        self.team = team
        self.latest = time.time() + SLACK
        self.names: dict[str, str] = {}  # person key -> first spelling
        self.places: dict[str, str] = {}
        self.interactions: dict[str, Interaction] = {}
        self.concerns: dict[str, Concern] = {}
        self.step_ids: set[str] = set()
        self.notes: list[Note] = []
        self.holders: dict[str, str] = {}
        self.officers: list[str] = []
        self.steps_of: dict[str, list[dict[str, Any]]] = {}
        self.duty: list[dict[str, Any]] = []  # shift, passdown and ack records, as written
        seq = 0
        for path, officer in journals:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
            whose = officer or document["journal"].get("officer") or path.stem
            self.officers.append(whose)
            for record in document.get("record", []):
                seq += 1
                self._apply(record, seq, path.name, whose)

    # -------------------------------------------------------------- reading

    def _person(self, name: str) -> str:
        key = name_key(name)
        self.names.setdefault(key, clean_text(name))
        return key

    def _place(self, name: str | None) -> str | None:
        if name is None:
            return None
        key = name_key(name)
        self.places.setdefault(key, clean_text(name))
        return key

    def _apply(self, record: dict[str, Any], seq: int, source: str, officer: str) -> None:
        times = [record[k] for k in ("when", "recorded") if isinstance(record.get(k), datetime)]
        if any(t.timestamp() > self.latest for t in times):
            return
        rid = record.get("id", "")
        if self.team and self.holders.setdefault(rid, source) != source:
            return
        kind = record.get("type")
        if kind == "interaction" and rid not in self.interactions:
            self._interaction(record, seq, source, officer)
        elif kind == "amendment":
            self._amendment(record, source)
        elif kind in ("shift", "passdown", "ack"):
            self.duty.append(record | {"officer": officer})
        elif kind == "concern":
            self._concern(record, seq, officer)
        elif kind == "person":
            when = record["when"]
            key = self._person(record["name"])
            self.notes.append(
                Note(
                    rid,
                    seq,
                    key,
                    int(when.timestamp()),
                    when.isoformat(),
                    record.get("role"),
                    record.get("note"),
                )
            )

    def _giver(self, record: dict[str, Any]) -> str | None:
        """Who gave the tips: as recorded, else the one person met, if only one."""
        giver = record.get("tip_from")
        if giver is None and record.get("tips") and len(record.get("people", [])) == 1:
            giver = record["people"][0]
        return self._person(giver) if giver else None

    def _keys(self, names: list[str]) -> list[str]:
        return list(dict.fromkeys(self._person(name) for name in names))

    def _interaction(self, record: dict[str, Any], seq: int, source: str, officer: str) -> None:
        when = record["when"]
        place = self._place(record.get("place"))
        self.interactions[record["id"]] = Interaction(
            record["id"],
            seq,
            source,
            officer,
            int(when.timestamp()),
            when.isoformat(),
            record.get("kind", "chat"),
            record.get("text", ""),
            self._keys(record.get("people", [])),
            place,
            list(record.get("people", [])),
            record.get("place"),
            list(record.get("tips", [])),
            list(record.get("shared", [])),
            list(record.get("tags", [])),
            tip_from=self._giver(record),
        )

    def _amendment(self, record: dict[str, Any], source: str) -> None:
        target = self.interactions.get(record["amends"])
        if target is None or (self.team and target.source != source):
            return
        changes = {key: record[key] for key in AMENDABLE if record.get(key) is not None}
        opened = [c for c in self.concerns.values() if c.interaction == target.id]
        if "when" in changes:
            old_ts = target.ts
            target.ts, target.at = int(changes["when"].timestamp()), changes["when"].isoformat()
            for concern in opened:  # a concern raised in it was raised when it happened
                if concern.ts == old_ts:
                    concern.ts, concern.at = target.ts, target.at
                    concern.steps[0] |= {"ts": target.ts, "at": target.at}
        if "place" in changes:
            old_place = target.place
            target.place = self._place(changes["place"])
            target.written_place = None
            for concern in opened:  # and where it happened
                if concern.place == old_place:
                    concern.place = target.place
        if "people" in changes:
            old = target.people
            target.people = self._keys(changes["people"])
            target.written_people = []
            for concern in self.concerns.values():  # raisers follow who was met
                if concern.interaction == target.id and set(concern.raisers) == set(old):
                    concern.raisers = list(target.people)
                    concern.raised_by = [clean_text(n) for n in changes["people"]]
        if "tip_from" in changes:
            target.tip_from = self._person(changes["tip_from"])
        for key in ("kind", "text", "tips", "shared", "tags"):
            if key in changes:
                setattr(
                    target,
                    key,
                    list(changes[key]) if key in ("tips", "shared", "tags") else changes[key],
                )
        target.amended += 1

    def _concern(self, record: dict[str, Any], seq: int, officer: str) -> None:
        when = record["when"]
        due = record.get("due")
        step = {
            "id": record["id"],
            "seq": seq,
            "action": record["action"],
            "ts": int(when.timestamp()),
            "at": when.isoformat(),
            "due_ts": ts_of(due) if due is not None else None,
            "due_at": due.isoformat() if due is not None else None,
            "referred_to": record.get("referred_to"),
            "officer": officer,
            "note": record.get("note") if record["action"] != "raise" else None,
        }
        if record["action"] == "raise":
            if record["id"] in self.concerns:
                return
            raised_by = record.get("raised_by", [])
            concern = Concern(
                record["id"],
                seq,
                officer,
                step["ts"],
                step["at"],
                record.get("text", ""),
                self._place(record.get("place")),
                record.get("priority", "normal"),
                record.get("category"),
                record.get("interaction"),
                [clean_text(n) for n in raised_by],
                self._keys(raised_by),
            )
            self.concerns[record["id"]] = concern
            concern.steps.append(step)
            self.step_ids.add(record["id"])
            return
        target = record.get("concern", "")
        if record["id"] in self.step_ids:
            return
        if record["action"] == "amend":
            concern = self.concerns.get(target)
            if concern is None or concern.officer != officer:  # only its raiser corrects it
                return
            self._correct(concern, record)
        if target in self.concerns or self.team:  # a team keeps steps raised elsewhere
            self.steps_of.setdefault(target, []).append(step)
            self.step_ids.add(record["id"])

    def _correct(self, concern: Concern, record: dict[str, Any]) -> None:
        """A correction of what a concern says, applied in file order."""
        if "text" in record:
            concern.text = record["text"]
        if "place" in record:
            concern.place = self._place(record["place"])
        if "priority" in record:
            concern.priority = record["priority"]
        if "category" in record:
            concern.category = record["category"]
        if "raised_by" in record:
            concern.raised_by = [clean_text(n) for n in record["raised_by"]]
            concern.raisers = self._keys(record["raised_by"])

    def _steps(self, concern: Concern, until: int | None = None) -> list[dict[str, Any]]:
        """The concern's steps in the order they happened, its raise first."""
        steps = sorted(
            concern.steps + self.steps_of.get(concern.id, []),
            key=lambda s: (s["action"] != "raise", s["ts"], s["seq"]),
        )
        return [s for s in steps if until is None or s["ts"] <= until]

    def steps_with_status(self, concern: Concern) -> list[tuple[dict[str, Any], str]]:
        """Each step, with the status the concern had just before it."""
        status, found = "open", []
        after = {
            "raise": "open",
            "reopen": "open",
            "resolve": "resolved",
            "report-back": "reported-back",
        }
        for step in self._steps(concern):
            found.append((step, status))
            status = after.get(step["action"], status)
        return found

    def state(self, concern: Concern, until: int | None = None) -> dict[str, Any]:
        rows = [
            (s["action"], s["ts"], s["at"], s["due_ts"], s["due_at"], s["referred_to"], 0)
            for s in self._steps(concern, until)
        ]
        return fold_concern(rows)

    # -------------------------------------------------------------- helpers

    def trends(self, bounds: list[tuple[int, int]]) -> list[dict[str, Any]]:
        """Each period [start, end) as it was at its end, counted naively: every
        interaction as corrected, every concern's state folded from its steps up to then."""
        meetings = sorted((i.ts, key) for i in self.interactions.values() for key in i.people)
        first_met: dict[str, int] = {}
        by_person: dict[str, list[int]] = {}
        for ts, key in meetings:
            first_met.setdefault(key, ts)
            by_person.setdefault(key, []).append(ts)
        found = []
        for start, end in bounds:
            inside = [i for i in self.interactions.values() if start <= i.ts < end]
            met = [(ts, key) for ts, key in meetings if start <= ts < end]
            kept = {
                key
                for key, times in by_person.items()
                for before, ts in itertools.pairwise(times)
                if start <= ts < end and ts - before <= 28 * 86400
            }
            steps = [
                (step, concern)
                for concern in self.concerns.values()
                for step in self._steps(concern)
                if start <= step["ts"] < end
            ]

            def days(action: str, steps: list[Any] = steps) -> list[float]:
                return [
                    max(0, step["ts"] - concern.ts) / 86400
                    for step, concern in steps
                    if step["action"] == action
                ]

            def count(action: str, steps: list[Any] = steps) -> int:
                return sum(1 for step, _ in steps if step["action"] == action)

            states = [self.state(concern, end - 1) for concern in self.concerns.values()
                      if concern.ts < end]  # fmt: skip
            resolved = count("resolve")
            found.append(
                {
                    "interactions": len(inside),
                    "people": len({key for _, key in met}),
                    "new_people": sum(1 for ts in first_met.values() if start <= ts < end),
                    "regulars_kept": len(kept),
                    "places": len({i.place for i in inside if i.place}),
                    "tips": sum(len(i.tips) for i in inside),
                    "shared": sum(len(i.shared) for i in inside),
                    "concerns_raised": count("raise"),
                    "concerns_resolved": resolved,
                    "concerns_reported_back": count("report-back"),
                    "concerns_open": sum(1 for state in states if state["status"] == "open"),
                    "median_days_to_resolve": _tenth(_median(days("resolve"))),
                    "p90_days_to_resolve": _tenth(
                        sorted(days("resolve"))[max(0, -(-9 * len(days("resolve")) // 10) - 1)]
                        if days("resolve")
                        else None
                    ),
                    "places_of_beat": len(
                        {i.place for i in self.interactions.values() if i.place and i.ts < end}
                    ),
                    "kinds": {
                        kind: sum(1 for i in inside if i.kind == kind)
                        for kind in (
                            "chat",
                            "event",
                            "business",
                            "patrol",
                            "meeting",
                            "call",
                            "other",
                        )
                    },
                    "median_days_to_report_back": _tenth(_median(days("report-back"))),
                    "report_back_rate": round(count("report-back") / resolved, 3)
                    if resolved
                    else None,
                    "reopen_rate": round(count("reopen") / resolved, 3) if resolved else None,
                    "overdue_follow_ups": sum(
                        1
                        for state in states
                        if state["status"] == "open"
                        and state["due_ts"] is not None
                        and state["due_ts"] < end
                    ),
                }
            )
        return found

    def shift_entries(self, shift_id: str, now: datetime) -> dict[str, list[str]]:
        """The ids of what happened during a shift (from its start to its end, or `now`),
        by type: interactions as corrected, concern steps, person notes, pass-downs written
        and read, of the shift's officer."""
        start = next(r for r in self.duty if r["id"] == shift_id)
        end = next(
            (r for r in self.duty if r["type"] == "shift" and r.get("shift") == shift_id), None
        )
        low = int(start["when"].timestamp())
        high = int((end["when"] if end else now).timestamp())
        officer = start["officer"]

        def inside(ts: int) -> bool:
            return low <= ts <= high

        steps = [
            step
            for concern in self.concerns.values()
            for step in self._steps(concern)
            if step["officer"] == officer
        ]
        return {
            "interaction": sorted(
                i.id for i in self.interactions.values() if i.officer == officer and inside(i.ts)
            ),
            "concern": sorted(step["id"] for step in steps if inside(step["ts"])),
            "person": sorted(n.id for n in self.notes if inside(n.ts)),
            "passdown": sorted(
                r["id"]
                for r in self.duty
                if r["type"] == "passdown"
                and r["officer"] == officer
                and inside(int(r["when"].timestamp()))
            ),
            "ack": sorted(
                r["id"]
                for r in self.duty
                if r["type"] == "ack"
                and r["officer"] == officer
                and inside(int(r["when"].timestamp()))
            ),
        }

    def _ordered(self) -> list[Interaction]:
        """Interactions newest first (by when, then file order)."""
        return sorted(self.interactions.values(), key=lambda i: (-i.ts, -i.seq))

    def _concerns_of(self, interaction: Interaction) -> list[str]:
        return [
            c.id
            for c in sorted(self.concerns.values(), key=lambda c: c.seq)
            if c.interaction == interaction.id
        ]

    def interaction_json(
        self, item: Interaction, matched: list[str] | None = None
    ) -> dict[str, Any]:
        found: dict[str, Any] = {"matched": matched} if matched else {}
        if self.team:
            found["officer"] = item.officer
        return found | {
            "id": item.id,
            "when": item.at,
            "kind": item.kind,
            "text": item.text,
            "people": [self.names[k] for k in item.people],
            "place": self.places[item.place] if item.place else None,
            "tips": item.tips,
            "tip_from": self.names[item.tip_from] if item.tip_from else None,
            "shared": item.shared,
            "tags": item.tags,
            "concerns": self._concerns_of(item),
            "amended": item.amended,
        }

    def _meetings(self, key: str) -> list[Interaction]:
        return [i for i in self.interactions.values() if key in i.people]

    def role(self, key: str) -> str | None:
        notes = [n for n in self.notes if n.key == key and n.role]
        return max(notes, key=lambda n: (n.ts, n.seq)).role if notes else None

    # -------------------------------------------------------------- recent, search

    def recent(self, count: int) -> list[dict[str, Any]]:
        return [self.interaction_json(i) for i in self._ordered()[:count]]

    def _notes(self, concern: Concern) -> list[str]:
        return [s["note"] for s in self._steps(concern) if s.get("note")]

    def search(self, words: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """Interactions holding every word (in any field, their concerns' texts and
        notes), and concerns raised on their own holding them (text or notes); newest
        first, and at the same moment interactions before concerns."""
        wanted = fold(words).split()
        found: list[tuple[int, int, int, dict[str, Any]]] = []
        for item in self._ordered():
            mine = [self.concerns[c] for c in self._concerns_of(item)]
            fields = {
                "text": [item.text],
                "people": [self.names[k] for k in item.people],
                "place": [self.places[item.place] if item.place else ""],
                "tip": item.tips,
                "shared": item.shared,
                "tag": item.tags,
                "concern": [c.text for c in mine],
            }
            notes = [note for c in mine for note in self._notes(c)]
            everything = fold("\n".join([*(v for vs in fields.values() for v in vs), *notes]))
            if all(word in everything for word in wanted):
                matched = [
                    name
                    for name, values in fields.items()
                    if any(w in fold(v) for v in values for w in wanted)
                ]
                if wanted and not matched:
                    matched = ["note"]
                row = {"type": "interaction", **self.interaction_json(item, matched or None)}
                found.append((item.ts, 1, item.seq, row))
        for concern in self.concerns.values():
            if concern.interaction is not None or not wanted:
                continue
            text = fold("\n".join([concern.text, *self._notes(concern)]))
            if all(word in text for word in wanted):
                in_text = any(word in fold(concern.text) for word in wanted)
                row = {
                    "type": "concern",
                    "matched": ["concern"] if in_text else ["note"],
                    **({"officer": concern.officer} if self.team else {}),
                    "id": concern.id,
                    "when": concern.at,
                    "text": concern.text,
                    "people": concern.raised_by,
                    "place": self.places[concern.place] if concern.place else None,
                    "status": self.state(concern)["status"],
                }
                found.append((concern.ts, 0, concern.seq, row))
        found.sort(key=lambda f: (-f[0], -f[1], -f[2]))
        return [row for _ts, _first, _seq, row in found[:limit]]

    # -------------------------------------------------------------- concerns

    def concern_row(self, concern: Concern, now: datetime) -> dict[str, Any]:
        state = self.state(concern)
        status = state["status"]
        now_ts = int(now.timestamp())
        team = {}
        if self.team:
            last = self._steps(concern)[-1]
            team = {"officer": concern.officer, "last_officer": last["officer"]}
        return team | {
            "id": concern.id,
            "text": concern.text,
            "status": status,
            "raised_by": concern.raised_by,
            "place": self.places[concern.place] if concern.place else None,
            "opened": concern.at,
            "age_days": max(0, (now.astimezone(zone()).date() - day(concern.ts)).days),
            "updates": state["updates"],
            "last_update": state["last_at"],
            "due": state["due_at"] if status == "open" else None,
            "overdue": bool(
                status == "open" and state["due_ts"] is not None and state["due_ts"] < now_ts
            ),
            "referred_to": state["referred_to"],
            "priority": concern.priority,
            "category": concern.category,
            "interaction": concern.interaction,
        }

    def concerns_list(
        self,
        now: datetime,
        *,
        status: str = "open",
        place: str | None = None,
        person: str | None = None,
    ) -> list[dict[str, Any]]:
        chosen = []
        for concern in sorted(self.concerns.values(), key=lambda c: c.seq):
            row = self.concern_row(concern, now)
            if status != "all" and row["status"] != status:
                continue
            if place is not None and concern.place != place:
                continue
            if person is not None and person not in concern.raisers:
                continue
            chosen.append((row, concern))
        chosen.sort(
            key=lambda rc: (
                not rc[0]["overdue"],
                PRIORITY.get(rc[0]["priority"], 1),
                rc[1].ts,
                rc[1].seq,
            )
        )
        return [row for row, _concern in chosen]

    def _usual_place(self, key: str) -> str | None:
        counts = self._places_of(key)
        return counts[0][0] if counts else None

    def _places_of(self, key: str) -> list[tuple[str, int]]:
        """Where a person is met: (place name, meetings), most often, then latest, first."""
        seen: dict[str, list[int]] = {}
        for item in self._meetings(key):
            if item.place is not None:
                entry = seen.setdefault(item.place, [0, 0])
                entry[0] += 1
                entry[1] = max(entry[1], item.ts)
        ranked = sorted(seen.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return [(self.places[place], n) for place, (n, _last) in ranked]

    def with_tell(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for row in rows:
            concern = self.concerns[row["id"]]
            row["tell"] = [
                {"name": self.names[k], "usually_at": self._usual_place(k)} for k in concern.raisers
            ]
        return rows

    def to_report_back(self, now: datetime, place: str | None = None) -> list[dict[str, Any]]:
        rows = self.with_tell(self.concerns_list(now, status="resolved", place=place))
        return sorted(rows, key=lambda r: ts_of(datetime.fromisoformat(r["last_update"])))

    # -------------------------------------------------------------- people, places

    def people(self, now: datetime) -> list[dict[str, Any]]:
        rows = []
        for key in self.names:
            meetings = self._meetings(key)
            if not meetings:
                continue
            first, last = min(i.ts for i in meetings), max(i.ts for i in meetings)
            row = {
                "name": self.names[key],
                "role": self.role(key),
                "interactions": len(meetings),
                "first_met": local_iso(first),
                "last_met": local_iso(last),
                "days_since": (now.astimezone(zone()).date() - day(last)).days,
                "places": [name for name, _n in self._places_of(key)],
                "open_concerns": sum(
                    1
                    for c in self.concerns.values()
                    if key in c.raisers and self.state(c)["status"] == "open"
                ),
            }
            if self.team:
                row |= self._by_officer(meetings)
            rows.append(row)
        return sorted(
            rows, key=lambda r: r["last_met"] and -ts_of(datetime.fromisoformat(r["last_met"]))
        )

    def _by_officer(self, meetings: list[Interaction]) -> dict[str, Any]:
        seen: dict[str, list[int]] = {}
        for item in meetings:
            entry = seen.setdefault(item.officer, [0, 0])
            entry[0] += 1
            entry[1] = max(entry[1], item.ts)
        return {
            "officer": max(seen.items(), key=lambda kv: kv[1][1])[0],
            "officers": [o for o, _ in sorted(seen.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))],
        }

    def person(self, key: str, now: datetime) -> dict[str, Any]:
        meetings = sorted(self._meetings(key), key=lambda i: (-i.ts, -i.seq))
        parts = Counter(_part_of_day(local(i.ts)) for i in meetings)
        concerns = self.concerns_list(now, status="all", person=key)
        notes = sorted((n for n in self.notes if n.key == key), key=lambda n: (n.ts, n.seq))
        places = self._places_of(key)
        card = {
            "name": self.names[key],
            "role": self.role(key),
            "notes": [{"when": n.at, "role": n.role, "note": n.note} for n in notes if n.note],
            "interactions": len(meetings),
            "first_met": local_iso(min((i.ts for i in meetings), default=None)),
            "last_met": local_iso(max((i.ts for i in meetings), default=None)),
            "places": [name for name, _n in places],
            "usual_places": [{"name": name, "visits": n} for name, n in places[:3]],
            "times_of_day": sorted(
                ({"part": p, "count": c} for p, c in parts.items()),
                key=lambda r: (-r["count"], r["part"]),
            ),
            "tips": [
                {"when": i.at, "text": t} for i in meetings if i.tip_from == key for t in i.tips
            ],
            "shared": [{"when": i.at, "text": t} for i in meetings for t in i.shared],
            "concerns": concerns,
            "concerns_reported_back": sum(1 for c in concerns if c["status"] == "reported-back"),
            "to_report_back": [c["id"] for c in concerns if c["status"] == "resolved"],
            "timeline": [self.interaction_json(i) for i in meetings],
            "contacts_by_month": _months(now, [i.ts for i in meetings]),
        }
        if self.team:
            by: dict[str, list[int]] = {}
            for item in meetings:
                by.setdefault(item.officer, []).append(item.ts)
            card["met_by"] = [
                {
                    "officer": o,
                    "interactions": len(t),
                    "first_met": local_iso(min(t)),
                    "last_met": local_iso(max(t)),
                }
                for o, t in sorted(by.items(), key=lambda kv: -max(kv[1]))
            ]
        return card

    def places_list(self, now: datetime) -> list[dict[str, Any]]:
        rows = []
        for key, name in self.places.items():
            visits = [i for i in self.interactions.values() if i.place == key]
            if not visits:
                continue
            people: dict[str, list[int]] = {}
            for item in visits:
                for person in item.people:
                    entry = people.setdefault(person, [0, 0])
                    entry[0] += 1
                    entry[1] = max(entry[1], item.ts)
            last = max(i.ts for i in visits)
            row = {
                "name": name,
                "visits": len(visits),
                "first_visit": local_iso(min(i.ts for i in visits)),
                "last_visit": local_iso(last),
                "days_since": (now.astimezone(zone()).date() - day(last)).days,
                "people": [
                    self.names[p]
                    for p, _ in sorted(people.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
                ],
                "open_concerns": sum(
                    1
                    for c in self.concerns.values()
                    if c.place == key and self.state(c)["status"] == "open"
                ),
                "kinds": dict(Counter(i.kind for i in visits)),
            }
            if self.team:
                row |= self._by_officer(visits)
            rows.append((last, row))
        return [row for _last, row in sorted(rows, key=lambda lr: -lr[0])]

    def brief(self, key: str, now: datetime, week_end: int) -> dict[str, Any]:
        visits = sorted(
            (i for i in self.interactions.values() if i.place == key), key=lambda i: (-i.ts, -i.seq)
        )
        since = day_start(now.astimezone(zone()).date() - timedelta(days=56))
        met: dict[str, list[Interaction]] = {}
        for item in visits:
            for person in item.people:
                met.setdefault(person, []).append(item)
        ranked = sorted(met.items(), key=lambda kv: (-len(kv[1]), -kv[1][0].ts, self.names[kv[0]]))[
            :8
        ]
        people = []
        for person, items in ranked:
            row = {
                "name": self.names[person],
                "role": self.role(person),
                "met_here": len(items),
                "last_met": local_iso(items[0].ts),
                "last_topic": items[0].text,
            }
            if self.team:
                row["officer"] = items[0].officer
            people.append(row)
        open_here = self.concerns_list(now, status="open", place=key)
        tips = []
        for item in [i for i in visits if i.tips][:5]:
            for tip in item.tips:
                entry = {
                    "when": item.at,
                    "text": tip,
                    "people": [self.names[k] for k in item.people],
                }
                if self.team:
                    entry["officer"] = item.officer
                tips.append(entry)
        result = {
            "place": self.places[key],
            "visits": len(visits),
            "first_visit": local_iso(min((i.ts for i in visits), default=None)),
            "last_visit": local_iso(max((i.ts for i in visits), default=None)),
            "visits_per_week": round(sum(1 for i in visits if i.ts >= since) / 8, 1),
            "visits_last_8_weeks": sum(1 for i in visits if i.ts >= since),
            "people": people,
            "open_concerns": open_here,
            "follow_ups_due": [
                c
                for c in open_here
                if c["due"] is not None and ts_of(_due_value(c["due"])) < week_end
            ],
            "to_report_back": self.to_report_back(now, place=key),
            "recent_tips": tips,
        }
        if self.team:
            by: dict[str, list[int]] = {}
            for item in visits:
                by.setdefault(item.officer, []).append(item.ts)
            result["officers"] = [
                {"officer": o, "visits": len(t), "last_visit": local_iso(max(t))}
                for o, t in sorted(by.items(), key=lambda kv: -max(kv[1]))
            ]
        return result


def _due_value(text: str) -> datetime | date:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _part_of_day(moment: datetime) -> str:
    hour = moment.hour
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def shift(moment: datetime, days: int) -> datetime:
    """The same local wall time `days` days later; the earlier instant of a repeated one,
    the first after a skipped one."""
    wall = moment.astimezone(zone()).replace(tzinfo=None) + timedelta(days=days)
    for minutes in range(0, 180, 15):
        candidate = (wall + timedelta(minutes=minutes)).replace(tzinfo=zone(), fold=0)
        back = candidate.astimezone(UTC).astimezone(zone()).replace(tzinfo=None)
        if back == candidate.replace(tzinfo=None):
            return candidate
    raise AssertionError(moment)  # pragma: no cover


class Summary:
    """The summary of [start, end) as pj's `summary --format json` gives it."""

    def __init__(self, model: Model, start: datetime, end: datetime, now: datetime) -> None:
        self.m = model
        self.start, self.end, self.now = start, end, now
        self.cut = min(end, now + timedelta(seconds=1)) if now > start else end

    def counts(self, start: int, end: int) -> dict[str, int]:
        m = self.m
        inside = [i for i in m.interactions.values() if start <= i.ts < end]
        people = {k for i in inside for k in i.people}
        first = {k: min(i.ts for i in m._meetings(k)) for k in people}
        resolved = {  # resolves that found the concern open (a second one changes nothing)
            c.id
            for c in m.concerns.values()
            for s, was in m.steps_with_status(c)
            if s["action"] == "resolve" and was == "open" and start <= s["ts"] < end
        }
        return {
            "interactions": len(inside),
            "people": len(people),
            "new_people": sum(1 for k in people if first[k] >= start),
            "places": len({i.place for i in inside if i.place is not None}),
            "tips": sum(len(i.tips) for i in inside),
            "shared": sum(len(i.shared) for i in inside),
            "concerns_opened": sum(1 for c in m.concerns.values() if start <= c.ts < end),
            "concerns_resolved": len(resolved),
        }

    def status_at(self, concern: Concern, at: int) -> str | None:
        if concern.ts > at:
            return None
        return str(self.m.state(concern, until=at)["status"])

    def open_at(self, at: int) -> int:
        return sum(1 for c in self.m.concerns.values() if self.status_at(c, at) == "open")

    def rows(self, concerns: list[Concern], moment: int) -> list[dict[str, Any]]:
        then = datetime.fromtimestamp(moment, UTC)
        chosen = sorted(concerns, key=lambda c: (c.ts, c.id))
        keys = ("id", "text", "raised_by", "place", "opened", "age_days", "priority")
        return [
            {k: self.m.concern_row(c, then)[k] for k in keys}
            | {
                "status": self.status_at(c, moment) or "open",
                "reopened": any(
                    s["action"] == "reopen" and s["ts"] <= moment for s in self.m._steps(c)
                ),
            }
            for c in chosen
        ]

    def json(self) -> dict[str, Any]:
        m, start_ts, cut_ts = self.m, int(self.start.timestamp()), int(self.cut.timestamp())
        last = cut_ts - 1
        totals = self.counts(start_ts, cut_ts) | {"concerns_open": self.open_at(last)}
        days = max(1, (day(int(self.end.timestamp()) - 1) - day(start_ts)).days + 1)
        before_start, before_end = shift(self.start, -days), shift(self.cut, -days)
        previous: dict[str, Any] = self.counts(
            int(before_start.timestamp()), int(before_end.timestamp())
        )
        previous |= {
            "concerns_open": self.open_at(int(before_end.timestamp()) - 1),
            "start": before_start.isoformat(),
            "end": before_end.isoformat(),
            "like_for_like": self.cut < self.end,
        }
        inside = sorted(
            (i for i in m.interactions.values() if start_ts <= i.ts < cut_ts),
            key=lambda i: (i.ts, i.seq),
        )
        concerns = list(m.concerns.values())

        def stepped(action: str) -> list[Concern]:
            return [
                c
                for c in concerns
                if any(s["action"] == action and start_ts <= s["ts"] < cut_ts for s in m._steps(c))
            ]

        open_then = [c for c in concerns if self.status_at(c, last) == "open"]
        owed = [c for c in concerns if self.status_at(c, last) == "resolved"]
        return {
            "period": {
                "start": day(start_ts).isoformat(),
                "end": day(int(self.end.timestamp()) - 1).isoformat(),
                "start_time": self.start.isoformat(),
                "end_time": self.end.isoformat(),
                "so_far": self.cut < self.end,
                "as_of": self.cut.isoformat(),
            },
            "totals": totals,
            "previous": previous,
            "per_day": self.per_day(inside),
            "kinds": dict(Counter(i.kind for i in inside)),
            "people": self.people(inside, start_ts),
            "places": self.places(inside),
            "not_visited": self.not_visited(start_ts, cut_ts),
            "concerns": {
                "opened": self.rows([c for c in concerns if start_ts <= c.ts < cut_ts], last),
                "resolved": self.rows(stepped("resolve"), last),
                "reported_back": self.rows(stepped("report-back"), last),
                "open": sorted(self.rows(open_then, last), key=lambda r: -r["age_days"]),
            },
            "owed_report_backs": m.with_tell(self.rows(owed, cut_ts - 1)),
            "follow_ups_due": self.follow_ups(open_then, cut_ts),
            "tips": [
                {
                    "when": i.at,
                    "place": m.places[i.place] if i.place else None,
                    "text": t,
                    "people": [m.names[k] for k in i.people],
                    "from": m.names[i.tip_from] if i.tip_from else None,
                }
                for i in inside
                for t in i.tips
            ],
            "shared": self.shared(inside),
            "not_seen": self.not_seen(start_ts, cut_ts),
        }

    def per_day(self, inside: list[Interaction]) -> list[dict[str, Any]]:
        counts = Counter(day(i.ts) for i in inside)
        first, last = day(int(self.start.timestamp())), day(int(self.end.timestamp()) - 1)
        today = self.now.astimezone(zone()).date() if self.cut < self.end else last
        rows, current = [], first
        while current <= last:
            to_come = current > today
            rows.append(
                {
                    "date": current.isoformat(),
                    "weekday": current.strftime("%a"),
                    "interactions": None if to_come else counts.get(current, 0),
                    "contacts": None
                    if to_come
                    else sum(1 for i in inside if day(i.ts) == current and i.people),
                    "kinds": {}
                    if to_come
                    else dict(Counter(i.kind for i in inside if day(i.ts) == current)),
                    "to_come": to_come,
                }
            )
            current += timedelta(days=1)
        return rows

    def people(self, inside: list[Interaction], start: int) -> list[dict[str, Any]]:
        m = self.m
        rows = []
        for key in {k for i in inside for k in i.people}:
            met = [i for i in inside if key in i.people]
            where: dict[str, list[int]] = {}
            for item in met:
                if item.place is not None:
                    entry = where.setdefault(item.place, [0, 0])
                    entry[0] += 1
                    entry[1] = max(entry[1], item.ts)
            ranked = sorted(where.items(), key=lambda kv: (-kv[1][0], -kv[1][1], m.places[kv[0]]))
            rows.append(
                {
                    "name": m.names[key],
                    "role": m.role(key),
                    "interactions": len(met),
                    "new": min(i.ts for i in m._meetings(key)) >= start,
                    "places": [m.places[p] for p, _ in ranked],
                }
            )
        return sorted(rows, key=lambda r: (-r["interactions"], r["name"]))

    def places(self, inside: list[Interaction]) -> list[dict[str, Any]]:
        m = self.m
        rows = []
        for key in {i.place for i in inside if i.place is not None}:
            here = [i for i in inside if i.place == key]
            rows.append(
                {
                    "name": m.places[key],
                    "visits": len(here),
                    "people": len({k for i in here for k in i.people}),
                }
            )
        return sorted(rows, key=lambda r: (-r["visits"], r["name"]))

    def lookback(self, start: int) -> int:
        return day_start(day(start) - timedelta(days=28))

    def not_visited(self, start: int, end: int) -> list[dict[str, Any]]:
        m, since = self.m, self.lookback(start)
        during = {i.place for i in m.interactions.values() if start <= i.ts < end}
        rows = []
        for key in {i.place for i in m.interactions.values() if i.place is not None}:
            before = [
                i.ts for i in m.interactions.values() if i.place == key and since <= i.ts < start
            ]
            if before and key not in during:
                rows.append(
                    (
                        max(before),
                        {
                            "name": m.places[key],
                            "visits_before": len(before),
                            "last_visit": local_iso(max(before)),
                        },
                    )
                )
        return [row for _ts, row in sorted(rows, key=lambda r: (r[0], r[1]["name"]))]

    def not_seen(self, start: int, end: int) -> list[dict[str, Any]]:
        m, since = self.m, self.lookback(start)
        during = {k for i in m.interactions.values() if start <= i.ts < end for k in i.people}
        rows = []
        for key in m.names:
            before = [i.ts for i in m._meetings(key) if since <= i.ts < start]
            if len(before) >= 2 and key not in during:
                rows.append(
                    (
                        max(before),
                        {
                            "name": m.names[key],
                            "role": m.role(key),
                            "times_before": len(before),
                            "last_met": local_iso(max(before)),
                            "usually_at": m._usual_place(key),
                        },
                    )
                )
        return [row for _ts, row in sorted(rows, key=lambda r: (r[0], r[1]["name"]))]

    def shared(self, inside: list[Interaction]) -> list[dict[str, Any]]:
        times: Counter[str] = Counter()
        reached: dict[str, set[str]] = {}
        for item in inside:
            for text in item.shared:
                times[text] += 1
                reached.setdefault(text, set()).update(self.m.names[k] for k in item.people)
        return [
            {"text": t, "times": n, "people_reached": len(reached[t])}
            for t, n in times.most_common()
        ]

    def follow_ups(self, open_then: list[Concern], end: int) -> list[dict[str, Any]]:
        horizon = int(shift(self.cut, 7).timestamp())
        due = []
        for concern in open_then:
            if concern.ts >= end:
                continue
            state = self.m.state(concern, until=end - 1)
            if state["due_ts"] is not None and state["due_ts"] < horizon:
                due.append((state["due_ts"], concern.id, state["due_at"], concern))
        due.sort(key=lambda d: (d[0], d[1]))
        rows = {r["id"]: r for r in self.rows([d[3] for d in due], end - 1)}  # ages: last day
        return [rows[cid] | {"due": at, "overdue": ts < end} for ts, cid, at, _c in due]
