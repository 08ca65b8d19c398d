"""Redaction: a summary for a community meeting that names no one and points at no one.

Every text goes through the one matcher (`patrol_journal.mentions`): every spelling of
every person recorded in the journal, each word of their names whatever its length, and
what points at a person without a name (phone numbers, e-mail addresses, a house number
with its street, vehicle registrations). People appear only in groups of at least `k`
(3 unless configured): a role that fewer than `k` people share is merged into "others",
and a place where fewer than `k` were met does not say how many. Times are dates, never
minutes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from patrol_journal.index.store import Index
from patrol_journal.mentions import NAME, Mentions, Scrubber
from patrol_journal.vocab import plural, skeleton

REPLACEMENT = NAME
K = 3  # the fewest people a redacted row may describe


class Said(str):
    """Words pj writes in a redacted summary ("a person", "3 residents"), not anyone's
    text: the last pass, which takes names out of every text, leaves them as they are
    (a person called "Sam Person" does not turn "a person" into "a [name]")."""

    __slots__ = ()


NOBODY_IN_PARTICULAR = Said("a person")
OTHER_PLACES = Said("other places")
NO_PLACE = Said("no place given")

# Values that are pj's own words, not anyone's text: never matched against names.
_OWN_WORDS = frozenset(
    {
        "weekday",
        "status",
        "priority",
        "kind",
        "kinds",
        "officer",
        "officers",
        "team",
        "period",
        "short_id",
        "id",
    }
)
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")


class Redactor:
    """Takes people out of text: every recorded name, and what points at someone."""

    def __init__(self, names: list[str], places: list[str] | None = None) -> None:
        del places  # a place's name is matched too: "Reed's Bakery" names Tom Reed
        self.scrub = Scrubber(Mentions(names))

    @classmethod
    def of(cls, index: Index) -> Redactor:
        return cls(everyone(index))

    def text(self, text: str | None) -> str | None:
        """`text` with every name in it replaced by [name], and identifiers by theirs."""
        return self.scrub.text(text)


def everyone(index: Index) -> list[str]:
    """Every name of a person the index knows (the first spelling of each: the matcher
    folds the others onto it)."""
    return [row[0] for row in index.db.execute("SELECT name FROM people")]


def someone(role: str | None) -> str:
    """A person as a redacted summary shows them: by role (names taken out of it
    already), or as a person."""
    return Said(f"a {role}") if role else NOBODY_IN_PARTICULAR


def _group_name(count: int, role: str | None) -> str:
    if role is None:
        return Said(plural(count, "person", "people"))
    return Said(plural(count, role))


def redact_summary(summary: dict[str, Any], redactor: Redactor, k: int = K) -> dict[str, Any]:
    """The summary for a community meeting: no one's name or identifier anywhere, people
    only in groups of at least `k` (by role, merged into "others" below that), no tip text
    (tips counted, by place only where `k` people or more gave them), no person notes, no
    ids that lead back to the journal, dates instead of times."""

    def scrubbed_roles(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [p | {"role": redactor.text(p.get("role"))} for p in people]

    summary = summary | {
        "people": scrubbed_roles(summary["people"]),
        "not_seen": scrubbed_roles(summary["not_seen"]),
    }
    roles = {person["name"]: person.get("role") for person in summary["people"]}
    common_roles = {
        role for role, n in Counter(roles.values()).items() if role is not None and n >= k
    }

    def raiser(name: str) -> str:
        role = roles.get(name)
        return someone(role) if role in common_roles else NOBODY_IN_PARTICULAR

    result = dict(summary)
    result["redacted"] = True
    result["k"] = k
    result["people"] = _groups(summary["people"], k, "interactions")
    result["people_by_role"] = ", ".join(row["name"] for row in result["people"])
    result["not_seen"] = _groups(summary["not_seen"], k, "times_before")
    result["places"] = _places(summary["places"], k)

    def concern(row: dict[str, Any], number: int) -> dict[str, Any]:
        return row | {
            "id": "",
            "short_id": f"#{number}",
            # each way they are called once: how many raised it is no one's business
            "raised_by": list(dict.fromkeys(raiser(name) for name in row.get("raised_by") or [])),
            "interaction": None,
            "tell": [{"name": raiser(t["name"]), "usually_at": None} for t in row.get("tell", [])],
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
        row["tell"] = [{"name": Said("the people who raised it"), "usually_at": None}]
    result["tips"] = _tips(summary["tips"], k)
    result["shared"] = [
        row | {"people_reached": None} if 0 < int(row.get("people_reached") or 0) < k else row
        for row in summary["shared"]
    ]
    scrubbed: dict[str, Any] = _scrubbed(result, redactor)
    # The period too is given by dates: a range typed with times would say when.
    scrubbed["period"] = {key: _date_of(value) for key, value in summary["period"].items()}
    return scrubbed


def _date_of(value: Any) -> Any:
    moment = _MOMENT.match(value) if isinstance(value, str) else None
    return moment.group(1) if moment else value


def _groups(
    people: list[dict[str, Any]], k: int, count_key: str = "interactions"
) -> list[dict[str, Any]]:
    """People as groups of at least `k`: by role where `k` share it, the rest together
    (with the smallest group, when they are fewer than `k`). A group says a place only
    where `k` of its people were met."""
    if 0 < len(people) < k:  # too few to say anything of them but that they were few
        return [_too_few(k, count_key)]
    # Roles that read alike ("Resident", "résident", a look-alike letter) are one role.
    by_role: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for person in people:
        role = person.get("role")
        by_role[skeleton(role) if role else None].append(person)
    named = [(members[0].get("role"), members) for members in by_role.values()]
    groups = sorted(
        ((role, members) for role, members in named if len(members) >= k),
        key=lambda item: (-len(item[1]), item[0] or ""),
    )
    rest = [p for _role, members in named if len(members) < k for p in members]
    if rest and groups and len(rest) < k:
        _role, members = groups.pop()  # the smallest: "5 people", its role left out
        rest += members
    if rest:
        groups.append((None, rest))
    return [_group(role, members, k, count_key) for role, members in groups]


def _too_few(k: int, count_key: str) -> dict[str, Any]:
    return {
        "name": Said(f"fewer than {k} people"),
        "role": None,
        "count": None,
        count_key: None,
        "new": False,
        "places": [],
        "last_met": None,
        "usually_at": None,
    }


def _group(
    role: str | None, members: list[dict[str, Any]], k: int, count_key: str
) -> dict[str, Any]:
    places = Counter(place for m in members for place in dict.fromkeys(m.get("places", [])))
    usual = Counter(m.get("usually_at") for m in members if m.get("usually_at"))
    commonest = usual.most_common(1)
    return {
        "name": _group_name(len(members), role),
        "role": role,
        "count": len(members),
        count_key: sum(int(m.get(count_key) or 0) for m in members),
        "new": False,
        "places": [place for place, n in places.most_common(3) if n >= k],
        "last_met": max((m.get("last_met") or "" for m in members), default="") or None,
        "usually_at": commonest[0][0] if commonest and commonest[0][1] >= k else None,
    }


def _places(places: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """Every place with its visits (where the officer was is no one's secret), and how
    many people were met there only where nobody or `k` people or more were (None:
    fewer than `k`)."""
    return [
        place | {"people": None} if 0 < int(place.get("people") or 0) < k else place
        for place in places
    ]


def _tips(tips: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    """Tips counted by place, a place named only where `k` people or more gave them."""
    givers: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for tip in tips:
        place = tip["place"] or NO_PLACE
        counts[place] += 1
        givers[place].update([tip["from"]] if tip.get("from") else tip.get("people") or [])
    rows = [
        {"place": place, "count": n} for place, n in counts.most_common() if len(givers[place]) >= k
    ]
    other = sum(n for place, n in counts.items() if len(givers[place]) < k)
    if other:
        rows.append({"place": OTHER_PLACES, "count": other})
    return rows


def _scrubbed(value: Any, redactor: Redactor, key: str | None = None) -> Any:
    """Every text in the summary through the matcher, every moment as its date."""
    if isinstance(value, dict):
        return {
            name: item if name in _OWN_WORDS else _scrubbed(item, redactor, name)
            for name, item in value.items()
        }
    if isinstance(value, list):
        return [_scrubbed(item, redactor, key) for item in value]
    if isinstance(value, Said):
        return str(value)
    if isinstance(value, str):
        moment = _MOMENT.match(value)
        if moment:
            return moment.group(1)
        return redactor.text(value)
    return value


def redact_dar(dar: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """A shift's report that names no one it met: the people of each entry as a count,
    every text (what was said, the places, the notes, the concerns carried) through the
    matcher, no ids that lead back to the journal. The officers of the shift (who, whom
    they relieved, their partners) are the report's authors and stay."""

    own = ("when", "recorded", "late", "type", "kind", "action", "due", "until")

    def scrubbed(row: dict[str, Any]) -> dict[str, Any]:
        """Every text of a row through the matcher; its times and pj's words as they are."""
        return {
            key: value if key in own else _scrubbed(value, redactor, key)
            for key, value in (row | {"id": None}).items()
        }

    def entry(row: dict[str, Any]) -> dict[str, Any]:
        people = row.get("people") or []
        counted = [Said(plural(len(people), "person", "people"))] if people else []
        return scrubbed(row | {"people": counted, "concern": None})

    def closing(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [scrubbed(row) for row in rows]

    kept = ("officer", "relieved", "relieving", "partners", "start", "end", "hours")
    return {
        **{key: value for key, value in dar.items() if key in kept},
        "id": None,
        "post": redactor.text(dar["post"]),
        "equipment": dar["equipment"],
        "note": redactor.text(dar["note"]),
        "entries": [entry(row) for row in dar["entries"]],
        "gaps": dar["gaps"],
        "closing": {
            "summary": redactor.text(dar["closing"]["summary"]),
            "open_concerns": closing(dar["closing"]["open_concerns"]),
            "follow_ups_due": closing(dar["closing"]["follow_ups_due"]),
            "passdowns": closing(dar["closing"]["passdowns"]),
        },
        "redacted": True,
    }
