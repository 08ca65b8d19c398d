"""Recording: turn what the officer typed into records and append them.

Light on purpose (no pydantic, no sqlite): this is the whole of `pj log`'s work besides
starting the CLI. Inputs are checked here, before anything is locked or written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from patrol_journal.errors import UsageError
from patrol_journal.fields import by_name
from patrol_journal.vocab import (
    KINDS,
    PRIORITIES,
    clean_text,
    has_control_characters,
    new_id,
    typed_name_problem,
)

MAX_TEXT = 2_000_000  # characters in one field: past a few megabytes it is a mistake, not a note


_ROLE_SUFFIX = r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$"  # compiled on first use


class InteractionInput:
    """The fields of `pj log` (and, all optional, of `pj amend`).

    A plain class rather than a dataclass: `pj log` imports this module on every run,
    and building a dataclass costs about half a millisecond of start-up.
    """

    def __init__(
        self,
        text: str | None = None,
        people: list[str] | None = None,
        place: str | None = None,
        kind: str | None = None,
        when: datetime | None = None,
        concerns: list[str] | None = None,
        concern_by: list[str] | None = None,
        tips: list[str] | None = None,
        shared: list[str] | None = None,
        tags: list[str] | None = None,
        tip_from: str | None = None,
        more: dict[str, Any] | None = None,
    ) -> None:
        self.text = text
        self.people = people
        self.place = place
        self.kind = kind
        self.when = when
        self.concerns: list[str] = concerns or []
        self.concern_by: list[str] = concern_by or []
        self.tips = tips
        self.shared = shared
        self.tags = tags
        self.tip_from = tip_from
        # The fields of the table that no option of their own sets (`fields.PLAIN`):
        # a text, or a list of texts, by field name.
        self.more: dict[str, Any] = more or {}


def _tip_from(entry: InteractionInput, people: list[str] | None) -> str | None:
    """Who gave the tips: `--tip-from`, else the only person met, else nobody recorded
    (a tip is never credited to everyone present)."""
    if entry.tip_from is not None:
        return check_name(split_role(entry.tip_from)[0], "the name after --tip-from")
    if entry.tips and people is not None and len(people) == 1:
        return people[0]
    return None


def check_name(text: str, what: str) -> str:
    """A person or place name as it will be stored: whitespace collapsed, nothing hidden."""
    problem = typed_name_problem(text)
    if problem is not None:
        shown = f" '{_visible(text)}'" if has_control_characters(text) else ""
        raise UsageError(f"{what}{shown} {problem}")
    return clean_text(text)


def check_not_role_alone(text: str, what: str) -> None:
    """`--with "(resident)"` is a role without a name: refuse it rather than record a
    person called "(resident)"."""
    cleaned = clean_text(text)
    if cleaned.startswith("(") and cleaned.endswith(")") and cleaned.count("(") == 1:
        raise UsageError(
            f"{what} '{cleaned}' is a role without a name: write the name first, "
            f"like 'Maria Lopez {cleaned}'"
        )


def split_role(text: str) -> tuple[str, str | None]:
    """`Maria Lopez (resident)` -> ("Maria Lopez", "resident"): the inline role syntax."""
    match = re.match(_ROLE_SUFFIX, text)
    if match and match.group("name").strip() and clean_text(match.group("role")):
        return match.group("name"), clean_text(match.group("role"))
    return text, None  # no role, or empty brackets: the brackets are part of the name


def require_text(value: str | None, what: str) -> str:
    """A text option that must say something."""
    if value is None or not value.strip():
        raise UsageError(f"{what} is empty: give some text")
    return check_text(value, what)


def check_text(text: str, what: str) -> str:
    if len(text) > MAX_TEXT:
        raise UsageError(
            f"{what} is {len(text):,} characters; the most one field takes is {MAX_TEXT:,}"
        )
    return text


def check_kind(kind: str) -> str:
    value = kind.strip().lower()
    if not value:
        raise UsageError(f"the kind is empty: use one of {', '.join(KINDS)}")
    if value not in KINDS:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    return value


def check_priority(priority: str) -> str:
    value = priority.strip().lower()
    if value not in PRIORITIES:
        raise UsageError(f"unknown priority '{priority}': use one of {', '.join(PRIORITIES)}")
    return value


def _visible(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii")[:60]


def _texts(values: list[str] | None, what: str) -> list[str] | None:
    if values is None:
        return None
    kept = []
    for value in values:
        if not value.strip():
            raise UsageError(f"{what} is empty: give some text")
        kept.append(check_text(value, what))
    return kept


def _plain(entry: InteractionInput) -> dict[str, Any]:
    """The fields of the table with no option of their own, checked as their kind of
    value says (a list for a list, a name as a name)."""
    checked: dict[str, Any] = {}
    for name, value in entry.more.items():
        kind = by_name(name).value
        what = f"the {name.replace('_', ' ')}"
        values = value if isinstance(value, list) else [value]
        if kind in ("name", "names"):
            values = [check_name(item, what) for item in values]
        elif kind in ("text", "texts"):
            values = _texts(values, what) or []
        else:
            raise UsageError(f"{what} cannot be set here")
        checked[name] = values if kind in ("texts", "names") else values[-1]
    return checked


def _people(
    values: list[str] | None, when: datetime, now: datetime
) -> tuple[list[str] | None, list[dict[str, Any]]]:
    """Names from --with, and a person record for each inline role."""
    if values is None:
        return None, []
    names: list[str] = []
    roles: list[dict[str, Any]] = []
    for value in split_names(values):
        check_not_role_alone(value, "--with")
        raw_name, role = split_role(value)
        name = check_name(raw_name, "the name")
        names.append(name)
        if role:
            roles.append(person_fields(name, when, role=role, recorded=now))
    return names, roles


def raisers(values: list[str], option: str) -> list[str]:
    """Who raised a concern, as typed after `option` (`--by`, `--concern-by`): names as
    `split_names` reads them, a role in brackets left out (a role is recorded by --with)."""
    return [check_name(split_role(name)[0], option) for name in split_names(values)]


def split_names(values: list[str]) -> list[str]:
    """Names as typed, one rule for `--with` and the prompt: each value may list several,
    separated by commas ("Tom Reed, Maria Lopez"); a comma inside a role's brackets
    ("Maria Lopez (owner, Reed's Bakery)") does not separate. A value with no name at
    all (spaces, commas) is kept as blank, to be refused as empty."""
    names: list[str] = []
    for value in values:
        parts: list[str] = []
        depth = 0
        current: list[str] = []
        for char in value:
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth <= 0:
                parts.append("".join(current))
                current, depth = [], 0
            else:
                current.append(char)
        parts.append("".join(current))
        named = [part for part in parts if part.strip()]
        names += named or [" ".join(parts)]
    return names


def person_fields(
    name: str,
    when: datetime,
    *,
    role: str | None = None,
    note: str | None = None,
    recorded: datetime | None = None,
) -> dict[str, Any]:
    """What the officer learnt about someone, and when."""
    return {
        "type": "person",
        "id": new_id(),
        "when": when,
        "recorded": recorded or when,
        "name": name,
        "role": role,
        "note": note,
    }


def interaction_records(
    entry: InteractionInput, now: datetime
) -> tuple[list[dict[str, Any]], str, list[str]]:
    """The records one `pj log` appends: the interaction, its concerns, inline roles."""
    text = check_text(entry.text or "", "the text")
    if not text.strip():
        raise UsageError('nothing to record: give the TEXT of what happened (pj log "...")')
    when = entry.when or now
    if entry.tip_from is not None and not entry.tips:
        raise UsageError(
            "--tip-from says who gave a tip, and no --tip is given: "
            "add the tip with --tip TEXT, or leave --tip-from out"
        )
    people, role_records = _people(entry.people, when, now)
    place = check_name(entry.place, "the place") if entry.place is not None else None
    interaction_id = new_id()
    records: list[dict[str, Any]] = [
        {
            "type": "interaction",
            "id": interaction_id,
            "when": when,
            "recorded": now,
            "kind": check_kind("chat" if entry.kind is None else entry.kind),
            "text": text,
            "people": people or [],
            "place": place,
            "tips": _texts(entry.tips, "a --tip") or [],
            "tip_from": _tip_from(entry, people) if entry.tips else None,
            "shared": _texts(entry.shared, "a --shared") or [],
            "tags": [check_name(tag, "a tag") for tag in entry.tags or []],
            **_plain(entry),
        }
    ]
    concerns = _concerns_raised(entry, interaction_id, when, now, place, people)
    records += concerns
    concern_ids = [str(record["id"]) for record in concerns]
    return records + role_records, interaction_id, concern_ids


def _concerns_raised(
    entry: InteractionInput,
    interaction_id: str,
    when: datetime,
    now: datetime,
    place: str | None,
    people: list[str] | None,
) -> list[dict[str, Any]]:
    """The concerns an entry raises (--concern), by --concern-by or else everyone met."""
    named = raisers(entry.concern_by, "--concern-by")
    if named and not entry.concerns:
        raise UsageError(
            "--concern-by says who raised a concern, and no --concern is given: "
            "add the concern with --concern TEXT, or leave --concern-by out"
        )
    return [
        _raise(text, when=when, now=now, raised_by=named or people or [], place=place)
        | {"interaction": interaction_id}
        for text in _texts(entry.concerns, "a --concern") or []
    ]


def _raise(
    text: str,
    *,
    when: datetime,
    now: datetime,
    raised_by: list[str],
    place: str | None,
    priority: str = "normal",
) -> dict[str, Any]:
    return {
        "type": "concern",
        "id": new_id(),
        "action": "raise",
        "when": when,
        "recorded": now,
        "text": text,
        "raised_by": raised_by,
        "place": place,
        "priority": priority,
    }


def amendment_records(
    target: str, entry: InteractionInput, now: datetime
) -> tuple[list[dict[str, Any]], str, list[str]]:
    """A correction of interaction `target`: only the fields given change."""
    fields: dict[str, Any] = {
        "type": "amendment",
        "id": new_id(),
        "recorded": now,
        "amends": target,
    }
    if entry.text is not None:
        if not entry.text.strip():
            raise UsageError("the corrected text is empty: give some text")
        fields["text"] = check_text(entry.text, "the text")
    people, role_records = _people(entry.people, entry.when or now, now)
    if people is not None:
        fields["people"] = people
    if entry.place is not None:
        fields["place"] = check_name(entry.place, "the place")
    if entry.kind is not None:
        fields["kind"] = check_kind(entry.kind)
    if entry.when is not None:
        fields["when"] = entry.when
    for key, values in (("tips", entry.tips), ("shared", entry.shared)):
        checked = _texts(values, f"a --{key.rstrip('s')}")
        if checked is not None:
            fields[key] = checked
    if entry.tags is not None:
        fields["tags"] = [check_name(tag, "a tag") for tag in entry.tags]
    if entry.tip_from is not None:
        fields["tip_from"] = _tip_from(entry, people)
    fields |= _plain(entry)
    concerns = _concerns_raised(entry, target, entry.when or now, now, fields.get("place"), people)
    records = [fields, *concerns]
    concern_ids = [str(record["id"]) for record in concerns]
    if len(fields) == 4 and not concern_ids and not role_records:
        raise UsageError(
            "nothing to correct: give new TEXT or options such as --with, --at, --when"
        )
    return records + role_records, str(fields["id"]), concern_ids


def concern_raise_record(
    text: str,
    *,
    raised_by: list[str],
    place: str | None,
    priority: str,
    category: str | None,
    due: datetime | date | None,
    when: datetime,
    now: datetime,
) -> dict[str, Any]:
    """A new concern, raised outside an interaction (`pj concern raise`)."""
    if not text.strip():
        raise UsageError("the concern is empty: say what the concern is")
    raised = _raise(
        check_text(text, "the concern"),
        when=when,
        now=now,
        raised_by=raisers(raised_by, "--by"),
        place=check_name(place, "the place") if place is not None else None,
        priority=check_priority(priority),
    )
    return raised | {
        "category": check_name(category, "the category").casefold() if category else None,
        "due": due,
    }


def concern_event_record(
    concern_id: str,
    action: str,
    *,
    when: datetime,
    now: datetime,
    note: str | None = None,
    due: datetime | date | None = None,
    referred_to: str | None = None,
    unresolved: bool = False,
) -> dict[str, Any]:
    """A step in a concern's life: note, resolve, report-back or reopen."""
    if note is not None and not note.strip():
        raise UsageError("the note is empty: give some text or leave --note out")
    return {
        "type": "concern",
        "id": new_id(),
        "action": action,
        "concern": concern_id,
        "when": when,
        "recorded": now,
        "note": check_text(note, "the note") if note is not None else None,
        "due": due,
        "referred_to": check_name(referred_to, "--referred-to") if referred_to else None,
        "unresolved": True if unresolved else None,
    }


