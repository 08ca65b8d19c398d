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

from patrol_journal.fields import of
from patrol_journal.vocab import (
    EARLIEST,
    ID_ALPHABET,
    ID_LENGTH,
    LATEST,
    RECORD_TYPES,
    Action,
    Duty,
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


# The check of each kind of value a field can hold (`fields.Value`).
_CHECKS: dict[str, Any] = {
    "text": _is_text,
    "texts": _is_texts,
    "name": _is_name,
    "names": _is_names,
    "moment": _is_moment,
    "due": _is_due,
    "id": _is_id,
    "kind": _one_of(get_args(Kind)),
    "action": _one_of(get_args(Action)),
    "priority": _one_of(get_args(Priority)),
    "duty": _one_of(get_args(Duty)),
    "flag": lambda value: isinstance(value, bool),
    "count": lambda value: isinstance(value, int) and not isinstance(value, bool),
}
_FIELDS: dict[str, dict[str, Any]] = {
    kind: {field.name: _CHECKS[field.value] for field in of(kind)} for kind in RECORD_TYPES
}
_REQUIRED = {
    kind: tuple(field.name for field in of(kind) if kind in field.required) for kind in RECORD_TYPES
}


# The same checks, by kind of value, for the loop below: one call for a whole record, no
# function call a field (this runs for every record of a cold index build).
_TEXT, _NAME, _NAMES, _TEXTS, _MOMENT, _ID, _OTHER = range(7)
_KIND_OF = {
    _is_text: _TEXT,
    _is_name: _NAME,
    _is_names: _NAMES,
    _is_texts: _TEXTS,
    _is_moment: _MOMENT,
    _is_id: _ID,
}
_PLANS = {
    kind: {key: (_KIND_OF.get(check, _OTHER), check) for key, check in fields.items()}
    for kind, fields in _FIELDS.items()
}
_REQUIRED_SETS = {kind: frozenset(keys) for kind, keys in _REQUIRED.items()}
_ID_CHARS = frozenset(ID_ALPHABET)


def quickly_valid(table: dict[str, Any]) -> bool:
    """True only if `validate_record` would accept the table (False: ask it)."""
    kind = table.get("type")
    if not isinstance(kind, str) or kind not in _PLANS:
        return False
    plan = _PLANS[kind]
    if not _REQUIRED_SETS[kind] <= table.keys():
        return False
    for key, value in table.items():
        step = plan.get(key)
        if step is None:
            return False
        what, check = step
        if what == _TEXT:
            if type(value) is not str:
                return False
        elif what == _MOMENT:
            if type(value) is not datetime or not _is_moment(value):
                return False
        elif what == _ID:
            if type(value) is not str or len(value) != ID_LENGTH or not _ID_CHARS.issuperset(value):
                return False
        elif what == _NAMES:
            if type(value) is not list or not all(_is_name(name) for name in value):
                return False
        elif what == _TEXTS:
            if type(value) is not list or not all(type(item) is str for item in value):
                return False
        elif not check(value):
            return False
    if kind == "concern":
        if table["action"] == "raise":
            return bool(str(table.get("text", "")).strip())
        return "concern" in table
    return True
