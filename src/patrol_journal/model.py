"""The records of a journal as validated, immutable pydantic models.

Every read record knows its `Source` (file and line). Writing goes through
`recording.py` and `journal/write.py`; this module is the schema both sides agree on, and
`check` and the index validate what they read against it. Every field is also declared in
`fields.py`, which says how each part of pj treats it; a test holds the two equal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from patrol_journal import fields
from patrol_journal.errors import Source
from patrol_journal.vocab import (
    AMENDABLE,
    EARLIEST,
    ID_ALPHABET,
    ID_LENGTH,
    LATEST,
    Action,
    Duty,
    Kind,
    Priority,
    clean_text,
    name_problem,
)

__all__ = [
    "Ack",
    "Amendment",
    "ConcernEvent",
    "Header",
    "Interaction",
    "Passdown",
    "PersonRecord",
    "Record",
    "Shift",
    "Source",
    "ValidationError",
    "validate_record",
]


def _check_id(value: str) -> str:
    if len(value) != ID_LENGTH or any(ch not in ID_ALPHABET for ch in value):
        raise ValueError(f"an id is {ID_LENGTH} characters of {ID_ALPHABET}")
    return value


def _check_name(value: str) -> str:
    # Hand-written names may be long, and tabs or newlines inside them are only spacing.
    problem = name_problem(clean_text(value), limit=None)
    if problem is not None:
        raise ValueError(f"a name {problem}")
    return value


def _check_moment(value: datetime | date) -> datetime | date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{day} is outside the dates a journal holds ({EARLIEST} to {LATEST})")
    if isinstance(value, datetime) and (value.utcoffset() or timedelta(0)).seconds % 60:
        raise ValueError("a UTC offset is whole minutes")
    return value


RecordId = Annotated[str, AfterValidator(_check_id)]
# A moment is a TOML datetime with its offset: never a number of seconds, as the quick
# check (`shape.py`) says too (`recorded = 2` is not the second second of 1970).
Moment = Annotated[AwareDatetime, Strict(), AfterValidator(_check_moment)]
# A follow-up date: a time, or a local date (due by the end of that day).
Due = Annotated[
    Annotated[AwareDatetime, Strict()] | Annotated[date, Strict()], AfterValidator(_check_moment)
]
Name = Annotated[str, AfterValidator(_check_name)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Header(_Model):
    """The `[journal]` table at the top of the file."""

    format: int
    id: str = ""
    officer: str | None = None
    created: Moment | None = None
    seal: str | None = None


class _Record(_Model):
    # A field the table declares for a record and this schema leaves out (a field no
    # part of pj treats on its own, `fields.plain`) is kept as it is, checked by the
    # table's kind of value; any other key is refused.
    model_config = ConfigDict(extra="allow")

    id: RecordId
    recorded: Moment | None = None
    # Set by `pj forget` on a record whose text it changed: the digest of the text as
    # written, which the hash chain goes on using.
    digest: str | None = None
    seal: str | None = None
    # Not in the file: where the record was read from. Excluded from equality.
    source: Source | None = Field(default=None, exclude=True, repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Record):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.id)

    @model_validator(mode="after")
    def _only_fields_of_the_table(self) -> Self:
        if self.__pydantic_extra__:
            _check_plain(str(getattr(self, "type", "")), self.__pydantic_extra__)
        return self


def _value_adapters() -> dict[str, TypeAdapter[Any]]:
    kinds: dict[str, Any] = {
        "text": str,
        "texts": list[str],
        "name": Name,
        "names": list[Name],
        "moment": Moment,
        "due": Due,
        "id": RecordId,
        "kind": Kind,
        "action": Action,
        "priority": Priority,
        "duty": Duty,
        "flag": bool,
        "count": int,
    }
    return {value: TypeAdapter(kind) for value, kind in kinds.items()}


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def _check_plain(record_type: str, extra: dict[str, Any]) -> None:
    """Refuse a key the table does not declare for `record_type`, or a value not of the
    kind the table says."""
    declared = {field.name: field for field in fields.of(record_type)}
    errors: list[InitErrorDetails] = []
    for key, value in extra.items():
        if key not in declared:
            errors.append(InitErrorDetails(type="extra_forbidden", loc=(key,), input=value))
            continue
        if not _ADAPTERS:
            _ADAPTERS.update(_value_adapters())
        try:
            _ADAPTERS[declared[key].value].validate_python(value, strict=True)
        except ValidationError as exc:
            errors += [
                InitErrorDetails(
                    type=error["type"],
                    loc=(key, *error["loc"]),
                    input=error["input"],
                    ctx=error.get("ctx", {}),
                )
                for error in exc.errors()
            ]
    if errors:
        raise ValidationError.from_exception_data(record_type, errors)


class Interaction(_Record):
    """One contact with the community: who, where, what kind, what was said."""

    type: Literal["interaction"]
    when: Moment
    kind: Kind = "chat"
    text: str = ""
    people: list[Name] = []
    place: Name | None = None
    tips: list[str] = []
    tip_from: Name | None = None  # who gave the tips (none: not recorded)
    shared: list[str] = []
    tags: list[str] = []


class Amendment(_Record):
    """A correction to an earlier interaction: the fields given replace the old ones."""

    type: Literal["amendment"]
    amends: RecordId
    when: Moment | None = None
    kind: Kind | None = None
    text: str | None = None
    people: list[Name] | None = None
    place: Name | None = None
    tips: list[str] | None = None
    tip_from: Name | None = None
    shared: list[str] | None = None
    tags: list[str] | None = None

    def changes(self) -> dict[str, Any]:
        """The corrected fields and their new values."""
        return {
            key: getattr(self, key)
            for key in AMENDABLE
            if key in self.model_fields_set and getattr(self, key) is not None
        }


class ConcernEvent(_Record):
    """A step in a concern's life. `raise` opens it; the others point at it by `concern`."""

    type: Literal["concern"]
    action: Action
    when: Moment
    concern: RecordId | None = None
    text: str | None = None
    note: str | None = None
    raised_by: list[Name] = []
    place: Name | None = None
    priority: Priority = "normal"
    category: str | None = None
    due: Due | None = None
    interaction: RecordId | None = None
    referred_to: str | None = None
    unresolved: bool = False

    @property
    def concern_id(self) -> str:
        """The concern this event belongs to (a raise is its own concern)."""
        return self.id if self.action == "raise" else (self.concern or "")


