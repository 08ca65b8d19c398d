"""Every field of every record, declared once: what it holds, which records carry it, and
how each part of pj treats it.

`model.py` is the pydantic schema of the same records (a test holds the two equal); the
quick shape check (`shape.py`), the fields a correction may replace and search looks in
(`vocab.AMENDABLE`, `vocab.SEARCHED`), the moments the scanner converts, what `forget`
erases and what retention blanks, and the editor's field lines are all read from here.
A new field is a new row, and every list of fields follows.

Light on purpose (no imports beyond the standard library): `pj log` reads it every run.
"""

from __future__ import annotations

from typing import Literal

# What a field's value is. "kind", "action" and "priority" are words of the vocabulary.
Value = Literal[
    "text", "texts", "name", "names", "moment", "due", "id", "kind", "action", "priority",
    "flag", "count", "duty",
]  # fmt: skip
# How `pj forget NAME` treats it: pj's own (ids, moments, words of its vocabulary: never
# touched); a name or a list of names (the person becomes a stand-in); free text (their
# name and what identifies them taken out, in a text or every text of a list).
Erase = Literal["own", "name", "names", "text"]
# How retention (`pj forget --before`) treats it: kept; a stand-in for each name; the text
# replaced by "[erased]" (each text of a list); emptied.
Retain = Literal["keep", "stand-in", "erase", "empty"]

INTERACTION = ("interaction", "amendment")
ALL = (
    "interaction", "amendment", "concern", "person", "erased", "erasure", "shift", "passdown",
    "ack",
)  # fmt: skip
DATED = ("interaction", "amendment", "concern", "person", "erasure", "shift", "passdown", "ack")


class Field:
    """One field: its name in the file, its value, the records that carry it (and those
    that must), and how correction, search, erasure, retention and the editor treat it.

    A plain class, not a dataclass: `pj log` reads this table every run, and decorating
    a dataclass costs about a millisecond of start-up."""

    __slots__ = (
        "amendable", "column", "editor", "erase", "name", "records", "required", "retain",
        "searched", "value",
    )  # fmt: skip
    # The attributes in the order they are given (and shown by repr).
    ORDER = (
        "name", "value", "records", "required", "amendable", "searched", "erase", "retain",
        "editor", "column",
    )  # fmt: skip

    name: str
    value: Value
    records: tuple[str, ...]
    required: tuple[str, ...]
    amendable: bool
    searched: bool
    erase: Erase
    retain: Retain
    editor: str | None  # the word of its line in `pj log --edit` ("with: ...")
    # Where the index keeps an interaction's field: its own column (or table) of
    # `interactions`, which the views and filters read; None keeps it with the other such
    # fields in the row's `more` column (a JSON object), shown as it is.
    column: str | None

    def __init__(
        self,
        name: str,
        value: Value,
        records: tuple[str, ...],
        required: tuple[str, ...] = (),
        amendable: bool = False,
        searched: bool = False,
        erase: Erase = "own",
        retain: Retain = "keep",
        editor: str | None = None,
        column: str | None = None,
    ) -> None:
        given = (name, value, records, required, amendable, searched, erase, retain, editor)
        for key, item in zip(self.ORDER, (*given, column), strict=True):
            object.__setattr__(self, key, item)

    def __setattr__(self, key: str, value: object) -> None:
        raise AttributeError(f"the field table is declared once: {self.name}.{key} is fixed")

    def __repr__(self) -> str:  # every attribute: the index's version is a digest of it
        said = ", ".join(f"{key}={getattr(self, key)!r}" for key in self.ORDER)
        return f"Field({said})"