def concern_amend_record(
    concern_id: str,
    *,
    when: datetime,
    now: datetime,
    text: str | None = None,
    place: str | None = None,
    raised_by: list[str] | None = None,
    priority: str | None = None,
    category: str | None = None,
) -> dict[str, Any]:
    """A correction of what a concern says (its text, place, raisers, priority or
    category): a step of its own, so the history keeps what it said before."""
    fields: dict[str, Any] = {
        "type": "concern",
        "id": new_id(),
        "action": "amend",
        "concern": concern_id,
        "when": when,
        "recorded": now,
    }
    if text is not None:
        if not text.strip():
            raise UsageError("the corrected text is empty: give some text")
        fields["text"] = check_text(text, "the text")
    if place is not None:
        fields["place"] = check_name(place, "the place")
    if raised_by is not None:
        fields["raised_by"] = raisers(raised_by, "--by")
    if priority is not None:
        fields["priority"] = check_priority(priority)
    if category is not None:
        fields["category"] = check_name(category, "the category")
    if len(fields) == 6:
        raise UsageError("nothing to correct: give --text, --at, --by, --priority or --category")
    return fields


def _name_or_none(value: str | None, what: str) -> str | None:
    return check_name(split_role(value)[0], what) if value is not None else None


def shift_start_record(
    *,
    when: datetime,
    now: datetime,
    post: str | None = None,
    relieving: str | None = None,
    partners: list[str] | None = None,
    equipment: list[str] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """On duty: at a post, relieving someone, with partners and the equipment received."""
    return {
        "type": "shift",
        "id": new_id(),
        "duty": "on",
        "when": when,
        "recorded": now,
        "post": _name_or_none(post, "the post"),
        "relieving": _name_or_none(relieving, "the name after --relieving"),
        "partners": raisers(partners or [], "--with"),
        "equipment": _texts(equipment, "an --equipment") or [],
        "note": check_text(note, "the note") if note else None,
    }


def shift_end_record(
    start_id: str,
    *,
    when: datetime,
    now: datetime,
    handed_to: str | None = None,
    equipment: list[str] | None = None,
    summary: str | None = None,
) -> dict[str, Any]:
    """Off duty: the start it ends, whom it was handed to, the equipment handed over."""
    return {
        "type": "shift",
        "id": new_id(),
        "duty": "off",
        "shift": start_id,
        "when": when,
        "recorded": now,
        "handed_to": _name_or_none(handed_to, "the name after --handed-to"),
        "equipment": _texts(equipment, "an --equipment") or [],
        "note": check_text(summary, "the summary") if summary else None,
    }


def passdown_record(
    text: str,
    *,
    when: datetime,
    now: datetime,
    post: str | None = None,
    until: datetime | date | None = None,
    concern: str | None = None,
) -> dict[str, Any]:
    """An instruction for whoever comes on next (at a post, or any), until a moment."""
    return {
        "type": "passdown",
        "id": new_id(),
        "when": when,
        "recorded": now,
        "text": require_text(text, "the pass-down"),
        "post": _name_or_none(post, "the post"),
        "until": until,
        "concern": concern,
    }


def ack_record(passdown_id: str, *, when: datetime, now: datetime) -> dict[str, Any]:
    """The officer read a pass-down (theirs, or a teammate's)."""
    return {"type": "ack", "id": new_id(), "when": when, "recorded": now, "passdown": passdown_id}
