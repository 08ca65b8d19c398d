"""Round-trip properties: whatever an officer types comes back exactly."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from patrol_journal import config
from patrol_journal.errors import Source
from patrol_journal.journal.format import link_of, serialise_record
from patrol_journal.journal.parse import _fast_parse, parse_block
from patrol_journal.journal.read import read as read_journal
from patrol_journal.journal.scan import scan
from patrol_journal.journal.write import append, create
from patrol_journal.model import ConcernEvent, Interaction
from patrol_journal.recording import InteractionInput, interaction_records
from patrol_journal.vocab import clean_text

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)

# Any text at all, including quotes, backslashes, newlines, `[[`, `'''`, emoji and control
# characters; surrogates cannot be written as UTF-8 and are refused before writing.
any_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80
).filter(lambda s: s.strip() != "")
tricky = st.sampled_from(
    [
        '"',
        "\\",
        "\n",
        "[[record]]",
        "'''",
        '"""',
        "😀",
        "\x00",
        "\x7f",
        "\r\n",
        'seal = "0123456789abcdef"',
        "# not a comment",
        "\u2028",
    ]
)
officer_text = (
    st.lists(st.one_of(any_text, tricky), min_size=1, max_size=5)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)
# Names as officers can type them (no control or invisible characters), minus a trailing
# "(...)": that is the inline role syntax, tested on its own below.
# A comma separates names ("Tom Reed, Maria Lopez"), so a single name has none.
printable_name = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc", "Cf"], exclude_characters=","),
    min_size=1,
    max_size=30,
).filter(lambda s: clean_text(s) != "" and re.search(r"\([^()]*\S[^()]*\)\s*$", s) is None)
offsets = st.one_of(
    st.sampled_from([0, 60, -300, -240, 330, 345, 570, -570, 840, -720]),  # in use
    st.integers(min_value=-12 * 60, max_value=14 * 60),  # any minute
).map(lambda minutes: timezone(timedelta(minutes=minutes)))
moments = st.builds(
    lambda seconds, zone: (
        datetime(2016, 1, 1, tzinfo=UTC).astimezone(zone) + timedelta(seconds=seconds)
    ),
    st.integers(min_value=0, max_value=11 * 365 * 86400),
    offsets,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=officer_text,
    people=st.lists(printable_name, max_size=3),
    place=st.none() | printable_name,
    tips=st.lists(officer_text, max_size=2),
    concerns=st.lists(officer_text, max_size=2),
    when=moments,
)
def test_any_interaction_round_trips_through_the_file(
    tmp_path_factory: object,
    text: str,
    people: list[str],
    place: str | None,
    tips: list[str],
    concerns: list[str],
    when: datetime,
) -> None:
    folder = tmp_path_factory.mktemp("rt")  # type: ignore[attr-defined]
    path = Path(folder) / "j.toml"
    create(path, "Officer", NOW)
    entry = InteractionInput(
        text=text, people=people, place=place, tips=tips, concerns=concerns, when=when
    )
    records, interaction_id, concern_ids = interaction_records(entry, NOW)
    append(path, records)
    contents = read_journal(path)
    assert contents.problems == []
    interaction = contents.records[0]
    assert isinstance(interaction, Interaction)
    assert interaction.id == interaction_id
    assert interaction.text == text
    assert interaction.people == [clean_text(name) for name in people]
    assert interaction.place == (clean_text(place) if place is not None else None)
    assert interaction.tips == tips
    assert interaction.when == when
    assert interaction.when.utcoffset() == when.utcoffset()
    raised = [r for r in contents.records if isinstance(r, ConcernEvent)]
    assert [r.id for r in raised] == concern_ids
    assert [r.text for r in raised] == concerns
    # the file as a whole is valid TOML that any reader agrees with
    assert len(tomllib.loads(path.read_text(encoding="utf-8"))["record"]) == len(records)


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(printable_name.filter(lambda s: not set(s) & set("()")), min_size=1, max_size=4)
)
def test_names_typed_in_one_value_are_the_names_typed_one_by_one(people: list[str]) -> None:
    """`--with "Tom Reed, Maria Lopez"` records what `--with "Tom Reed" --with "Maria Lopez"`
    records."""

    def named(values: list[str]) -> list[str] | None:
        entry = InteractionInput(text="spoke", people=values, when=NOW)
        interaction = interaction_records(entry, NOW)[0][0]
        return interaction["people"]

    assert named([", ".join(people)]) == named(people) == [clean_text(p) for p in people]


