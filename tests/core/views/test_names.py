"""views.names: a name as typed -> the one person or place it means."""

from __future__ import annotations

from pathlib import Path

import pytest

from patrol_journal.errors import AmbiguousName, UnknownName, UsageError
from patrol_journal.views.names import near_misses, resolve
from patrol_journal.vocab import looks_alike
from tests.core.inline import index_of
from tests.core.views.beat import BEAT


def test_exact_prefix_case_and_spacing(tmp_path: Path) -> None:
    with index_of(tmp_path, BEAT) as index:
        assert resolve(index, "  MARIA   lopez ") == "maria lopez"
        assert resolve(index, "tom") == "tom reed"
        assert resolve(index, "lib", "place") == "library"


def test_misspelt_ambiguous_unknown(tmp_path: Path) -> None:
    more = BEAT + '\n[[record]]\ntype = "person"\nid = "p000000002"\n'
    more += 'when = 2026-11-12T10:00:00+00:00\nname = "Tom Riley"\nrole = "driver"\n'
    with index_of(tmp_path, more) as index:
        with pytest.raises(UnknownName) as misspelt:
            resolve(index, "Maria Lopes")
        assert misspelt.value.suggestions == ["Maria Lopez"]
        with pytest.raises(AmbiguousName, match="Tom Reed, Tom Riley"):
            resolve(index, "tom")
        with pytest.raises(UnknownName) as unknown:
            resolve(index, "Zed Zebra")
        assert unknown.value.suggestions == []
        with pytest.raises(UsageError, match="control characters"):
            resolve(index, "Ma\x07ria")


def test_near_misses_and_look_alikes() -> None:
    known = {"maria lopez": ("Maria Lopez", 3), "tom reed": ("Tom Reed", 2)}
    assert near_misses("Maria Lopes", known) == [("Maria Lopez", 3)]
    assert near_misses("Lopez Maria", known) == [("Maria Lopez", 3)]
    assert near_misses("Maria Lopez", known) == []
    assert looks_alike("ann", "anne") is False  # too short to call a slip
    assert looks_alike("anna", "anne") is True