class ErasedRecord(_Record):
    """What is left of a record erased by `pj forget`: its id, and the digest of the text it
    had, which keeps the hash chain whole."""

    type: Literal["erased"]


class Erasure(_Record):
    """`pj forget` was run: when, why, and how many records it changed (never whom)."""

    type: Literal["erasure"]
    when: Moment
    reason: str | None = None
    scope: str
    records_changed: int


class PersonRecord(_Record):
    """What the officer knows about someone: a role, or a note."""

    type: Literal["person"]
    when: Moment
    name: Name
    role: str | None = None
    note: str | None = None


class Shift(_Record):
    """On duty (`duty = "on"`: at a post, relieving someone, with partners, the equipment
    received) or off duty (`duty = "off"`: the start it ends, whom it was handed to, the
    equipment handed over, a summary). What the officer wrote meanwhile belongs to the
    shift by its time."""

    type: Literal["shift"]
    duty: Duty
    when: Moment
    shift: RecordId | None = None
    post: Name | None = None
    relieving: Name | None = None
    partners: list[Name] = []
    handed_to: Name | None = None
    equipment: list[str] = []
    note: str | None = None


class Passdown(_Record):
    """An instruction for whoever comes on next (at a post, or any), until a moment."""

    type: Literal["passdown"]
    when: Moment
    text: str
    post: Name | None = None
    until: Due | None = None  # a day alone: until its end
    concern: RecordId | None = None


class Ack(_Record):
    """An officer read a pass-down (their own journal's, or a teammate's)."""

    type: Literal["ack"]
    when: Moment
    passdown: RecordId


Record = Annotated[
    Interaction
    | Amendment
    | ConcernEvent
    | PersonRecord
    | ErasedRecord
    | Erasure
    | Shift
    | Passdown
    | Ack,
    Field(discriminator="type"),
]

_RECORD_ADAPTER: TypeAdapter[Record] = TypeAdapter(Record)


def validate_record(data: dict[str, Any], source: Source | None = None) -> Record:
    """Turn one parsed `[[record]]` table into a model; raises `ValidationError`."""
    record = _RECORD_ADAPTER.validate_python(data)
    if source is not None:
        record = record.model_copy(update={"source": source})
    if isinstance(record, ConcernEvent):
        _check_concern(record)
    return record


def _check_concern(event: ConcernEvent) -> None:
    if event.action == "raise":
        if not (event.text or "").strip():
            raise ValueError("text: a raised concern needs its text")
    elif event.concern is None:
        raise ValueError(f"concern: a '{event.action}' event must name the concern it belongs to")