@settings(max_examples=300, deadline=None)
@given(
    fields=st.fixed_dictionaries(
        {"type": st.just("interaction"), "id": st.just("abcdefghjk"), "text": officer_text},
        optional={
            "people": st.lists(officer_text, min_size=1, max_size=3),
            "when": moments,
            "n": st.integers(min_value=-(2**40), max_value=2**40),
            "flag": st.booleans(),
        },
    )
)
def test_the_fast_reader_agrees_with_tomllib(fields: dict[str, object]) -> None:
    block, _seal = serialise_record(fields, "")
    block = block.lstrip("\n")
    expected = tomllib.loads(block)["record"][0]
    assert parse_block(block, Source(Path("x"), 1)) == expected
    fast = _fast_parse(block)
    assert fast is None or fast == expected


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tables=st.lists(
        st.fixed_dictionaries(
            {
                "type": st.just("interaction"),
                "id": st.just("abcdefghjk"),
                "when": moments,
                "text": officer_text,
            },
            optional={
                "people": st.lists(printable_name, min_size=1, max_size=3),
                "recorded": moments,
                "tips": st.lists(officer_text, max_size=2),
            },
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_batch_reader_agrees_with_tomllib(
    tmp_path_factory: object, tables: list[dict[str, object]]
) -> None:
    """The fast scan of sealed records decodes exactly what tomllib reads."""
    folder = tmp_path_factory.mktemp("batch")  # type: ignore[attr-defined]
    path = Path(folder) / "j.toml"
    create(path, "Officer", NOW)
    seal = link_of(path.read_text(encoding="utf-8"))
    with path.open("a", encoding="utf-8") as handle:
        for fields in tables:
            block, seal = serialise_record(fields, seal)
            handle.write(block)
    expected = tomllib.loads(path.read_text(encoding="utf-8"))["record"]
    blocks = [b for b in scan(path) if b.kind == "record"]
    assert len(blocks) == len(expected)
    for block, table in zip(blocks, expected, strict=True):
        assert block.problem is None
        if block.trusted:  # decoded by the batch JSON path: exactly tomllib's table
            assert block.data == table
            event("batch path")
        else:  # an offset the batch path does not handle: validated by the model
            assert block.data is not None
            assert {k: block.data[k] for k in ("id", "when", "text")} == {
                k: table[k] for k in ("id", "when", "text")
            }


@settings(max_examples=100, deadline=None)
@given(name=printable_name, role=printable_name.filter(lambda r: "(" not in r and ")" not in r))
def test_an_inline_role_is_split_from_the_name(name: str, role: str) -> None:
    from patrol_journal.recording import split_role

    found_name, found_role = split_role(f"{name} ({role})")
    assert clean_text(found_name) == clean_text(name)
    assert found_role == clean_text(role)


ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    instant=st.datetimes(
        min_value=datetime(1970, 1, 2), max_value=datetime(2026, 11, 30), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
)
def test_log_then_read_shows_the_same_local_wall_time(
    tmp_path_factory: Any, instant: datetime, zone: str
) -> None:
    """Any instant from 1970 on (up to a day in the past: a record dated later than it is
    read is left out), in any of the zones: what `pj log` stores is read back
    (through the index, as every view reads it) at the same local wall time."""
    from zoneinfo import ZoneInfo

    from patrol_journal.calendar import to_local
    from patrol_journal.index.store import Index
    from patrol_journal.views.interactions import recent

    previous = os.environ.get("TZ")
    os.environ["TZ"] = zone
    try:
        folder = Path(tmp_path_factory.mktemp("zones"))
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        config.cache_dir.cache_clear()
        path = folder / "j.toml"
        create(path, None, NOW)
        when = instant.replace(microsecond=0).astimezone(ZoneInfo(zone))
        records, record_id, _ = interaction_records(
            InteractionInput(text="At a time", when=when), datetime(2026, 11, 30, 12, tzinfo=UTC)
        )
        append(path, records)
        with Index.open(path) as index:
            (view,) = recent(index, 1)
        shown = to_local(view.when)
        assert view.id == record_id
        assert shown == when
        assert shown.replace(tzinfo=None) == when.replace(tzinfo=None)
        assert shown.utcoffset() == when.utcoffset()
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        config.cache_dir.cache_clear()


def _valid_by_toml(data: bytes) -> bool:
    """What `pj check` must say, decided by tomllib and the schema alone."""
    from patrol_journal.journal.format import FORMAT_VERSION
    from patrol_journal.model import Header, validate_record

    try:
        # pj also accepts the byte-order mark Windows editors put first (tomllib does not)
        document = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
        if set(document) - {"journal", "record"}:
            return False
        header = Header.model_validate(document["journal"])
        records = [validate_record(table) for table in document.get("record", [])]
    except Exception:
        return False
    ids = [record.id for record in records]
    return (
        1 <= header.format <= FORMAT_VERSION
        and len(ids) == len(set(ids))
        and not _ends_in_an_unfinished_append(data)
    )


def _ends_in_an_unfinished_append(data: bytes) -> bool:
    """Format 2's own rule, which TOML cannot see: a journal that ends in a sealed record
    without its seal line (or part i of n, i < n) ends in an interrupted append."""
    from patrol_journal.journal.format import is_record_header, sealed_part

    lines = data.decode("utf-8", "replace").split("\n")
    starts = [n for n, line in enumerate(lines) if is_record_header(line)]
    if not starts:
        return False
    last = starts[-1]
    part = sealed_part(lines[last])
    if part is None:
        return False
    sealed = any(re.match(r"\s*seal\s*=", line) for line in lines[last + 1 :])
    return not sealed or part[0] < part[1]


splice_bytes = st.binary(min_size=1, max_size=12) | st.lists(
    st.sampled_from(
        [
            *(b'"', b"\\", b"\n", b"\r", b"[", b"]", b"=", b"#", b"\x7f", b"\x00", b"\xc3\xa9"),
            *(b"\xff", b"u", b"d", b"8", b"0", b" ", b"a", b"seal", b"[[record]]", b"\\ud800"),
        ]
    ),
    min_size=1,
    max_size=6,
).map(b"".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.floats(min_value=0, max_value=1), junk=splice_bytes)
def test_check_is_valid_exactly_when_toml_and_the_schema_say_so(
    tmp_path_factory: Any, where: float, junk: bytes
) -> None:
    from patrol_journal.checks import check_contents
    from patrol_journal.errors import JournalError

    folder = Path(tmp_path_factory.mktemp("splice"))
    path = folder / "j.toml"
    create(path, "Sam Rivera", NOW)
    append(path, interaction_records(InteractionInput(text="One", people=["Ann"]), NOW)[0])
    append(
        path,
        interaction_records(InteractionInput(text="Two", concerns=["Lights"]), NOW)[0],
    )
    data = path.read_bytes()
    position = int(where * len(data))
    spliced = data[:position] + junk + data[position:]
    path.write_bytes(spliced)
    path.chmod(0o600)
    try:
        contents = read_journal(path)
        errors = [p for p in check_contents(contents) if p.severity == "error"]
        valid = not errors
    except JournalError:
        valid = False
    event(f"valid={valid}")
    assert valid == _valid_by_toml(spliced), (position, junk)


names_or_not = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Maria Lopez", " ", "\t", "Ma\x07ria", "A\nB", "\x1c", "x\x7f", ""]),
)
values = st.one_of(
    names_or_not,
    st.lists(names_or_not, max_size=3),
    st.booleans(),
    st.integers(min_value=-2, max_value=3),
    st.sampled_from(["a000000001", "BAD", "chat", "raise", "high", "open"]),
    st.datetimes(
        min_value=datetime(1960, 1, 1), max_value=datetime(2110, 1, 1), timezones=st.none()
    ),
    st.datetimes(
        min_value=datetime(1960, 1, 1), max_value=datetime(2110, 1, 1), timezones=st.just(UTC)
    ),
)
keys = st.sampled_from(
    [
        "id",
        "when",
        "kind",
        "text",
        "people",
        "place",
        "tips",
        "shared",
        "tags",
        "amends",
        "action",
        "concern",
        "note",
        "raised_by",
        "priority",
        "category",
        "due",
        "interaction",
        "referred_to",
        "unresolved",
        "name",
        "role",
        "recorded",
        "seal",
        "digest",
        "colour",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    kind=st.sampled_from(["interaction", "amendment", "concern", "person", "erased", "bogus"]),
    table=st.dictionaries(keys, values, max_size=8),
)
def test_the_quick_schema_check_never_passes_what_the_schema_refuses(
    kind: str, table: dict[str, object]
) -> None:
    from patrol_journal.model import validate_record
    from patrol_journal.shape import quickly_valid

    table = {"type": kind, "id": "a000000001", **table}
    if quickly_valid(table):
        validate_record(table)  # must not raise


def test_the_quick_check_passes_what_pj_writes() -> None:
    from patrol_journal.shape import quickly_valid

    entry = InteractionInput(
        text="Chat", people=["Maria Lopez"], place="Elm Park", concerns=["Lights"], tips=["Van"]
    )
    records, _id, _concerns = interaction_records(entry, NOW)
    for record in records:
        table = {key: value for key, value in record.items() if value not in (None, [], "")}
        assert quickly_valid(table), table
