"""The field table (`fields.py`) and the pydantic schema (`model.py`) declare the same
records, and every list of fields pj keeps is read from the table."""

from __future__ import annotations

import typing
from datetime import date

import pytest
from pydantic import AwareDatetime

from patrol_journal import fields, model, shape, vocab
from patrol_journal.cli import editor
from patrol_journal.journal import forget, scan

MODELS = {
    member.model_fields["type"].annotation.__args__[0]: member  # type: ignore[union-attr]
    for member in typing.get_args(typing.get_args(model.Record)[0])
}


def test_every_record_type_has_a_model() -> None:
    assert set(MODELS) == set(vocab.RECORD_TYPES) == {t for f in fields.FIELDS for t in f.records}


@pytest.mark.parametrize("record_type", vocab.RECORD_TYPES)
def test_the_model_has_the_fields_of_the_table_and_requires_the_same(record_type: str) -> None:
    declared = {field.name: field for field in fields.of(record_type)}
    schema = {k: v for k, v in MODELS[record_type].model_fields.items() if k != "source"}
    assert set(schema) == set(declared)
    required = {name for name, info in schema.items() if info.is_required()}
    # `type` is the discriminator (always there); an erased record's digest has a default
    # in the model but is required by the quick check, as by the hash chain.
    expected = {f.name for f in declared.values() if record_type in f.required}
    assert required - {"type"} <= expected
    assert expected - required <= {"type", "digest"}


KINDS: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "name": (str,),
    "id": (str,),
    "kind": (str,),
    "action": (str,),
    "priority": (str,),
    "duty": (str,),
    "texts": (list,),
    "names": (list,),
    "moment": (AwareDatetime,),
    "due": (AwareDatetime, date),
    "flag": (bool,),
    "count": (int,),
}


def _types(annotation: object) -> set[type]:
    """The classes an annotation admits (None left out)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _types(typing.get_args(annotation)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        return {t for arg in typing.get_args(annotation) for t in _types(arg)}
    if origin is typing.Literal:
        return {type(arg) for arg in typing.get_args(annotation)}
    if origin is not None:
        return {origin}  # type: ignore[arg-type]
    return set() if annotation is type(None) else {annotation}  # type: ignore[arg-type]


@pytest.mark.parametrize("record_type", vocab.RECORD_TYPES)
def test_the_model_holds_each_field_as_the_table_says(record_type: str) -> None:
    for field in fields.of(record_type):
        info = MODELS[record_type].model_fields[field.name]
        assert _types(info.annotation) <= set(KINDS[field.value]), (record_type, field.name)


def test_every_list_of_fields_is_read_from_the_table() -> None:
    amendable = ("when", "kind", "text", "people", "place", "tips", "tip_from", "shared", "tags")
    assert amendable == vocab.AMENDABLE
    assert vocab.SEARCHED == ("text", "people", "place", "tips", "shared", "tags")
    assert set(scan.DATETIME_FIELDS) == {"when", "recorded", "due", "until"}
    assert set(forget.NAME_LISTS) == {"people", "raised_by", "partners"}
    assert set(forget.NAMES) == {"tip_from", "name", "relieving", "handed_to"}
    for record_type in vocab.RECORD_TYPES:
        assert set(shape._FIELDS[record_type]) == {f.name for f in fields.of(record_type)}
    assert set(editor.FIELDS) == {"with", "at", "kind", "when", "tip", "shared", "tag", "concern"}
    # An amendment corrects exactly the amendable fields of an interaction.
    assert set(fields.AMENDABLE) == {f.name for f in fields.of("amendment")} - {
        "type", "id", "recorded", "digest", "seal", "amends"
    }  # fmt: skip


def test_every_text_a_person_could_be_named_in_is_erased() -> None:
    """A field holding text or names that forget would leave as it is would keep a name
    through an erasure: only pj's own fields (ids, seals, the scope of an erasure) are."""
    kept = {f.name for f in fields.FIELDS if f.erase == "own" and f.value in ("text", "texts")}
    assert kept == {"type", "digest", "seal", "scope"}
    for field in fields.FIELDS:
        if field.value in ("name", "names"):
            assert field.erase != "own", field.name


def test_the_index_version_follows_its_tables_its_meaning_and_the_fields() -> None:
    """A change to a table, to what rows mean, or to the field table makes a new index
    version (the cache is rebuilt): no bump can be forgotten."""
    from patrol_journal.index import schema

    base = schema.schema_version("CREATE TABLE t (a);", 1, "fields")
    assert base == schema.schema_version("CREATE TABLE t (a);", 1, "fields")
    assert base != schema.schema_version("CREATE TABLE t (a, b);", 1, "fields")
    assert base != schema.schema_version("CREATE TABLE t (a);", 2, "fields")
    assert base != schema.schema_version("CREATE TABLE t (a);", 1, "fields and one more")
    assert 0 < schema.SCHEMA_VERSION < 2**31
    declared = schema.schema_version(
        schema.SCHEMA + "\n".join(schema.index_statements(schema.DEFERRED_INDEXES)),
        schema.MEANING,
        repr(fields.FIELDS),
    )
    assert declared == schema.SCHEMA_VERSION


def test_a_row_of_the_table_cannot_be_changed_once_declared() -> None:
    """Every list of fields is derived from the table when pj starts: a row changed later
    would disagree with them."""
    with pytest.raises(AttributeError, match="declared once"):
        fields.FIELDS[0].searched = True
    assert repr(fields.by_name("text")).startswith("Field(name='text', value='text', records=")