FIELDS: tuple[Field, ...] = (
    Field("type", "text", ALL, required=ALL),
    Field("id", "id", ALL, required=ALL),
    Field("recorded", "moment", ALL),
    Field("digest", "text", ALL, required=("erased",)),
    Field("seal", "text", ALL),
    Field(
        "when",
        "moment",
        DATED,
        required=tuple(record for record in DATED if record != "amendment"),
        amendable=True,
        editor="when",
        column="ts",
    ),
    Field("amends", "id", ("amendment",), required=("amendment",)),
    Field("kind", "kind", INTERACTION, amendable=True, editor="kind", column="kind"),
    Field(
        "text",
        "text",
        ("interaction", "amendment", "concern", "passdown"),
        required=("passdown",),
        amendable=True,
        searched=True,
        erase="text",
        retain="erase",
        column="text",
    ),
    Field(
        "people",
        "names",
        INTERACTION,
        amendable=True,
        searched=True,
        erase="names",
        retain="stand-in",
        editor="with",
        column="participants",
    ),
    Field(
        "place",
        "name",
        ("interaction", "amendment", "concern"),
        amendable=True,
        searched=True,
        erase="text",  # a place named after the person ("Reed's Bakery") names them
        editor="at",
        column="place_key",
    ),
    Field(
        "tips",
        "texts",
        INTERACTION,
        amendable=True,
        searched=True,
        erase="text",
        retain="erase",
        editor="tip",
        column="tips",
    ),
    Field(
        "tip_from",
        "name",
        INTERACTION,
        amendable=True,
        erase="name",
        retain="stand-in",
        column="tip_from",
    ),
    Field(
        "shared",
        "texts",
        INTERACTION,
        amendable=True,
        searched=True,
        erase="text",
        retain="erase",
        editor="shared",
        column="shared",
    ),
    Field(
        "tags",
        "texts",
        INTERACTION,
        amendable=True,
        searched=True,
        erase="text",
        retain="empty",
        editor="tag",
        column="tags",
    ),
    Field("action", "action", ("concern",), required=("concern",)),
    Field("concern", "id", ("concern", "passdown")),
    Field("note", "text", ("concern", "person", "shift"), erase="text", retain="erase"),
    Field("raised_by", "names", ("concern",), erase="names", retain="stand-in"),
    Field("priority", "priority", ("concern",)),
    Field("category", "text", ("concern",), erase="text"),
    Field("due", "due", ("concern",)),
    Field("interaction", "id", ("concern",)),
    Field("referred_to", "text", ("concern",), erase="text", retain="erase"),
    Field("unresolved", "flag", ("concern",)),
    Field("name", "name", ("person",), required=("person",), erase="name"),
    Field("role", "text", ("person",), erase="text"),
    Field("reason", "text", ("erasure",), erase="text"),
    Field("scope", "text", ("erasure",), required=("erasure",)),
    Field("records_changed", "count", ("erasure",), required=("erasure",)),
    # A shift: on duty (`duty = "on"`, at a post, relieving someone, with partners and the
    # equipment received) and off duty (`duty = "off"`, pointing at its start, handed to
    # someone, with the equipment handed over and a summary in `note`).
    Field("duty", "duty", ("shift",), required=("shift",)),
    Field("shift", "id", ("shift",)),
    Field("post", "name", ("shift", "passdown"), erase="text"),
    Field("relieving", "name", ("shift",), erase="name", retain="stand-in"),
    Field("partners", "names", ("shift",), erase="names", retain="stand-in"),
    Field("handed_to", "name", ("shift",), erase="name", retain="stand-in"),
    Field("equipment", "texts", ("shift",), erase="text"),
    # A pass-down: an instruction for whoever comes on next, until a moment; and an
    # officer's acknowledgement that they read one (theirs or a teammate's).
    Field("until", "due", ("passdown",)),  # a day alone: to its end
    Field("passdown", "id", ("ack",), required=("ack",)),
)


def of(record_type: str) -> tuple[Field, ...]:
    """The fields a record of `record_type` may carry, in the table's order."""
    return tuple(field for field in FIELDS if record_type in field.records)


def by_name(name: str) -> Field:
    """The field called `name` (the first row of that name)."""
    return next(field for field in FIELDS if field.name == name)


def names(*, where: str) -> tuple[str, ...]:
    """The names of the fields with a flag set (`amendable`, `searched`), in order."""
    return tuple(field.name for field in FIELDS if getattr(field, where))


def erased_as(rule: Erase) -> tuple[str, ...]:
    """The fields `forget NAME` treats by `rule`."""
    return tuple(field.name for field in FIELDS if field.erase == rule)


def retained_as(rule: Retain) -> tuple[str, ...]:
    """The fields retention treats by `rule`."""
    return tuple(field.name for field in FIELDS if field.retain == rule)


def plain(record_type: str) -> tuple[Field, ...]:
    """The fields of `record_type` that no part of pj treats on its own: the officer's
    (not pj's own ids and seals, which every record carries), with no column in the
    index. They are checked, stored, corrected, searched, erased and shown as their row
    in the table says."""
    return tuple(
        field for field in of(record_type) if field.records != ALL and field.column is None
    )


AMENDABLE = names(where="amendable")
SEARCHED = names(where="searched")
MOMENTS = tuple(field.name for field in FIELDS if field.value in ("moment", "due"))
EDITOR = {field.editor: field.name for field in FIELDS if field.editor}
# An interaction's fields, in the table's order, as its views show them.
SHOWN = tuple(field.name for field in of("interaction") if field.records != ALL)
PLAIN = tuple(field.name for field in plain("interaction"))
