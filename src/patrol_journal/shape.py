"""Record shapes checked quickly, without pydantic: the same schema as `model.py`.

The index decodes the records the hash chain vouches for in batches (validating 100,000
records one by one with pydantic would take seconds). A seal says only that the bytes are
as pj wrote them, not that they fit the schema, so each such table passes this quick check
first; anything it is not sure of goes to `model.validate_record`, which says what is wrong
and where. A property test holds the two to agreement.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, get_args

from patrol_journal.vocab import (
    EARLIEST,
    ID_ALPHABET,
    ID_LENGTH,
    LATEST,
    Action,
    Kind,
    Priority,
)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


# What `model`'s name check refuses, in one search: control characters that are not
# whitespace (whitespace, \t and \n included, only separates words in a name).
_NOT_IN_A_NAME = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _NOT_IN_A_NAME.search(value)


def _is_id(value: Any) -> bool:
    return (
        isinstance(value, str) and len(value) == ID_LENGTH and all(c in ID_ALPHABET for c in value)
    )


def _is_moment(value: Any) -> bool:
    if not isinstance(value, datetime) or value.tzinfo is None:
        return False
    offset = value.utcoffset()
    return offset is not None and offset.seconds % 60 == 0 and EARLIEST <= value.date() <= LATEST


def _is_due(value: Any) -> bool:
    if isinstance(value, datetime):
        return _is_moment(value)
    return isinstance(value, date) and EARLIEST <= value <= LATEST


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(_is_name(item) for item in value)


def _one_of(choices: tuple[str, ...]) -> Any:
    return lambda value: isinstance(value, str) and value in choices


_COMMON: dict[str, Any] = {
    "type": _is_text,
    "id": _is_id,
    "recorded": _is_moment,
    "seal": _is_text,
    "digest": _is_text,
}
_INTERACTION: dict[str, Any] = {
    "when": _is_moment,
    "kind": _one_of(get_args(Kind)),
    "text": _is_text,
    "people": _is_names,
    "place": _is_name,
    "tips": _is_texts,
    "shared": _is_texts,
    "tags": _is_texts,
}
_FIELDS: dict[str, dict[str, Any]] = {
    "interaction": _INTERACTION,
    "amendment": {"amends": _is_id, **_INTERACTION},
    "concern": {
        "action": _one_of(get_args(Action)),
        "when": _is_moment,
        "concern": _is_id,
        "text": _is_text,
        "note": _is_text,
        "raised_by": _is_names,
        "place": _is_name,
        "priority": _one_of(get_args(Priority)),
        "category": _is_text,
        "due": _is_due,
        "interaction": _is_id,
        "referred_to": _is_text,
        "unresolved": lambda value: isinstance(value, bool),
    },
    "person": {"when": _is_moment, "name": _is_name, "role": _is_text, "note": _is_text},
    "erased": {},
    "erasure": {
        "when": _is_moment,
        "reason": _is_text,
        "scope": _is_text,
        "records_changed": lambda value: isinstance(value, int) and not isinstance(value, bool),
    },
}
_REQUIRED = {
    "interaction": ("id", "when"),
    "amendment": ("id", "amends"),
    "concern": ("id", "action", "when"),
    "person": ("id", "when", "name"),
    "erased": ("id", "digest"),
    "erasure": ("id", "when", "scope", "records_changed"),
}


def quickly_valid(table: dict[str, Any]) -> bool:
    """True only if `validate_record` would accept the table (False: ask it)."""
    kind = table.get("type")
    if not isinstance(kind, str) or kind not in _FIELDS:
        return False
    fields = _FIELDS[kind]
    if any(key not in table for key in _REQUIRED[kind]):
        return False
    for key, value in table.items():
        check = fields.get(key) or _COMMON.get(key)
        if check is None or not check(value):
            return False
    if kind == "concern":
        if table["action"] == "raise":
            return bool(str(table.get("text", "")).strip())
        return "concern" in table
    return True
